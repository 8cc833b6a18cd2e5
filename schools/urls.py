from django.urls import path

from . import views

app_name = "schools"

urlpatterns = [
    path("schools/", views.school_list, name="list"),
    path("schools/new/", views.school_create, name="create"),
    path("schools/import/", views.school_import, name="import"),
    path("schools/import/template.xlsx", views.school_import_template, name="import_template"),
    path("schools/<int:pk>/", views.school_detail, name="detail"),
    path("schools/<int:pk>/edit/", views.school_update, name="update"),
    path("people/", views.member_list, name="members"),
    path("people/new/", views.member_create, name="member_create"),
    path("people/<int:pk>/edit/", views.member_update, name="member_update"),
    path("people/<int:pk>/password/", views.member_password, name="member_password"),
]
