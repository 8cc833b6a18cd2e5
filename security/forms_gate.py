"""Forms of the gate register and the bureau's gate rules (R6.1).

The forms check what was typed and word the errors; the views hand the cleaned values to
`security.services`, which check the state once more when they write.
"""

import re
from datetime import time, timedelta
from decimal import Decimal
from itertools import pairwise

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import GateEntry, GateRules
from .selectors import visitor_today

# A phone's clock may run a little ahead of the server's: "now" on the phone is not "the future".
CLOCK_SKEW = timedelta(minutes=5)
MOBILE = re.compile(r"^1\d{10}$")
LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")
ID_CARD = re.compile(r"^\d{17}[\dX]$")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
PLATE = re.compile(r"^[\u4e00-\u9fffA-Z0-9]{6,9}$")
LOWEST_TEMPERATURE, HIGHEST_TEMPERATURE = Decimal("34.0"), Decimal("43.0")
# Suggestions for the purpose of a visit; the guard may type anything else.
PURPOSES = (
    _("Meeting a teacher"),
    _("Picking up a child"),
    _("Delivery"),
    _("Repairs and building work"),
    _("Official visit"),
    _("Parcel or takeaway"),
)
WEEKDAYS = [
    (0, _("Monday")), (1, _("Tuesday")), (2, _("Wednesday")), (3, _("Thursday")), (4, _("Friday")),
    (5, _("Saturday")), (6, _("Sunday")),
]  # fmt: skip


def label(name, model=GateEntry):
    """The model field's own (translated) name, so that the form and the record read alike."""
    return capfirst(model._meta.get_field(name).verbose_name)


def this_minute(now):
    return timezone.localtime(now).replace(second=0, microsecond=0)


def compact(value):
    return "".join((value or "").split())


def id_number_problem(value):
    """Why `value` is not an 18-character ID card number (居民身份证号码), or None."""
    if not ID_CARD.match(value):
        return gettext("Enter the 18-character ID card number (the last may be X), or leave it empty.")
    total = sum(int(digit) * weight for digit, weight in zip(value[:17], ID_WEIGHTS, strict=True))
    if ID_CHECK[total % 11] != value[17]:
        return gettext("This ID card number does not add up: check it against the card.")
    return None


# --- The gate register ----------------------------------------------------------------------------


