"""Forms of safety education and drills (R5): a session, a drill's plan and its record, a problem
entered as a hazard, a campaign's required topics. The forms check what was typed and word the errors;
the views hand the cleaned values to `activities.services`, which check once more when they write.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.forms import PHOTO_TYPES, MultipleFileField
from common.images import MAX_PHOTO_BYTES, process_photo, validate_photo
from hazards.enums import HazardSeverity
from hazards.models import Hazard
from plans.enums import FocusArea
from plans.forms import DateInput
from plans.selectors import campaigns_for_user

from .enums import NOT_REOPENED_FORMS, DrillKind, SessionForm, Topic
from .models import Drill, EducationSession
from .services import campaign_window

MAX_PHOTOS = 9  # per form: as many as a phone's share sheet sends in one go
MAX_PARTICIPANTS = 100_000
MAX_TOPIC_MINIMUM = 20
# Radio buttons and checkboxes drawn as big buttons (Bootstrap's btn-check): one tap each on a phone.
_BUTTONS = forms.RadioSelect(attrs={"class": "btn-check"})
_TOGGLES = forms.CheckboxSelectMultiple(attrs={"class": "btn-check"})


def _label(name, model):
    """The model field's own (translated) name, so that the form and the record read alike."""
    return capfirst(model._meta.get_field(name).verbose_name)


def _text(name, model, *, rows=3, required=True, **kwargs):
    return forms.CharField(
        label=_label(name, model), widget=forms.Textarea(attrs={"rows": rows}), required=required, **kwargs
    )


def _count(name, model, *, maximum=MAX_PARTICIPANTS, minimum=1, required=True):
    return forms.IntegerField(
        label=_label(name, model), min_value=minimum, max_value=maximum, required=required,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )  # fmt: skip


class PhotoField(MultipleFileField):
    """Several photos from one input (a phone's camera or gallery), each checked by its content."""

    def __init__(self, **kwargs):
        super().__init__(
            check=validate_photo, max_files=MAX_PHOTOS, too_many=_("Add at most %(max)s photos."),
            accept=PHOTO_TYPES, label=_("Photos"), **kwargs,
        )  # fmt: skip


