"""Forms for incident reports (R8.2, R8.3): the first report, the written report and the bureau's rules.

The forms check what was typed and word the errors; the views hand `cleaned_data` to the services.
"""

from datetime import timedelta

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.forms import MultipleFileField
from common.uploads import MAX_DOCUMENT_BYTES, validate_document
from schools.selectors import schools_for_user

from .enums import IncidentCategory, Severity
from .models import Incident, ReportingRules

DATETIME_INPUT = "%Y-%m-%dT%H:%M"
# A phone's clock may run a little ahead of the server's: "now" on the phone is not "the future".
CLOCK_SKEW = timedelta(minutes=5)
MAX_ATTACHMENTS = 5
MAX_WRITTEN_HOURS = 168  # a week
MAX_FIRST_REPORT_MINUTES = 24 * 60

PHONED, ELSEWHERE = "phoned", "elsewhere"
SOURCES = [
    (PHONED, _("The school phoned the bureau")),
    (ELSEWHERE, _("Learned of it elsewhere — not reported by the school")),
]


def _label(name, model=Incident):
    """The model field's own (translated) name, so that the form and the record read alike."""
    return capfirst(model._meta.get_field(name).verbose_name)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_INPUT, **kwargs)


def _moment(name, *, required=True):
    return forms.DateTimeField(
        label=_label(name), widget=DateTimeInput(), input_formats=[DATETIME_INPUT], required=required
    )


_BUTTONS = forms.RadioSelect(attrs={"class": "btn-check"})


def _this_minute(now):
    """`now` as a datetime-local field shows it: Beijing time, to the minute."""
    return timezone.localtime(now).replace(second=0, microsecond=0)


