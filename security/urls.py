from django.urls import path

from .views import gate, patrols, police_room

app_name = "security"

urlpatterns = [
    path("gate/", gate.gate_desk, name="gate_desk"),
    path("gate/lookup/", gate.gate_lookup, name="gate_lookup"),
    path("gate/rules/", gate.rules_edit, name="rules"),
    path("gate/entries/", gate.gate_list, name="gate_list"),
    path("gate/entries/export.xlsx", gate.gate_export, name="gate_export"),
    path("gate/entries/<int:pk>/", gate.gate_detail, name="gate_detail"),
    path("gate/entries/<int:pk>/answer/", gate.gate_answer, name="gate_answer"),
    path("gate/entries/<int:pk>/out/", gate.gate_out, name="gate_out"),
    path("patrols/", patrols.patrol_list, name="patrol_list"),
    path("patrols/new/", patrols.patrol_create, name="patrol_create"),
    path("patrols/<int:pk>/", patrols.patrol_detail, name="patrol_detail"),
    path("patrols/<int:pk>/findings/new/", patrols.finding_create, name="finding_create"),
    path("patrol-findings/<int:pk>/hazard/", patrols.finding_hazard, name="finding_hazard"),
    path("police-room/", police_room.police_room_overview, name="police_room_overview"),
    path("police-room/<int:pk>/", police_room.police_room, name="police_room"),
    path("police-room/<int:pk>/edit/", police_room.police_room_edit, name="police_room_edit"),
]