def photo_help():
    """In the language of the request: set when the form is made, not when the module is imported."""
    return gettext("JPEG, PNG or HEIC, at most %(max)s MB each.") % {"max": MAX_PHOTO_BYTES // 1024 // 1024}


def processed(uploads):
    """The checked uploads re-encoded for storage (`common.images.Photo`)."""
    return [process_photo(upload) for upload in uploads]


def running_campaign(campaigns, day):
    """The campaign under way on `day` (the latest to start, if several), or None."""
    for campaign in campaigns:
        first, last = campaign_window(campaign)
        if first <= day <= last:
            return campaign
    return None


class _CampaignMixin:
    """A campaign field limited to the campaigns covering the user's school, starting at the one under
    way today, and a check that the record's day falls within the chosen campaign."""

    def _set_campaigns(self, user, today):
        campaigns = list(campaigns_for_user(user).order_by("-start_date", "-pk"))
        field = self.fields["campaign"]
        field.queryset = campaigns_for_user(user).order_by("-start_date", "-pk")
        field.help_text = _("The campaign under way on that day, if any.")
        if not self.is_bound and "campaign" not in self.initial:
            running = running_campaign(campaigns, today)
            self.initial["campaign"] = running.pk if running else None

    def _check_campaign_day(self, cleaned, day_field):
        campaign, day = cleaned.get("campaign"), cleaned.get(day_field)
        if campaign is None or day is None:
            return
        first, last = campaign_window(campaign)
        if not first <= day <= last:
            message = gettext(
                "%(campaign)s runs from %(first)s to %(last)s: choose a day within it, or no campaign."
            )
            values = {"campaign": campaign.name, "first": f"{first:%Y-%m-%d}", "last": f"{last:%Y-%m-%d}"}
            self.add_error(day_field, ValidationError(message % values, code="outside_campaign"))


def _not_future(form, name, today, message):
    day = form.cleaned_data.get(name)
    if day and day > today:
        form.add_error(name, ValidationError(message, code="future"))


class SessionRecordForm(_CampaignMixin, forms.Form):
    """A session the school held: when, how, on which topics, whom it reached, with photos."""

    date = forms.DateField(label=_label("date", EducationSession), widget=DateInput())
    form = forms.ChoiceField(
        label=_label("form", EducationSession), choices=SessionForm.choices, widget=_BUTTONS
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"), choices=Topic.choices, widget=_TOGGLES,
        error_messages={"required": _("Choose at least one topic.")},
    )  # fmt: skip
    title = forms.CharField(label=_label("title", EducationSession), max_length=200)
    audience = forms.CharField(label=_label("audience", EducationSession), max_length=200)
    participants = _count("participants", EducationSession)
    presenter = forms.CharField(label=_label("presenter", EducationSession), max_length=50, required=False)
    content = _text("content", EducationSession, required=False)
    campaign = forms.ModelChoiceField(
        label=_label("campaign", EducationSession), queryset=None, required=False
    )
    photos = PhotoField()

    def __init__(self, data=None, files=None, *, user, school, now=None):
        self.today = timezone.localdate(now or timezone.now())
        self.school = school
        initial = {
            "date": self.today,
            "form": SessionForm.CLASS_MEETING if school.reopened else SessionForm.ONLINE,
        }
        super().__init__(data, files, initial=initial)
        self._set_campaigns(user, self.today)
        self.fields["photos"].help_text = photo_help()
        self.fields["title"].help_text = _("For example: Cherish life, keep away from deep water.")
        self.fields["audience"].help_text = _("For example: the whole school, Grade 3, Class 2 of Grade 7.")
        self.fields["participants"].help_text = _("How many pupils and staff took part.")
        if not school.reopened:
            # Its pupils are at home: the only session it can hold is an online class.
            self.fields["form"].choices = [(value, SessionForm(value).label) for value in NOT_REOPENED_FORMS]
            self.fields["form"].help_text = _("The school has not reopened: its sessions are online classes.")

    def clean(self):
        cleaned = super().clean()
        _not_future(self, "date", self.today, gettext("The session cannot be in the future."))
        self._check_campaign_day(cleaned, "date")
        return cleaned

    def record_data(self):
        """Keyword arguments for `services.session_record`, apart from the school and the user."""
        cleaned = self.cleaned_data
        names = (
            "date",
            "form",
            "topics",
            "title",
            "audience",
            "participants",
            "presenter",
            "content",
            "campaign",
        )
        return {**{name: cleaned[name] for name in names}, "photos": processed(cleaned["photos"])}


class DrillPlanForm(_CampaignMixin, forms.Form):
    """A drill's plan: which kind, on which day, who commands it, the scenario."""

    kind = forms.ChoiceField(label=_label("kind", Drill), choices=DrillKind.choices, widget=_BUTTONS)
    planned_date = forms.DateField(label=_label("planned_date", Drill), widget=DateInput())
    title = forms.CharField(label=_label("title", Drill), max_length=200, required=False)
    organiser = forms.CharField(label=_label("organiser", Drill), max_length=50, required=False)
    scenario = _text("scenario", Drill, required=False)
    campaign = forms.ModelChoiceField(label=_label("campaign", Drill), queryset=None, required=False)

    def __init__(self, data=None, *, user, drill=None, now=None):
        self.today = timezone.localdate(now or timezone.now())
        initial = {}
        if drill is not None:
            initial = {
                name: getattr(drill, name)
                for name in ("kind", "planned_date", "title", "organiser", "scenario")
            }
            initial["campaign"] = drill.campaign_id
        super().__init__(data, initial=initial)
        self._set_campaigns(user, self.today)
        self.fields["title"].help_text = _("Optional; the type of drill is shown when it is left empty.")
        self.fields["scenario"].help_text = _("What is simulated, the evacuation routes, who does what.")

    def clean(self):
        cleaned = super().clean()
        self._check_campaign_day(cleaned, "planned_date")
        return cleaned

    def plan(self):
        names = ("kind", "planned_date", "title", "organiser", "scenario", "campaign")
        return {name: self.cleaned_data[name] for name in names}


class DrillDoneForm(forms.Form):
    """The drill took place: when, how many took part, how long, the evacuation time, the problems
    found (one a line) and the evaluation."""

    held_on = forms.DateField(label=_label("held_on", Drill), widget=DateInput())
    participants = _count("participants", Drill)
    duration_minutes = _count("duration_minutes", Drill, maximum=24 * 60)
    # The evacuation time in two boxes side by side (minutes, seconds): what a stopwatch shows.
    evacuation_minutes = forms.IntegerField(
        label=_("minutes"), min_value=0, max_value=600, required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "form-control"}),
    )  # fmt: skip
    evacuation_seconds = forms.IntegerField(
        label=_("seconds"), min_value=0, max_value=59, required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "form-control"}),
    )  # fmt: skip
    problems = forms.CharField(
        label=_("Problems found"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
        help_text=_("One problem a line. Each can then be entered in the hazard register."),
    )  # fmt: skip
    evaluation = _text("evaluation", Drill, error_messages={
        "required": _("Evaluate the drill: what went well, what must improve."),
    })  # fmt: skip
    photos = PhotoField()

    def __init__(self, data=None, files=None, *, drill, now=None):
        self.today = timezone.localdate(now or timezone.now())
        super().__init__(data, files, initial={"held_on": min(drill.planned_date, self.today)})
        self.fields["photos"].help_text = photo_help()
        for name in ("evacuation_minutes", "evacuation_seconds"):
            field = self.fields[name]
            field.widget.attrs["aria-label"] = f"{gettext('Evacuation time')} ({field.label})"
            if self.is_bound and name in self.errors:
                field.widget.attrs["class"] += " is-invalid"

    def clean(self):
        cleaned = super().clean()
        _not_future(
            self, "held_on", self.today, gettext("The drill cannot be recorded before the day it is held.")
        )
        return cleaned

    def evacuation_total(self):
        minutes, seconds = (
            self.cleaned_data.get("evacuation_minutes"),
            self.cleaned_data.get("evacuation_seconds"),
        )
        if minutes is None and seconds is None:
            return None
        return (minutes or 0) * 60 + (seconds or 0)

    def record_data(self):
        """Keyword arguments for `services.drill_record_done`, apart from the drill and the user."""
        cleaned = self.cleaned_data
        return {
            "held_on": cleaned["held_on"],
            "participants": cleaned["participants"],
            "duration_minutes": cleaned["duration_minutes"],
            "evacuation_seconds": self.evacuation_total(),
            "problems": [line for line in cleaned["problems"].splitlines() if line.strip()],
            "evaluation": cleaned["evaluation"],
            "photos": processed(cleaned["photos"]),
        }


class DrillCancelForm(forms.Form):
    reason = forms.CharField(
        label=_label("cancel_reason", Drill), widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the drill is cancelled.")},
    )  # fmt: skip


class ProblemHazardForm(forms.Form):
    """A problem the drill found, entered in the hazard register: where it is and which area."""

    description = _text("description", Hazard)
    area = forms.ChoiceField(label=_label("area", Hazard), choices=BLANK_CHOICE_DASH + FocusArea.choices)
    location = forms.CharField(label=_label("location", Hazard), max_length=200)
    severity = forms.ChoiceField(
        label=_label("severity", Hazard), choices=HazardSeverity.choices, widget=_BUTTONS
    )

    def __init__(self, data=None, *, problem):
        initial = {"description": problem.description, "severity": HazardSeverity.GENERAL}
        super().__init__(data, initial=initial)

    def hazard_data(self):
        return {name: self.cleaned_data[name] for name in ("description", "area", "location", "severity")}


class RequiredTopicsForm(forms.Form):
    """How many sessions every covered school must hold on each topic in the campaign (0: not required)."""

    def __init__(self, data=None, *, minimums):
        super().__init__(data)
        for value, label in Topic.choices:
            self.fields[value] = forms.IntegerField(
                label=label, min_value=0, max_value=MAX_TOPIC_MINIMUM, initial=minimums.get(value, 0),
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )  # fmt: skip

    def minimums(self):
        return {value: self.cleaned_data[value] for value in Topic.values}
