from django.urls import path

from .views import checklists, inspections

app_name = "inspections"

urlpatterns = [
    path("inspections/", inspections.inspection_list, name="list"),
    path("inspections/new/", inspections.inspection_create, name="create"),
    path("inspections/<int:pk>/", inspections.inspection_detail, name="detail"),
    path("inspections/<int:pk>/fill/", inspections.inspection_fill, name="fill"),
    path("inspections/<int:pk>/finish/", inspections.inspection_finish, name="finish"),
    path("inspections/<int:pk>/publish/", inspections.inspection_publish, name="publish"),
    path("inspection-photos/<int:pk>/", inspections.inspection_photo, name="photo"),
    path("checklists/", checklists.template_list, name="templates"),
    path("checklists/<int:pk>/", checklists.template_edit, name="template_edit"),
]
