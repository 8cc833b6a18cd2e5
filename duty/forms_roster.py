"""The duty roster's edit page: the date range, and for each day the leader and the shifts.

What the page posts. The header fields have no prefix. Every day shown posts its date in a hidden
`day` input and its own fields under a prefix made from that date, so that a day keeps what was
typed in it whatever happens to the date range or to the other days:

    start_date=2026-05-22  end_date=2026-06-04  handover=08:00  action=save
    day=2026-05-22
    d20260522-leader=王校长  d20260522-leader_phone=13900000004
    s20260522-TOTAL_FORMS=3  s20260522-INITIAL_FORMS=2
    s20260522-0-person=张值班  s20260522-0-phone=…  s20260522-0-start=08:00  s20260522-0-end=20:00
    s20260522-0-DELETE=on  (a saved row the user removes)

A shift row left blank is ignored; a row with anything typed needs a person and both times. Phone
numbers are checked as they are typed; a missing phone, a day without a leader and the hours
nobody covers are left to `coverage.problems`, which a draft may have and a submission may not.
"""

import re
from dataclasses import dataclass
from datetime import date, time

from django import forms
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from schools.validators import validate_phone

from . import coverage, entry
from .models import DutyDay, DutyRoster, DutyShift

MAX_DAYS = 31  # also keeps a page well under Django's limit of 1,000 posted fields
MAX_SHIFTS = 12
# "08:00", and what people type when the browser offers a plain text box: 0800, 8.00, 8：00.
TIME_FORMATS = ["%H:%M", "%H:%M:%S", "%H%M", "%H.%M", "%H：%M"]
WEEKDAYS = [(0, _("Mon")), (1, _("Tue")), (2, _("Wed")), (3, _("Thu")), (4, _("Fri")), (5, _("Sat")),
            (6, _("Sun"))]  # fmt: skip
REST_OF_WEEK = "week"
ROW_FIELDS = ("person", "phone", "start", "end")


def _label(model, name):
    return capfirst(model._meta.get_field(name).verbose_name)


def _input(attrs=None):
    return forms.TextInput(attrs={"class": "form-control form-control-sm", **(attrs or {})})


def _phone_input(placeholder):
    return _input({"type": "tel", "inputmode": "tel", "autocomplete": "off", "placeholder": placeholder})


def _time_input(css="form-control form-control-sm"):
    """A plain text box rather than <input type="time">: browsers show that one in 12-hour form for
    some locales, too wide for a phone, and a roster reads in 24 hours. Digits are enough: 0800."""
    attrs = {"class": css, "inputmode": "numeric", "maxlength": "5", "autocomplete": "off",
             "placeholder": _("hh:mm"), "data-time": ""}  # fmt: skip
    return forms.TimeInput(attrs=attrs, format="%H:%M")


def _date_input():
    return forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")


def day_stamp(on: date) -> str:
    return on.strftime("%Y%m%d")


class DutyTimeField(forms.TimeField):
    """A time of day; "24:00", as rosters write the end of an evening shift, is midnight."""

    MIDNIGHT = re.compile(r"^\s*24[:：.]?00\s*$")

    def __init__(self, **kwargs):
        super().__init__(input_formats=TIME_FORMATS, **kwargs)

    def to_python(self, value):
        if isinstance(value, str) and self.MIDNIGHT.match(value):
            return time(0)
        return super().to_python(value)


