"""Forms of the hazard register (R4): recording a hazard, its plan, the rectification and the bureau's
decisions. The forms check what was typed and word the errors; the views hand the cleaned values to
`hazards.services`, which check the state once more when they write.
"""

from datetime import datetime, timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.forms import PHOTO_TYPES, MultipleFileField
from common.images import MAX_PHOTO_BYTES, process_photo, validate_photo
from plans.enums import FocusArea
from plans.forms import DATETIME_INPUT, DateInput, DateTimeInput
from plans.selectors import campaigns_for_user
from schools.models import School
from schools.selectors import members_for_user, schools_for_user

from .enums import HazardSeverity, HazardSource, WatchKind
from .models import DEFAULT_RECHECK_AFTER, ExtensionRequest, Hazard, WatchRecord
from .permissions import VERIFIERS

# A phone's clock may run a little ahead of the server's: "now" on the phone is not "the future".
CLOCK_SKEW = timedelta(minutes=5)
MAX_PHOTOS = 9  # per field: as many as a phone's share sheet sends in one go
PLAN_FIELDS = ("interim_measures", "rectification_plan", "responsible_person", "deadline")

# What happens to a hazard once it is recorded.
ON_SPOT, PLANNED, SCHOOL_PLANS = "on_spot", "plan", "school_plans"
OUTCOMES = {
    ON_SPOT: _("Rectified on the spot"),
    PLANNED: _("Needs rectification: interim measures and a plan"),
    SCHOOL_PLANS: _("The school plans the rectification"),
}


# Radio buttons drawn as big buttons (Bootstrap's btn-check): one tap each on a phone.
_BUTTONS = forms.RadioSelect(attrs={"class": "btn-check"})


def _label(name, model=Hazard):
    """The model field's own (translated) name, so that the form and the record read alike."""
    return capfirst(model._meta.get_field(name).verbose_name)


def _this_minute(now):
    """`now` as a datetime-local field shows it: Beijing time, to the minute."""
    return timezone.localtime(now).replace(second=0, microsecond=0)


def _text(name, *, rows=3, required=True, model=Hazard, **kwargs):
    return forms.CharField(
        label=_label(name, model), widget=forms.Textarea(attrs={"rows": rows}), required=required, **kwargs
    )


def _moment(name, model):
    return forms.DateTimeField(
        label=_label(name, model), widget=DateTimeInput(), input_formats=[DATETIME_INPUT]
    )


class PhotoField(MultipleFileField):
    """Several photos from one input (a phone's camera or gallery), each checked by its content."""

    def __init__(self, **kwargs):
        super().__init__(
            check=validate_photo, max_files=MAX_PHOTOS, too_many=_("Add at most %(max)s photos."),
            accept=PHOTO_TYPES, **kwargs,
        )  # fmt: skip


