"""Forms of the patrol log and of the police room's check (R6.2).

The forms check what was typed and word the errors; the views hand the cleaned values to
`security.services`, which check the state once more when they write.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hazards.enums import HazardSeverity
from plans.enums import FocusArea
from plans.forms import DATETIME_INPUT, DateInput, DateTimeInput

from .enums import ItemStatus
from .forms_gate import CLOCK_SKEW, label, this_minute
from .models import Patrol, PatrolFinding, PoliceRoomItem
from .services import ItemCheck

# Radio buttons drawn as big buttons (Bootstrap's btn-check): one tap each on a phone.
_BUTTONS = forms.RadioSelect(attrs={"class": "btn-check"})


# --- The patrol log -------------------------------------------------------------------------------


class PatrolForm(forms.Form):
    """Who patrolled, when, which route — and, if something was found, the first finding."""

    patrolled_by = forms.CharField(label=label("patrolled_by", Patrol), max_length=100)
    patrolled_at = forms.DateTimeField(
        label=label("patrolled_at", Patrol), widget=DateTimeInput(), input_formats=[DATETIME_INPUT]
    )
    route = forms.CharField(
        label=label("route", Patrol), max_length=200,
        widget=forms.TextInput(attrs={"list": "patrol-routes", "autocomplete": "off"}),
    )  # fmt: skip
    note = forms.CharField(
        label=label("note", Patrol), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    finding = forms.CharField(
        label=_("What was found"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Leave it empty if everything was in order. More findings can be added afterwards."),
    )  # fmt: skip
    finding_location = forms.CharField(label=label("location", PatrolFinding), max_length=200, required=False)
    finding_area = forms.ChoiceField(
        label=label("area", PatrolFinding), choices=FocusArea.choices, initial=FocusArea.GATE_SECURITY,
        required=False,
    )  # fmt: skip

    def __init__(self, data=None, *, user, now=None):
        self.now = now or timezone.now()
        initial = {"patrolled_by": user.get_full_name(), "patrolled_at": this_minute(self.now)}
        super().__init__(data, initial=initial)

    def clean_patrolled_at(self):
        moment = self.cleaned_data["patrolled_at"]
        if moment > self.now + CLOCK_SKEW:
            raise ValidationError(gettext("The patrol cannot be in the future."), code="future")
        return moment

    def patrol_data(self):
        cleaned = self.cleaned_data
        data = {name: cleaned[name] for name in ("patrolled_by", "patrolled_at", "route", "note")}
        findings = []
        if cleaned["finding"].strip():
            findings.append(
                {
                    "area": cleaned["finding_area"] or FocusArea.GATE_SECURITY,
                    "description": cleaned["finding"],
                    "location": cleaned["finding_location"],
                }
            )
        return {**data, "findings": findings}


class FindingForm(forms.ModelForm):
    class Meta:
        model = PatrolFinding
        fields = ("area", "description", "location")
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class EscalateForm(forms.Form):
    severity = forms.ChoiceField(
        label=_("Severity"), choices=HazardSeverity.choices, initial=HazardSeverity.GENERAL, required=False
    )

    def clean_severity(self):
        return self.cleaned_data["severity"] or HazardSeverity.GENERAL


# --- The police room ------------------------------------------------------------------------------

STATUS_CHOICES = [(status.value, status.label) for status in (ItemStatus.PRESENT, ItemStatus.MISSING,
                                                                ItemStatus.EXPIRED)]  # fmt: skip


class ItemCheckForm(forms.Form):
    """One required item: present, missing or expired, how many, until when, and a note."""

    status = forms.ChoiceField(
        label=label("status", PoliceRoomItem), choices=STATUS_CHOICES, widget=_BUTTONS,
        error_messages={"required": _("Say whether it is present, missing or expired.")},
    )  # fmt: skip
    quantity = forms.IntegerField(
        label=label("quantity", PoliceRoomItem), min_value=0, max_value=999, required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )  # fmt: skip
    expiry_date = forms.DateField(
        label=label("expiry_date", PoliceRoomItem), required=False, widget=DateInput()
    )
    note = forms.CharField(label=label("note", PoliceRoomItem), max_length=200, required=False)
    was = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, row, today, **kwargs):
        self.row, self.today = row, today
        super().__init__(*args, **kwargs)
        if not row.has_expiry:
            del self.fields["expiry_date"]

    def clean(self):
        cleaned = super().clean()
        expiry = cleaned.get("expiry_date")
        if cleaned.get("status") == ItemStatus.PRESENT and self.row.has_expiry:
            if expiry is None and "expiry_date" not in self.errors:
                self.add_error("expiry_date", gettext("Enter its expiry date."))
            elif expiry is not None and expiry < self.today:
                self.add_error(
                    "expiry_date",
                    gettext("This date has passed: mark the item as expired, or enter its new expiry date."),
                )
        return cleaned

    def check(self):
        cleaned = self.cleaned_data
        return ItemCheck(
            name=self.row.name, status=cleaned["status"], quantity=cleaned["quantity"],
            expiry_date=cleaned.get("expiry_date"), note=cleaned["note"],
            was=cleaned["was"] or ItemStatus.UNCHECKED,
        )  # fmt: skip


class PoliceRoomForm:
    """A form per required item, each with its own prefix; valid when every one is."""

    def __init__(self, data=None, *, rows, today):
        self.rows = rows
        self.forms = []
        for index, row in enumerate(rows):
            item = row.item
            initial = {"was": item.status if item else ItemStatus.UNCHECKED}
            if item is not None:
                initial |= {"quantity": item.quantity, "expiry_date": item.expiry_date, "note": item.note}
                if item.status != ItemStatus.UNCHECKED:
                    initial["status"] = item.status
            else:
                initial["quantity"] = row.required_quantity
            form = ItemCheckForm(data, prefix=f"i{index}", initial=initial, row=row, today=today)
            self.forms.append(form)

    def __iter__(self):
        return iter(zip(self.rows, self.forms, strict=True))

    def is_valid(self):
        return all([form.is_valid() for form in self.forms])  # every form, so each shows its errors

    @property
    def errors(self):
        return [form.errors for form in self.forms if form.is_bound and form.errors]

    def checks(self):
        return [form.check() for form in self.forms]