class GateEntryForm(forms.Form):
    """A visitor at the gate, on one phone screen: the phone number first (it finds today's earlier
    entry), then name, temperature, host and purpose; the ID number, vehicle and goods below."""

    phone = forms.CharField(
        label=label("phone"), max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off", "autofocus": True}),
    )  # fmt: skip
    visitor_name = forms.CharField(
        label=label("visitor_name"), max_length=50, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    temperature = forms.DecimalField(
        label=label("temperature"), max_digits=3, decimal_places=1,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.1", "min": "34", "max": "43"}),
    )  # fmt: skip
    fever_reason = forms.CharField(
        label=label("fever_reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    host = forms.CharField(
        label=label("host"), max_length=50,
        widget=forms.TextInput(attrs={"list": "host-names", "autocomplete": "off"}),
    )  # fmt: skip
    purpose = forms.CharField(
        label=label("purpose"), max_length=100,
        widget=forms.TextInput(attrs={"list": "purposes", "autocomplete": "off"}),
    )  # fmt: skip
    id_number = forms.CharField(
        label=label("id_number"), max_length=18, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )  # fmt: skip
    vehicle_plate = forms.CharField(
        label=label("vehicle_plate"), max_length=12, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )  # fmt: skip
    goods = forms.CharField(label=label("goods"), max_length=200, required=False)
    # Today's earlier entry of the same phone number: its ID number is kept without showing it.
    previous = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, data=None, *, rules, school, initial=None, now=None):
        self.rules, self.school = rules, school
        self.now = now or timezone.now()
        self.previous_entry = None
        super().__init__(data, initial=initial)
        self.fields["temperature"].widget.attrs["data-threshold"] = str(rules.fever_threshold)
        self.fields["fever_reason"].help_text = gettext(
            "At or above %(limit)s °C the visitor may only enter with a reason: say why, and what was done."
        ) % {"limit": rules.fever_threshold}

    @property
    def shows_fever_reason(self):
        """Whether the reason field is shown without script: once a fever was typed, or a reason."""
        if not self.is_bound:
            return bool(self.initial.get("fever_reason"))
        value = self.cleaned_data.get("temperature") if hasattr(self, "cleaned_data") else None
        return self.rules.is_fever(value) or bool(self.data.get("fever_reason", "").strip())

    def clean_phone(self):
        phone = compact(self.cleaned_data["phone"])
        if not (MOBILE.match(phone) or LANDLINE.match(phone)):
            raise ValidationError(
                gettext("Enter an 11-digit mobile number, or a landline with its area code."), code="phone"
            )
        return phone

    def clean_temperature(self):
        temperature = self.cleaned_data["temperature"]
        if not LOWEST_TEMPERATURE <= temperature <= HIGHEST_TEMPERATURE:
            raise ValidationError(
                gettext("Enter the temperature taken at the gate, between %(low)s and %(high)s °C.")
                % {"low": LOWEST_TEMPERATURE, "high": HIGHEST_TEMPERATURE},
                code="temperature",
            )
        return temperature

    def clean_id_number(self):
        value = compact(self.cleaned_data["id_number"]).upper()
        if value and (problem := id_number_problem(value)):
            raise ValidationError(problem, code="id_number")
        return value

    def clean_vehicle_plate(self):
        plate = re.sub(r"[\s·.\-]", "", self.cleaned_data["vehicle_plate"]).upper()
        if plate and not PLATE.match(plate):
            raise ValidationError(gettext("Enter a plate such as 京A12345, or leave it empty."), code="plate")
        return plate

    def clean(self):
        cleaned = super().clean()
        temperature = cleaned.get("temperature")
        if self.rules.is_fever(temperature) and not cleaned.get("fever_reason", "").strip():
            self.add_error(
                "fever_reason",
                ValidationError(
                    gettext(
                        "%(temperature)s °C is at or above the limit of %(limit)s °C. The visitor may not "
                        "enter unless you record a reason."
                    )
                    % {"temperature": temperature, "limit": self.rules.fever_threshold},
                    code="fever",
                ),
            )
        self.previous_entry = self._previous(cleaned)
        return cleaned

    def _previous(self, cleaned):
        """Today's earlier entry this form was filled from, if it is the same school and phone."""
        pk, phone = cleaned.get("previous"), cleaned.get("phone")
        if not pk or not phone:
            return None
        earlier = visitor_today(school=self.school, phone=phone, now=self.now)
        return earlier if earlier is not None and earlier.pk == pk else None

    def entry_data(self):
        """Keyword arguments for `services.gate_entry_register`, apart from the school and the user."""
        names = ("visitor_name", "phone", "temperature", "purpose", "host", "vehicle_plate", "goods")
        data = {name: self.cleaned_data[name] for name in names}
        id_number = self.cleaned_data["id_number"]
        if not id_number and self.previous_entry is not None:
            id_number = self.previous_entry.id_number
        fever_reason = self.cleaned_data["fever_reason"] if self.rules.is_fever(data["temperature"]) else ""
        return {**data, "id_number": id_number, "fever_reason": fever_reason}


def filled_from(entry):
    """What a returning visitor's new entry starts from: today's earlier entry, but not its
    temperature (taken anew) and not its ID number (kept on the server, never sent to the page)."""
    names = ("visitor_name", "phone", "host", "purpose", "vehicle_plate", "goods")
    return {name: getattr(entry, name) for name in names} | {"previous": entry.pk}


class AnswerForm(forms.Form):
    note = forms.CharField(label=label("answer_note"), max_length=200, required=False)


# --- The bureau's gate rules ----------------------------------------------------------------------

PERIOD = re.compile(r"^(\d{1,2})[:：](\d{2})\s*[-–—~～至到]\s*(\d{1,2})[:：](\d{2})$")


def parse_periods(text):
    """Lines such as "08:00-11:50" as (start, end) times, in order; ValidationError naming a bad line."""
    periods = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        match = PERIOD.match(line)
        try:
            if match is None:
                raise ValueError
            hour, minute, end_hour, end_minute = (int(part) for part in match.groups())
            start, end = time(hour, minute), time(end_hour, end_minute)
        except ValueError:
            raise ValidationError(
                gettext("“%(line)s” is not a period like 08:00-11:50.") % {"line": line}, code="period"
            ) from None
        if end <= start:
            raise ValidationError(
                gettext("“%(line)s” ends before it starts.") % {"line": line}, code="period_order"
            )
        periods.append((start, end))
    periods.sort()
    for (_start, end), (next_start, _end) in pairwise(periods):
        if next_start < end:
            raise ValidationError(gettext("Two class periods overlap."), code="overlap")
    return periods


class GateRulesForm(forms.Form):
    fever_threshold = forms.DecimalField(
        label=label("fever_threshold", GateRules), max_digits=3, decimal_places=1,
        min_value=Decimal("37.0"), max_value=Decimal("38.5"),
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.1"}),
    )  # fmt: skip
    class_periods = forms.CharField(
        label=label("class_periods", GateRules), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One period a line, such as 08:00-11:50, in Beijing time. During class a visitor to a "
                    "reopened school waits for the host's confirmation."),
    )  # fmt: skip
    class_weekdays = forms.TypedMultipleChoiceField(
        label=label("class_weekdays", GateRules), choices=WEEKDAYS, coerce=int, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    def __init__(self, data=None, *, rules):
        periods = "\n".join(f"{start}-{end}" for start, end in rules.class_periods)
        initial = {
            "fever_threshold": rules.fever_threshold,
            "class_periods": periods,
            "class_weekdays": rules.class_weekdays,
        }
        super().__init__(data, initial=initial)

    def clean_class_periods(self):
        return parse_periods(self.cleaned_data["class_periods"])

    def rules_data(self):
        return {
            name: self.cleaned_data[name] for name in ("fever_threshold", "class_periods", "class_weekdays")
        }
