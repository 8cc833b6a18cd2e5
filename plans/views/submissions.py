def submission_detail(request, pk):
    raise NotImplementedError


def submission_submit(request, pk):
    raise NotImplementedError


def submission_review(request, pk):
    raise NotImplementedError
