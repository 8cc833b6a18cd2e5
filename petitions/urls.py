from django.urls import path

from .views import cases, workflow

app_name = "petitions"

urlpatterns = [
    path("petitions/", cases.case_list, name="list"),
    path("petitions/export.xlsx", cases.case_export, name="export"),
    path("petitions/new/", cases.case_create, name="create"),
    path("petitions/<int:pk>/", cases.case_detail, name="detail"),
    path("petitions/<int:pk>/edit/", cases.case_edit, name="edit"),
    path("petitions/<int:pk>/milestones/", workflow.milestone_add, name="milestone_add"),
    path("petitions/<int:pk>/notes/", workflow.note_add, name="note_add"),
    path("petitions/<int:pk>/resolve/", workflow.case_resolve, name="resolve"),
    path("petitions/<int:pk>/close/", workflow.case_close, name="close"),
    path("petitions/<int:pk>/reopen/", workflow.case_reopen, name="reopen"),
    path("petition-milestones/<int:pk>/mark/", workflow.milestone_mark, name="milestone_mark"),
]
