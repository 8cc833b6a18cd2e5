from django.urls import path

from .views import campaign, drills, lists, sessions, workflow

app_name = "activities"

urlpatterns = [
    path("education/", lists.session_list, name="session_list"),
    path("education/export.xlsx", lists.session_export, name="session_export"),
    path("education/new/", sessions.session_create, name="session_create"),
    path("education/<int:pk>/", sessions.session_detail, name="session_detail"),
    path("education-photos/<int:pk>/", sessions.session_photo, name="session_photo"),
    path("drills/", lists.drill_list, name="drill_list"),
    path("drills/export.xlsx", lists.drill_export, name="drill_export"),
    path("drills/new/", drills.drill_create, name="drill_create"),
    path("drills/<int:pk>/", drills.drill_detail, name="drill_detail"),
    path("drills/<int:pk>/edit/", drills.drill_edit, name="drill_edit"),
    path("drills/<int:pk>/done/", workflow.drill_done, name="drill_done"),
    path("drills/<int:pk>/cancel/", workflow.drill_cancel, name="drill_cancel"),
    path("drill-problems/<int:pk>/hazard/", workflow.problem_hazard, name="problem_hazard"),
    path("drill-photos/<int:pk>/", drills.drill_photo, name="drill_photo"),
    path("campaigns/<int:pk>/education/", campaign.campaign_schools, name="campaign_schools"),
    path("campaigns/<int:pk>/education/topics/", campaign.required_topics, name="required_topics"),
]
