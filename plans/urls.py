from django.urls import path

from .views import board, campaigns, content, submissions, versions

app_name = "plans"

urlpatterns = [
    path("campaigns/", campaigns.campaign_list, name="campaign_list"),
    path("campaigns/new/", campaigns.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", campaigns.campaign_update, name="campaign_update"),
    path("campaigns/<int:pk>/board/", board.board, name="board"),
    path("campaigns/<int:pk>/board.xlsx", board.board_export, name="board_export"),
    path("campaigns/<int:pk>/file/<str:kind>/", campaigns.deliverable_open, name="deliverable_open"),
    path("submissions/<int:pk>/", submissions.submission_detail, name="submission_detail"),
    path("submissions/<int:pk>/submit/", submissions.submission_submit, name="submission_submit"),
    path("submissions/<int:pk>/review/", submissions.submission_review, name="submission_review"),
    path("submissions/<int:pk>/versions/", versions.submission_versions, name="submission_versions"),
    path("submissions/<int:pk>/work-plan/", content.work_plan_edit, name="work_plan_edit"),
    path("submissions/<int:pk>/work-plan/sign/", content.work_plan_sign, name="work_plan_sign"),
    path("submissions/<int:pk>/work-plan.pdf", content.work_plan_pdf, name="work_plan_pdf"),
    path("submissions/<int:pk>/attachment/", content.work_plan_attachment, name="work_plan_attachment"),
    path("submissions/<int:pk>/summary/", content.summary_edit, name="summary_edit"),
]
