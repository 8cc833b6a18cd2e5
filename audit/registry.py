"""Which models the audit trail records, and how.

`AUDITED` maps a model label to its options; an app added later appends its labels here.
`register_all()` runs from `AuditConfig.ready()`.

Options:
- `bureau`: a dotted attribute path from a record to the id of the bureau whose data it is. Each log
  entry stores that bureau (`additional_data["bureau"]`), and a bureau admin's log shows only its own
  bureau's entries. The actor's own bureau is used when there is an actor with a membership (no
  query: it is cached for the request); the path is the fall-back for changes made without one — a
  Celery task, a management command, the operator's Django admin.
- `exclude`: fields left out of the diff (never stored).
- `secret`: fields whose change is recorded as "changed", never with their value.
- `m2m`: many-to-many fields whose additions and removals are recorded.

Never audited: the public tip-off box (`tipoffs`) — a tip-off must not keep its reporter's address,
and every log entry stores one. `register_all()` refuses such a label.
"""

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist

NEVER_AUDITED_APPS = frozenset({"tipoffs"})
SECRET_MARK = "********"

AUDITED = {
    # Units and people.
    "schools.Bureau": {"bureau": "pk"},
    "schools.School": {"bureau": "bureau_id"},
    "schools.Membership": {"bureau": "home_bureau_id"},
    # A password change is recorded as such; the hash never is. Log-ins are access events, so the
    # last_login stamp they write is left out.
    "accounts.User": {
        "bureau": "membership.home_bureau_id",
        "exclude": ("last_login",),
        "secret": ("password",),
    },
    # Campaigns and what the schools file.
    "plans.Campaign": {"bureau": "bureau_id", "m2m": ("schools",)},
    "plans.Deliverable": {"bureau": "campaign.bureau_id"},
    "plans.Submission": {"bureau": "school.bureau_id"},
    # The event keeps the submitted snapshot itself; the log records who, when and what happened.
    "plans.SubmissionEvent": {"bureau": "submission.school.bureau_id", "exclude": ("snapshot",)},
    "plans.WorkPlan": {"bureau": "submission.school.bureau_id"},
    "plans.Responsibility": {"bureau": "work_plan.submission.school.bureau_id"},
    "plans.Summary": {"bureau": "submission.school.bureau_id"},
    # Duty rosters and incidents.
    "duty.DutyRoster": {"bureau": "submission.school.bureau_id"},
    "duty.DutyDay": {"bureau": "roster.submission.school.bureau_id"},
    "duty.DutyShift": {"bureau": "day.roster.submission.school.bureau_id"},
    "duty.ReportingRules": {"bureau": "bureau_id"},
    "duty.Incident": {"bureau": "school.bureau_id"},
    "duty.IncidentAttachment": {"bureau": "incident.school.bureau_id"},
    # Inspections.
    "inspections.ChecklistTemplate": {"bureau": "bureau_id"},
    "inspections.ChecklistItem": {"bureau": "template.bureau_id"},
    "inspections.Inspection": {"bureau": "school.bureau_id"},
    "inspections.InspectionItem": {"bureau": "inspection.school.bureau_id"},
    "inspections.InspectionPhoto": {"bureau": "item.inspection.school.bureau_id"},
    # Hazards.
    "hazards.Hazard": {"bureau": "school.bureau_id"},
    "hazards.HazardPhoto": {"bureau": "hazard.school.bureau_id"},
    "hazards.HazardEvent": {"bureau": "hazard.school.bureau_id"},
    "hazards.WatchRecord": {"bureau": "hazard.school.bureau_id"},
    "hazards.ExtensionRequest": {"bureau": "hazard.school.bureau_id"},
    # Education and drills.
    "activities.EducationSession": {"bureau": "school.bureau_id"},
    "activities.SessionTopic": {"bureau": "session.school.bureau_id"},
    "activities.SessionPhoto": {"bureau": "session.school.bureau_id"},
    "activities.RequiredTopic": {"bureau": "campaign.bureau_id"},
    "activities.Drill": {"bureau": "school.bureau_id"},
    "activities.DrillProblem": {"bureau": "drill.school.bureau_id"},
    "activities.DrillPhoto": {"bureau": "drill.school.bureau_id"},
    "activities.DrillEvent": {"bureau": "drill.school.bureau_id"},
    # Gate and public security. A visitor's phone and ID number are masked on every page; the trail,
    # which a bureau admin reads, must not show them either: their changes are kept, their values not.
    "security.GateRules": {"bureau": "bureau_id"},
    "security.GateEntry": {"bureau": "school.bureau_id", "secret": ("phone", "id_number")},
    "security.GateEntryEvent": {"bureau": "entry.school.bureau_id"},
    "security.Patrol": {"bureau": "school.bureau_id"},
    "security.PatrolFinding": {"bureau": "patrol.school.bureau_id"},
    "security.PoliceRoomItem": {"bureau": "school.bureau_id"},
    "security.PoliceRoomChange": {"bureau": "item.school.bureau_id"},
    # Petitions: the parties' phone number is masked in lists and exports, and in the trail.
    "petitions.PetitionCase": {"bureau": "school.bureau_id", "secret": ("contact_phone",)},
    "petitions.Milestone": {"bureau": "case.school.bureau_id"},
    "petitions.ProgressNote": {"bureau": "case.school.bureau_id"},
    "petitions.PetitionEvent": {"bureau": "case.school.bureau_id"},
    # Accountability.
    "accountability.Entry": {
        "bureau": "school.bureau_id",
        "m2m": ("hazards", "submissions", "missed_deliverables", "incidents", "inspections"),
    },
    "accountability.EntryEvent": {"bureau": "entry.school.bureau_id"},
    "accountability.Notice": {"bureau": "campaign.bureau_id", "m2m": ("entries",)},
    "accountability.NoticeAttachment": {"bureau": "notice.campaign.bureau_id"},
    "accountability.NoticeEvent": {"bureau": "notice.campaign.bureau_id"},
}