class MarksInvalid:
    """Adds Bootstrap's `is-invalid` to the inputs with an error, so they show red beside it."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-invalid"] = "true"


class RosterForm(MarksInvalid, forms.Form):
    start_date = forms.DateField(label=_label(DutyRoster, "start_date"), widget=_date_input())
    end_date = forms.DateField(label=_label(DutyRoster, "end_date"), widget=_date_input())
    handover = DutyTimeField(
        label=_label(DutyRoster, "handover"),
        widget=_time_input("form-control"),
        help_text=_("Each duty day runs from this time to the same time the next day."),
    )

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("start_date"), cleaned.get("end_date")
        if first and last:
            if last < first:
                self.add_error("end_date", gettext("The last day cannot be before the first day."))
            elif (last - first).days + 1 > MAX_DAYS:
                self.add_error(
                    "end_date", gettext("A roster covers at most %(max)s days.") % {"max": MAX_DAYS}
                )
        return cleaned

    def dates(self):
        """The dates of the range typed. Call after is_valid()."""
        return entry.dates_between(self.cleaned_data["start_date"], self.cleaned_data["end_date"])


class DayForm(MarksInvalid, forms.Form):
    leader = forms.CharField(
        label=_label(DutyDay, "leader"),
        max_length=50,
        required=False,
        widget=_input({"placeholder": _label(DutyDay, "leader"), "autocomplete": "off"}),
    )
    leader_phone = forms.CharField(
        label=_label(DutyDay, "leader_phone"),
        max_length=20,
        required=False,
        validators=[validate_phone],
        widget=_phone_input(_label(DutyDay, "leader_phone")),
    )


class ShiftForm(MarksInvalid, forms.Form):
    """One shift. Every field may be blank, so that an untouched row is no error."""

    person = forms.CharField(
        label=_label(DutyShift, "person"),
        max_length=50,
        required=False,
        widget=_input({"placeholder": _label(DutyShift, "person"), "autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_label(DutyShift, "phone"),
        max_length=20,
        required=False,
        validators=[validate_phone],
        widget=_phone_input(_label(DutyShift, "phone")),
    )
    start = DutyTimeField(label=_label(DutyShift, "start"), required=False, widget=_time_input())
    end = DutyTimeField(label=_label(DutyShift, "end"), required=False, widget=_time_input())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("DELETE") or self.is_blank():
            return cleaned
        for name in ("person", "start", "end"):
            if cleaned.get(name) in (None, "") and name not in self.errors:
                self.add_error(
                    name,
                    gettext("Fill in the %(column)s too, or clear the whole row.")
                    % {"column": DutyShift._meta.get_field(name).verbose_name},
                )
        return cleaned

    def is_blank(self):
        """Nothing typed in the row (an input with an unreadable value counts as typed)."""
        return not any(self.cleaned_data.get(name) for name in ROW_FIELDS) and not any(
            name in self.errors for name in ROW_FIELDS
        )

    def shift(self):
        data = self.cleaned_data
        return coverage.Shift(data["person"], data["phone"], data["start"], data["end"])


class BaseShiftFormSet(forms.BaseFormSet):
    def shifts(self):
        """The day's shifts in the order shown, without removed and blank rows. Call after is_valid()."""
        shifts = []
        for form in self.forms:
            # An untouched extra row is not cleaned at all: its cleaned_data stays empty.
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and not form.is_blank():
                shifts.append(form.shift())
        return shifts


ShiftFormSet = forms.formset_factory(
    ShiftForm,
    formset=BaseShiftFormSet,
    extra=1,
    can_delete=True,
    can_delete_extra=False,
    max_num=MAX_SHIFTS,
    absolute_max=MAX_SHIFTS * 2,
    validate_max=True,
)


def empty_shift_form():
    """The row that "add a shift" copies: JavaScript puts in the day's prefix and the row number."""
    return ShiftForm(prefix="__formset__-__prefix__", empty_permitted=True, use_required_attribute=False)


@dataclass
class DayEntry:
    """One day on the page: its date, the leader's form and the shifts' formset.

    `day` holds the values of a day the server filled in (from the database or a fast-entry
    button); a day that comes back from the browser is read from its forms instead.
    """

    date: date
    form: DayForm
    shifts: BaseShiftFormSet
    day: coverage.Day | None = None

    @classmethod
    def posted(cls, on, data):
        stamp = day_stamp(on)
        form = DayForm(data, prefix=f"d{stamp}", use_required_attribute=False)
        shifts = ShiftFormSet(data, prefix=f"s{stamp}", form_kwargs={"use_required_attribute": False})
        return cls(on, form, shifts)

    @classmethod
    def filled(cls, day: coverage.Day):
        stamp = day_stamp(day.date)
        form = DayForm(
            initial={"leader": day.leader, "leader_phone": day.leader_phone},
            prefix=f"d{stamp}",
            use_required_attribute=False,
        )
        initial = [{"person": s.person, "phone": s.phone, "start": s.start, "end": s.end} for s in day.shifts]
        shifts = ShiftFormSet(
            initial=initial, prefix=f"s{stamp}", form_kwargs={"use_required_attribute": False}
        )
        # Two blank rows for a day not yet filled in (a day and a night shift), else one to add.
        shifts.extra = 1 if day.shifts else 2
        return cls(day.date, form, shifts, day)

    @property
    def is_bound(self):
        return self.day is None

    def is_valid(self):
        if not self.is_bound:
            return True
        return all([self.form.is_valid(), self.shifts.is_valid()])  # both, to show every mistake

    def value(self) -> coverage.Day:
        """The day as typed. Call after is_valid()."""
        if not self.is_bound:
            return self.day
        data = self.form.cleaned_data
        return coverage.Day(self.date, data["leader"], data["leader_phone"], self.shifts.shifts())

    def error_count(self):
        if not self.is_bound:
            return 0
        return len(self.form.errors) + self.shifts.total_error_count()


