"""Read-only: the operator may look at access events, never add, change or delete one.

auditlog's own LogEntry admin already refuses adding, changing and deleting entries.
"""

from django.contrib import admin

from .models import AccessEvent


@admin.register(AccessEvent)
class AccessEventAdmin(admin.ModelAdmin):
    list_display = ("at", "kind", "username", "user", "remote_addr", "bureau")
    list_filter = ("kind",)
    search_fields = ("username", "remote_addr")
    date_hierarchy = "at"
    list_select_related = ("user", "bureau")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
