from django.contrib import admin

from .models import Campaign, Deliverable, Submission, SubmissionEvent


class DeliverableInline(admin.TabularInline):
    model = Deliverable
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("name", "bureau", "start_date", "opening_date", "closing_date")
    list_filter = ("bureau",)
    inlines = [DeliverableInline]
    filter_horizontal = ("schools",)


class SubmissionEventInline(admin.TabularInline):
    model = SubmissionEvent
    extra = 0
    readonly_fields = ("action", "by", "at", "comment", "late")
    can_delete = False


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ("school", "deliverable", "state", "submitted_at", "late")
    list_filter = ("state", "late", "deliverable__kind")
    list_select_related = ("school", "deliverable")
    inlines = [SubmissionEventInline]
