from django.urls import path

from .views import dashboard, exports

app_name = "reports"

urlpatterns = [
    path("campaigns/<int:pk>/dashboard/", dashboard.dashboard, name="dashboard"),
    path("campaigns/<int:pk>/schools/<int:school_pk>/", dashboard.school_page, name="school_page"),
    path("campaigns/<int:pk>/exports/<str:kind>/", exports.export_start, name="export_start"),
    path("exports/<int:pk>/", exports.export_status, name="export_status"),
    path("exports/<int:pk>/download/", exports.export_download, name="export_download"),
]