def photo_help():
    return gettext("JPEG, PNG or HEIC, at most %(max)s MB each.") % {"max": MAX_PHOTO_BYTES // 1024 // 1024}


def processed(uploads):
    """The checked uploads re-encoded for storage (`common.images.Photo`)."""
    return [process_photo(upload) for upload in uploads]


def _deadline_field(required):
    return forms.DateField(label=_label("deadline"), widget=DateInput(), required=required)


def _plan_fields(required):
    return {
        "interim_measures": _text("interim_measures", rows=2, required=required),
        "rectification_plan": _text("rectification_plan", rows=3, required=required),
        "responsible_person": forms.CharField(
            label=_label("responsible_person"), max_length=50, required=required
        ),
        "deadline": _deadline_field(required),
    }


def _check_deadline(form, today):
    deadline = form.cleaned_data.get("deadline")
    if deadline and deadline < today:
        form.add_error("deadline", gettext("The deadline cannot be in the past."))


def _plan_data(cleaned):
    return {name: cleaned[name] for name in PLAN_FIELDS}


class HazardForm(forms.Form):
    """A hazard as found, and what happens to it next (R4.5).

    A school user records for its own school, so there is no school field. Either the hazard was
    rectified on the spot (shown by an after photo), or it needs interim measures, a plan, a
    responsible person and a deadline; a bureau user may also leave the plan to the school.
    Made from a failed inspection item (`item`), the school and the source are the item's.
    """

    school = forms.ModelChoiceField(label=_label("school"), queryset=School.objects.none())
    campaign = forms.ModelChoiceField(label=_label("campaign"), queryset=None, required=False)
    area = forms.ChoiceField(label=_label("area"), choices=BLANK_CHOICE_DASH + FocusArea.choices)
    description = _text("description")
    location = forms.CharField(label=_label("location"), max_length=200)
    source = forms.ChoiceField(label=_label("source"), choices=HazardSource.choices, widget=_BUTTONS)
    found_by = forms.CharField(label=_label("found_by"), max_length=50)
    found_at = _moment("found_at", Hazard)
    severity = forms.ChoiceField(label=_label("severity"), choices=HazardSeverity.choices, widget=_BUTTONS)
    found_photos = PhotoField(label=_("Photos as found"))
    outcome = forms.ChoiceField(label=_("What happens next"), choices=(), widget=forms.RadioSelect)
    after_photos = PhotoField(label=_("Photos after rectification"))
    interim_measures, rectification_plan, responsible_person, deadline = _plan_fields(required=False).values()

    def __init__(self, data=None, files=None, *, user, membership, item=None, now=None):
        self.now = now or timezone.now()
        self.for_bureau = membership.is_bureau
        self.item = item
        initial = {
            "found_by": user.get_full_name(),
            "found_at": _this_minute(self.now),
            "severity": HazardSeverity.GENERAL,
            "source": HazardSource.INSPECTION if self.for_bureau else HazardSource.SELF_REPORT,
        }
        if item is not None:
            initial |= self._from_item(item)
        super().__init__(data, files, initial=initial)
        self._set_choices(user, item)
        self.fields["found_photos"].help_text = photo_help()
        self.fields["after_photos"].help_text = photo_help()

    def _from_item(self, item):
        inspection = item.inspection
        # Found on the day of the inspection; today, at this minute.
        found_at = timezone.make_aware(datetime.combine(inspection.date, _this_minute(self.now).time()))
        return {
            "school": inspection.school_id,
            "campaign": inspection.campaign_id,
            "area": item.area,
            "description": "\n".join(part for part in (item.text, item.note.strip()) if part),
            "source": HazardSource.INSPECTION,
            "found_by": inspection.leader_name,
            "found_at": min(found_at, _this_minute(self.now)),
        }

    def _set_choices(self, user, item):
        fields = self.fields
        fields["campaign"].queryset = campaigns_for_user(user).order_by("-start_date", "-pk")
        if self.for_bureau:
            schools = schools_for_user(user).order_by("code")
            if item is None:
                schools = schools.filter(is_active=True)
            fields["school"].queryset = schools
            sources = (HazardSource.INSPECTION, HazardSource.TIP_OFF)
            outcomes = (ON_SPOT, PLANNED, SCHOOL_PLANS)
        else:
            del fields["school"]
            sources = (HazardSource.SELF_REPORT, HazardSource.INSPECTION)
            outcomes = (ON_SPOT, PLANNED)
        fields["source"].choices = [(value, HazardSource(value).label) for value in sources]
        fields["outcome"].choices = [(value, OUTCOMES[value]) for value in outcomes]
        if item is not None:
            # The item says where and how it was found: the school and the source are not the user's
            # to change (a disabled field takes its initial value, whatever is posted).
            fields["source"].choices = [(HazardSource.INSPECTION, HazardSource.INSPECTION.label)]
            fields["source"].disabled = True
            if self.for_bureau:
                fields["school"].disabled = True

    @property
    def chosen_outcome(self):
        return self.cleaned_data.get("outcome")

    def clean_found_at(self):
        found_at = self.cleaned_data["found_at"]
        if found_at > self.now + CLOCK_SKEW:
            raise ValidationError(gettext("The time it was found cannot be in the future."), code="future")
        return found_at

    def clean(self):
        cleaned = super().clean()
        if (
            self.chosen_outcome == ON_SPOT
            and not cleaned.get("after_photos")
            and "after_photos" not in self.errors
        ):
            self.add_error("after_photos", gettext("Add at least one photo taken after rectification."))
        if self.chosen_outcome == PLANNED:
            for name in PLAN_FIELDS:
                if cleaned.get(name) in (None, "") and name not in self.errors:
                    self.add_error(
                        name,
                        ValidationError(gettext("Required unless it was rectified on the spot."), "required"),
                    )
            _check_deadline(self, timezone.localdate(self.now))
        return cleaned

    def school_or(self, membership):
        return self.cleaned_data["school"] if self.for_bureau else membership.school

    def details(self):
        """`details` for `services.hazard_record`."""
        cleaned = self.cleaned_data
        names = ("campaign", "area", "description", "location", "source", "found_by", "found_at", "severity")
        return {name: cleaned[name] for name in names}

    def record_data(self):
        """Keyword arguments for `services.hazard_record`, apart from the school and the user."""
        on_spot = self.chosen_outcome == ON_SPOT
        return {
            "details": self.details(),
            "found_photos": processed(self.cleaned_data["found_photos"]),
            "rectified_on_spot": on_spot,
            "after_photos": processed(self.cleaned_data["after_photos"]) if on_spot else [],
            "plan": _plan_data(self.cleaned_data) if self.chosen_outcome == PLANNED else None,
        }


class PlanForm(forms.Form):
    """The school's interim measures, rectification plan, responsible person and deadline."""

    interim_measures, rectification_plan, responsible_person, deadline = _plan_fields(required=True).values()

    def __init__(self, *args, now=None, **kwargs):
        self.now = now or timezone.now()
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        _check_deadline(self, timezone.localdate(self.now))
        return cleaned

    def plan(self):
        return _plan_data(self.cleaned_data)


class RectifyForm(forms.Form):
    """The school says the work is done: what was done, and photos taken after."""

    note = _text("rectification_note", error_messages={"required": _("Describe what was done.")})
    photos = PhotoField(label=_("Photos after rectification"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photos"].help_text = photo_help()

    def clean_photos(self):
        photos = self.cleaned_data["photos"]
        if not photos:
            raise ValidationError(
                gettext("Add at least one photo taken after rectification."), code="required"
            )
        return photos


VERIFY, RETURN = "verify", "return"


class VerifyForm(forms.Form):
    """The bureau's check of the rectification: verify and close, or return with a reason."""

    decision = forms.ChoiceField(choices=[(VERIFY, _("Verify and close")), (RETURN, _("Return"))])
    comment = forms.CharField(
        label=_("Comment (required to return)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    recheck_date = forms.DateField(label=_label("recheck_date"), widget=DateInput(), required=False)

    def __init__(self, *args, now=None, **kwargs):
        self.today = timezone.localdate(now or timezone.now())
        super().__init__(*args, initial={"recheck_date": self.today + DEFAULT_RECHECK_AFTER}, **kwargs)
        self.fields["recheck_date"].help_text = _("The day to come back and check it has not recurred.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == RETURN and not cleaned.get("comment", "").strip():
            self.add_error("comment", gettext("Say why the rectification is not accepted."))
        recheck_date = cleaned.get("recheck_date")
        if cleaned.get("decision") == VERIFY and recheck_date and recheck_date <= self.today:
            self.add_error("recheck_date", gettext("The re-check date must be after today."))
        return cleaned


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} · {obj.membership.get_role_display()}"


class SuperviseForm(forms.Form):
    """挂牌督办: the supervising official is one of the bureau's admins or inspectors."""

    supervisor = UserChoiceField(label=_label("supervisor"), queryset=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        officials = members_for_user(user).filter(
            role__in=VERIFIERS, bureau__isnull=False, user__is_active=True
        )
        self.fields["supervisor"].queryset = (
            get_user_model()
            .objects.filter(membership__in=officials)
            .select_related("membership")
            .order_by("full_name", "username")
        )


class WatchForm(forms.Form):
    """巡查、监控、盯守 of a supervised hazard: who watched, when, and what they saw."""

    kind = forms.ChoiceField(label=_("Kind of watch"), choices=WatchKind.choices)
    watcher = forms.CharField(label=_label("watcher", WatchRecord), max_length=50)
    watched_at = _moment("watched_at", WatchRecord)
    observation = _text("observation", rows=2, model=WatchRecord)

    def __init__(self, *args, user, now=None, **kwargs):
        self.now = now or timezone.now()
        initial = {"watcher": user.get_full_name(), "watched_at": _this_minute(self.now)}
        super().__init__(*args, initial=initial, **kwargs)

    def clean_watched_at(self):
        watched_at = self.cleaned_data["watched_at"]
        if watched_at > self.now + CLOCK_SKEW:
            raise ValidationError(gettext("The time cannot be in the future."), code="future")
        return watched_at

    def record_data(self):
        return {name: self.cleaned_data[name] for name in ("kind", "watcher", "watched_at", "observation")}


class ExtensionForm(forms.Form):
    """The school asks the bureau for a later deadline, and says why."""

    requested_deadline = forms.DateField(
        label=_label("requested_deadline", ExtensionRequest), widget=DateInput()
    )
    reason = _text("reason", model=ExtensionRequest)

    def __init__(self, *args, hazard, **kwargs):
        self.hazard = hazard
        super().__init__(*args, **kwargs)

    def clean_requested_deadline(self):
        requested = self.cleaned_data["requested_deadline"]
        if self.hazard.deadline and requested <= self.hazard.deadline:
            raise ValidationError(
                gettext("The new deadline must be later than the current one."), code="early"
            )
        return requested


GRANT, REFUSE = "grant", "refuse"


class ExtensionDecideForm(forms.Form):
    decision = forms.ChoiceField(choices=[(GRANT, _("Grant")), (REFUSE, _("Refuse"))])
    note = forms.CharField(label=_label("decision_note", ExtensionRequest), required=False, max_length=500)


class RecheckForm(forms.Form):
    """回头看: has the problem come back?"""

    recurred = forms.TypedChoiceField(
        choices=[("0", _("No recurrence")), ("1", _("Recurred"))], coerce=lambda value: value == "1"
    )
    note = forms.CharField(
        label=_("What was found (required if it recurred)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("recurred") and not cleaned.get("note", "").strip():
            self.add_error("note", gettext("Say what was found."))
        return cleaned
