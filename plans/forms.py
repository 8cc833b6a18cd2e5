from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from schools.enums import SchoolKind

from .enums import CoverageScope, DeliverableKind, FocusArea

DATETIME_INPUT = "%Y-%m-%dT%H:%M"
DUE_FIELDS = {
    DeliverableKind.WORK_PLAN: "work_plan_due",
    DeliverableKind.DUTY_ROSTER: "duty_roster_due",
    DeliverableKind.SUMMARY: "summary_due",
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_INPUT, **kwargs)


def _date(label):
    return forms.DateField(label=label, widget=DateInput())


def _row(*fields):
    """Fields side by side on a wide screen, stacked on a phone."""
    return Div(*(Div(field, css_class="col-sm-4") for field in fields), css_class="row")


def _due(label):
    return forms.DateTimeField(label=label, widget=DateTimeInput(), input_formats=[DATETIME_INPUT])


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Campaign name"), max_length=100)
    start_date = _date(_("Start date"))
    opening_date = _date(_("Sessions open"))
    closing_date = _date(_("Sessions close"))
    inspection_start = _date(_("Bureau inspections from"))
    inspection_end = _date(_("Bureau inspections until"))
    scope = forms.ChoiceField(
        label=_("Schools covered"), choices=CoverageScope.choices, widget=forms.RadioSelect
    )
    school_kinds = forms.MultipleChoiceField(
        label=_("Kinds of school"),
        choices=SchoolKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    focus_areas = forms.MultipleChoiceField(
        label=_("Focus areas"), choices=FocusArea.choices, widget=forms.CheckboxSelectMultiple
    )
    work_plan_due = _due(_("Work plan due"))
    duty_roster_due = _due(_("Duty roster due"))
    summary_due = _due(_("Summary due"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "name",
            Fieldset(
                _("Dates"),
                _row("start_date", "opening_date", "closing_date"),
                _row("inspection_start", "inspection_end"),
            ),
            Fieldset(_("Deliverables"), _row("work_plan_due", "duty_roster_due", "summary_due")),
            Fieldset(_("Schools"), "scope", "school_kinds"),
            Fieldset(_("Focus areas"), "focus_areas"),
        )
        self.helper.add_input(Submit("submit", _("Save campaign")))

    def clean(self):
        cleaned = super().clean()
        self._check_order(
            "start_date", "opening_date", _("The sessions cannot open before the campaign starts.")
        )
        self._check_order("opening_date", "closing_date", _("The sessions cannot close before they open."))
        self._check_order(
            "inspection_start", "inspection_end", _("Inspections cannot end before they start.")
        )
        start = cleaned.get("start_date")
        for field in DUE_FIELDS.values():
            due = cleaned.get(field)
            if start and due and due.date() < start:
                self.add_error(field, _("A due date cannot be before the campaign starts."))
        closing, summary_due = cleaned.get("closing_date"), cleaned.get("summary_due")
        if closing and summary_due and summary_due.date() < closing:
            self.add_error("summary_due", _("The summary is written after the sessions close."))
        if cleaned.get("scope") == CoverageScope.KINDS and not cleaned.get("school_kinds"):
            self.add_error("school_kinds", _("Choose at least one kind of school."))
        return cleaned

    def _check_order(self, first, second, message):
        earlier, later = self.cleaned_data.get(first), self.cleaned_data.get(second)
        if earlier and later and later < earlier:
            self.add_error(second, message)

    def dues(self):
        return {kind: self.cleaned_data[field] for kind, field in DUE_FIELDS.items()}

    @classmethod
    def initial_from(cls, values):
        """Form initial values from a campaign's data (`campaign_values`) or the template."""
        initial = {k: v for k, v in values.items() if k != "dues"}
        for kind, field in DUE_FIELDS.items():
            initial[field] = values["dues"].get(kind)
        return initial


class TemplateForm(forms.Form):
    """The three dates the Two Sessions template needs; everything else follows from them."""

    start_date = _date(_("Start date"))
    opening_date = _date(_("Sessions open"))
    closing_date = _date(_("Sessions close"))


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("return", _("Return"))])
    reason = forms.CharField(label=_("Reason (required to return)"), required=False, widget=forms.Textarea)
