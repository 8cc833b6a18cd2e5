"""The portal's URLs plus a bare baseline view, used only by the benchmark (ROOT_URLCONF)."""

from django.http import HttpResponse
from django.template import Context, Template
from django.urls import include, path

from schools.models import School

_TEMPLATE = Template("<!doctype html><title>baseline</title><p>{{ count }} schools</p>")


def baseline(request):
    """One query and a small template: what any page costs before it does its own work."""
    return HttpResponse(_TEMPLATE.render(Context({"count": School.objects.count()})))


urlpatterns = [path("bench/baseline/", baseline), path("", include("campus_safety.urls"))]