def posted_dates(data):
    """The dates of the days the page showed, from their hidden `day` inputs; junk is ignored."""
    dates = set()
    for value in data.getlist("day")[: MAX_DAYS * 2]:
        try:
            dates.add(date.fromisoformat(value))
        except ValueError:
            continue
    return sorted(dates)[:MAX_DAYS]


class RosterEntry:
    """The whole edit page: the header form and the days shown."""

    def __init__(self, form: RosterForm, days: list[DayEntry]):
        self.form = form
        self.days = days

    @classmethod
    def saved(cls, roster, days):
        """The page for the roster as saved: a day for every date of its range."""
        fields = ("start_date", "end_date", "handover")
        form = RosterForm(initial={name: getattr(roster, name) for name in fields})
        filled = entry.for_range(days, roster.start_date, roster.end_date)
        return cls(form, [DayEntry.filled(day) for day in filled])

    @classmethod
    def posted(cls, data):
        return cls(RosterForm(data), [DayEntry.posted(on, data) for on in posted_dates(data)])

    def is_valid(self):
        return all([self.form.is_valid(), *(day.is_valid() for day in self.days)])

    def days_valid(self):
        return all([day.is_valid() for day in self.days])

    def values(self) -> list[coverage.Day]:
        return [day.value() for day in self.days]

    def error_count(self):
        return len(self.form.errors) + sum(day.error_count() for day in self.days)

    def in_range(self):
        """The page for the range typed in the header: days already shown keep what was typed in
        them (errors and all), new dates come empty. Unchanged while the range itself is wrong."""
        if not self.form.is_valid():
            return self
        shown = {day.date: day for day in self.days}
        days = [shown.get(on) or DayEntry.filled(coverage.Day(date=on)) for on in self.form.dates()]
        return RosterEntry(self.form, days)

    def with_values(self, days):
        """The same header with these days, as the server filled them in (after a fast-entry button)."""
        return RosterEntry(self.form, [DayEntry.filled(day) for day in days])

    def problems(self):
        """What `coverage.problems` says about the roster as shown. Call once is_valid()."""
        data = self.form.cleaned_data
        return coverage.problems(self.values(), data["start_date"], data["end_date"], data["handover"])


class FastEntryForm(forms.Form):
    """The choices of the fast-entry buttons: which day is the pattern, which weekdays to fill, which
    day to copy where. The buttons of a day's own card name their day in the button's value instead."""

    pattern = forms.TypedChoiceField(label=_("Pattern day"), coerce=date.fromisoformat)
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Days of the week"),
        choices=WEEKDAYS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    copy_from = forms.TypedChoiceField(label=_("Copy the day"), coerce=date.fromisoformat)
    copy_to = forms.ChoiceField(label=_("to"))

    def __init__(self, *args, dates=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(on.isoformat(), day_label(on)) for on in dates]
        self.fields["pattern"].choices = choices
        self.fields["copy_from"].choices = choices
        self.fields["copy_to"].choices = [(REST_OF_WEEK, _("the rest of its week (to Sunday)")), *choices]
        for name in ("pattern", "copy_from", "copy_to"):
            self.fields[name].widget.attrs["class"] = "form-select form-select-sm"

    def value(self, name):
        """The cleaned choice, or None when it is missing or no longer among the dates shown."""
        field = self[name]
        try:
            return self.fields[name].clean(field.data)
        except forms.ValidationError:
            return None


def day_label(on: date):
    """ "5月22日 星期五", as the roster names its days."""
    return f"{date_format(on, 'MONTH_DAY_FORMAT')} {date_format(on, 'D')}"
