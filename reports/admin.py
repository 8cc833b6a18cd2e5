from django.contrib import admin

from .models import ExportJob


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    """For the operator: which exports ran, for whom, how they ended. Files are not served here."""

    list_display = ("campaign", "kind", "requested_by", "state", "progress", "created_at", "expires_at")
    list_filter = ("kind", "state")
    list_select_related = ("campaign", "requested_by")
    readonly_fields = [field.name for field in ExportJob._meta.fields]
    search_fields = ("campaign__name", "requested_by__username", "filename")

    def has_add_permission(self, request):
        return False
