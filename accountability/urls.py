from django.urls import path

from .views import entries, ledger, notices

app_name = "accountability"

urlpatterns = [
    path("accountability/", ledger.entry_list, name="list"),
    path("accountability/export.xlsx", ledger.entry_export, name="export"),
    path("accountability/new/", entries.entry_create, name="create"),
    path("accountability/<int:pk>/", entries.entry_detail, name="detail"),
    path("accountability/<int:pk>/withdraw/", entries.entry_withdraw, name="withdraw"),
    path("notices/", notices.notice_list, name="notice_list"),
    path("notices/new/", notices.notice_create, name="notice_create"),
    path("notices/<int:pk>/", notices.notice_detail, name="notice_detail"),
    path("notices/<int:pk>/edit/", notices.notice_edit, name="notice_edit"),
    path("notices/<int:pk>/publish/", notices.notice_publish, name="notice_publish"),
    path("notice-attachments/<int:pk>/", notices.notice_attachment, name="notice_attachment"),
]