class FirstReportForm(forms.Form):
    """The first, verbal report (口头报告) in one short screen.

    A school user reports for its own school, so there is no school field. A bureau user records a
    call it took — or an incident it learned of elsewhere, which counts against the school.
    """

    school = forms.ModelChoiceField(label=_label("school"), queryset=None)
    source = forms.ChoiceField(
        label=_("How did the bureau learn of it?"), choices=SOURCES, widget=forms.RadioSelect, initial=PHONED
    )
    # Radio buttons drawn as big buttons (Bootstrap's btn-check): one tap each on a phone.
    category = forms.ChoiceField(label=_label("category"), choices=IncidentCategory.choices, widget=_BUTTONS)
    severity = forms.ChoiceField(label=_label("severity"), choices=Severity.choices, widget=_BUTTONS)
    occurred_at = _moment("occurred_at")
    summary = forms.CharField(
        label=_label("summary"), max_length=500, widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500})
    )
    reported_at = _moment("reported_at", required=False)
    reported_by_name = forms.CharField(label=_label("reported_by_name"), max_length=50, required=False)
    received_by_name = forms.CharField(label=_label("received_by_name"), max_length=50, required=False)
    unreported_note = forms.CharField(
        label=_label("unreported_note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, data=None, *, user, membership, now=None):
        self.now = now or timezone.now()
        self.for_bureau = membership.is_bureau
        minute = _this_minute(self.now)
        initial = {"occurred_at": minute, "reported_at": minute}
        if self.for_bureau:
            # The bureau took the call: who phoned is the school's to say, who answered is this user.
            initial["received_by_name"] = user.get_full_name()
        else:
            initial["reported_by_name"] = user.get_full_name()
        super().__init__(data, initial=initial)
        if self.for_bureau:
            schools = schools_for_user(user).filter(is_active=True).select_related("bureau").order_by("code")
            self.fields["school"].queryset = schools
        else:
            for name in ("school", "source", "unreported_note"):
                del self.fields[name]
            # Always needed from a school; for the bureau only when the school phoned (see clean()).
            for name in ("reported_at", "reported_by_name", "received_by_name"):
                self.fields[name].required = True
            self.fields["reported_at"].help_text = _("Leave it at now when you are phoning now.")

    @property
    def unreported(self):
        return self.for_bureau and self.cleaned_data.get("source") == ELSEWHERE

    def clean(self):
        cleaned = super().clean()
        latest = self.now + CLOCK_SKEW
        occurred_at = cleaned.get("occurred_at")
        if occurred_at and occurred_at > latest:
            self.add_error("occurred_at", gettext("The time it happened cannot be in the future."))
        if self.unreported:
            if not cleaned.get("unreported_note", "").strip():
                self.add_error("unreported_note", gettext("Say how the bureau learned of it."))
            return cleaned
        reported_at = cleaned.get("reported_at")
        if reported_at is None:
            if "reported_at" not in self.errors:
                self.add_error("reported_at", gettext("Say when it was reported by phone."))
        elif reported_at > latest:
            self.add_error("reported_at", gettext("The time of the call cannot be in the future."))
        elif occurred_at and reported_at < occurred_at:
            self.add_error("reported_at", gettext("It cannot have been reported before it happened."))
        for name in ("reported_by_name", "received_by_name"):
            if not cleaned.get(name, "").strip() and name not in self.errors:
                self.add_error(name, forms.Field.default_error_messages["required"])
        return cleaned

    def school_or(self, membership):
        return self.cleaned_data["school"] if self.for_bureau else membership.school

    def report_data(self):
        """Keyword arguments for `services.incident_report_first`, apart from the school and the user."""
        data = {name: self.cleaned_data[name] for name in ("category", "severity", "occurred_at")}
        data["summary"] = self.cleaned_data["summary"].strip()
        if self.unreported:
            note = self.cleaned_data["unreported_note"].strip()
            return {**data, "unreported": True, "unreported_note": note}
        return {
            **data,
            "reported_at": self.cleaned_data["reported_at"],
            "reported_by_name": self.cleaned_data["reported_by_name"].strip(),
            "received_by_name": self.cleaned_data["received_by_name"].strip(),
        }


WRITTEN_FIELDS = ("cause", "casualties", "measures", "follow_up")


class WrittenReportForm(forms.Form):
    """The written report (书面报告) with up to MAX_ATTACHMENTS documents."""

    cause = forms.CharField(label=_label("cause"), widget=forms.Textarea(attrs={"rows": 3}))
    casualties = forms.CharField(
        label=_label("casualties"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Who was hurt and how badly; write “none” if nobody was."),
    )
    measures = forms.CharField(label=_label("measures"), widget=forms.Textarea(attrs={"rows": 3}))
    follow_up = forms.CharField(
        label=_label("follow_up"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    attachments = MultipleFileField(
        label=_("Attachments"), check=validate_document, max_files=MAX_ATTACHMENTS,
        too_many=_("Attach at most %(max)s files."),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = gettext(
            "Optional. Up to %(count)s files: PDF, Word or JPEG/PNG, at most %(max)s MB each."
        ) % {"count": MAX_ATTACHMENTS, "max": MAX_DOCUMENT_BYTES // 1024 // 1024}

    def report_data(self):
        data = {name: self.cleaned_data[name].strip() for name in WRITTEN_FIELDS}
        return {**data, "attachments": self.cleaned_data["attachments"]}


RULE_FIELDS = (
    "first_report_minutes",
    "written_hours_general",
    "written_hours_major",
    "written_hours_serious",
)


def _rule(name, maximum):
    return forms.IntegerField(
        label=_label(name, ReportingRules),
        validators=[MinValueValidator(1), MaxValueValidator(maximum)],
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 1, "max": maximum}),
    )


class RulesForm(forms.Form):
    first_report_minutes = _rule("first_report_minutes", MAX_FIRST_REPORT_MINUTES)
    written_hours_general = _rule("written_hours_general", MAX_WRITTEN_HOURS)
    written_hours_major = _rule("written_hours_major", MAX_WRITTEN_HOURS)
    written_hours_serious = _rule("written_hours_serious", MAX_WRITTEN_HOURS)

    def __init__(self, data=None, *, rules):
        super().__init__(data, initial={name: getattr(rules, name) for name in RULE_FIELDS})

    def rules_data(self):
        return {name: self.cleaned_data[name] for name in RULE_FIELDS}
