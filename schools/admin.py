from django.contrib import admin

from .models import Bureau, Membership, School


@admin.register(Bureau)
class BureauAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "duty_phone")
    search_fields = ("code", "name")


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "bureau", "reopened", "is_active")
    list_filter = ("bureau", "kind", "reopened", "is_active")
    search_fields = ("code", "name")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "bureau", "school")
    list_filter = ("role", "bureau")
    search_fields = ("user__username", "user__full_name", "school__name")
    list_select_related = ("user", "bureau", "school")