_BUREAU_PATHS = {}  # model class → dotted path, filled by register_all()


def hide_secret(value):
    """auditlog's mask callable: a secret's change is kept, its value never is."""
    return SECRET_MARK


def secret_fields(model):
    label = model._meta.label
    return AUDITED.get(label, {}).get("secret", ())


def bureau_of_record(instance):
    """The bureau id reached by the model's `bureau` path, or None where the path leads nowhere."""
    value = instance
    for step in _BUREAU_PATHS.get(type(instance), "").split("."):
        if not step:
            return None
        try:
            value = getattr(value, step)
        except (ObjectDoesNotExist, AttributeError):
            return None
        if value is None:
            return None
    return value if isinstance(value, int) else None


def _additional_data(instance):
    # Imported here: `audit.context` reads auditlog's request context, loaded once apps are ready.
    from .context import current_bureau_id

    bureau = current_bureau_id()
    if bureau is None:
        bureau = bureau_of_record(instance)
    return {"bureau": bureau}


def register_all(audited=None):
    """Register every model of `audited` (default `AUDITED`) with django-auditlog."""
    from auditlog.registry import auditlog

    for label, options in (audited or AUDITED).items():
        app_label = label.partition(".")[0]
        if app_label in NEVER_AUDITED_APPS:
            raise ImproperlyConfigured(f"{label}: the {app_label} app must never be audited.")
        try:
            model = apps.get_model(label)
        except LookupError as error:
            raise ImproperlyConfigured(f"AUDITED names {label}, which is not a model.") from error
        if vars(model).get("get_additional_data", _additional_data) is not _additional_data:
            raise ImproperlyConfigured(f"{label} defines get_additional_data; audit sets the bureau itself.")
        _BUREAU_PATHS[model] = options["bureau"]
        # auditlog asks each instance for the extra data stored with its entry: here, its bureau.
        model.get_additional_data = _additional_data
        auditlog.register(
            model,
            exclude_fields=list(options.get("exclude", ())),
            mask_fields=list(options.get("secret", ())),
            mask_callable="audit.registry.hide_secret" if options.get("secret") else None,
            m2m_fields=set(options.get("m2m", ())),
        )
