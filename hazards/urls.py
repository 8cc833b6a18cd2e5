from django.urls import path

from .views import hazards, ledger, workflow

app_name = "hazards"

urlpatterns = [
    path("hazards/", ledger.ledger, name="ledger"),
    path("hazards/export.xlsx", ledger.ledger_export, name="export"),
    path("hazards/new/", hazards.hazard_create, name="create"),
    path("hazards/<int:pk>/", hazards.hazard_detail, name="detail"),
    path("hazards/<int:pk>/plan/", workflow.hazard_plan, name="plan"),
    path("hazards/<int:pk>/rectify/", workflow.hazard_rectify, name="rectify"),
    path("hazards/<int:pk>/verify/", workflow.hazard_verify, name="verify"),
    path("hazards/<int:pk>/supervise/", workflow.hazard_supervise, name="supervise"),
    path("hazards/<int:pk>/watch/", workflow.hazard_watch, name="watch"),
    path("hazards/<int:pk>/extension/", workflow.extension_request, name="extension"),
    path("hazards/<int:pk>/recheck/", workflow.hazard_recheck, name="recheck"),
    path("extensions/<int:pk>/decide/", workflow.extension_decide, name="extension_decide"),
    path("hazard-photos/<int:pk>/", hazards.hazard_photo, name="photo"),
]
