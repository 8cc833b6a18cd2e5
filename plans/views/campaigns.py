def campaign_list(request):
    raise NotImplementedError


def campaign_create(request):
    raise NotImplementedError


def campaign_detail(request, pk):
    raise NotImplementedError


def campaign_update(request, pk):
    raise NotImplementedError


def deliverable_open(request, pk, kind):
    raise NotImplementedError
