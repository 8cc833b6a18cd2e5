from django.contrib import admin

from .models import DutyDay, DutyRoster, DutyShift, Incident, ReportingRules


class DutyShiftInline(admin.TabularInline):
    model = DutyShift
    extra = 0


@admin.register(DutyDay)
class DutyDayAdmin(admin.ModelAdmin):
    list_display = ("roster", "date", "leader", "leader_phone")
    inlines = [DutyShiftInline]


@admin.register(DutyRoster)
class DutyRosterAdmin(admin.ModelAdmin):
    list_display = ("submission", "start_date", "end_date")


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    list_display = (
        "school",
        "category",
        "severity",
        "occurred_at",
        "reported_at",
        "written_at",
        "unreported",
    )
    list_filter = ("category", "severity", "unreported")
    list_select_related = ("school",)


admin.site.register(ReportingRules)
