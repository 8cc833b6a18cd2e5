from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from reports.views import home as home_views

urlpatterns = [
    path("", home_views.home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("", include("schools.urls")),
    path("", include("plans.urls")),
    path("", include("duty.urls")),
    path("", include("inspections.urls")),
    path("", include("hazards.urls")),
    path("", include("activities.urls")),
    path("", include("security.urls")),
    path("", include("petitions.urls")),
    path("", include("tipoffs.urls")),
    path("captcha/", include("captcha.urls")),
    path("", include("accountability.urls")),
    path("", include("notifications.urls")),
    path("", include("reports.urls")),
    path("ops/", include("ops.urls")),
    path("audit/", include("audit.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]

handler400 = "common.errors.bad_request"
