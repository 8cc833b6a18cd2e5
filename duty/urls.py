from django.urls import path

from .views import incidents, now, rosters

app_name = "duty"

urlpatterns = [
    path("rosters/<int:pk>/edit/", rosters.roster_edit, name="roster_edit"),
    path("rosters/<int:pk>/roster.pdf", rosters.roster_pdf, name="roster_pdf"),
    path("rosters/<int:pk>/roster.xlsx", rosters.roster_export, name="roster_export"),
    path("campaigns/<int:pk>/rosters.xlsx", rosters.campaign_rosters_export, name="campaign_rosters_export"),
    path("campaigns/<int:pk>/on-duty/", now.on_duty_now, name="on_duty_now"),
    path("incidents/", incidents.incident_list, name="incident_list"),
    path("incidents/new/", incidents.incident_create, name="incident_create"),
    path("incidents/export.xlsx", incidents.incident_export, name="incident_export"),
    path("incidents/<int:pk>/", incidents.incident_detail, name="incident_detail"),
    path("incidents/<int:pk>/written/", incidents.incident_write, name="incident_write"),
    path("incidents/<int:pk>/acknowledge/", incidents.incident_acknowledge, name="incident_acknowledge"),
    path("incident-files/<int:pk>/", incidents.incident_attachment, name="incident_attachment"),
    path("incidents/rules/", incidents.rules_edit, name="rules"),
]
