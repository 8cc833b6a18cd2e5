# Being written (helper A): work plan and summary editing, sign-off, PDF, attachment.
def work_plan_edit(request, pk):
    raise NotImplementedError


def work_plan_sign(request, pk):
    raise NotImplementedError


def work_plan_pdf(request, pk):
    raise NotImplementedError


def work_plan_attachment(request, pk):
    raise NotImplementedError


def summary_edit(request, pk):
    raise NotImplementedError
