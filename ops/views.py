from django.shortcuts import render

from schools.permissions import BUREAU_ADMIN_ONLY, role_required

from .selectors import runtime_facts, worker_status


@role_required(BUREAU_ADMIN_ONLY)
def status(request):
    return render(request, "ops/status.html", {**worker_status(), **runtime_facts()})
