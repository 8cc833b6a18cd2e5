"""Checks that a duty roster covers every hour with a leader each day (R8.1).

Works on plain values (dates, times, names) so the same checks serve the form that is being
edited and the roster saved in the database. Each problem is a sentence naming the exact day and
hours, e.g. "5月23日 02:00–08:00 无人值班".
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import pairwise

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from schools.validators import validate_phone


@dataclass
class Shift:
    person: str
    phone: str
    start: time
    end: time

    def interval(self, day: date):
        """Naive Beijing wall-clock times: an end at or before the start falls on the next day."""
        begin = datetime.combine(day, self.start)
        finish = datetime.combine(day, self.end)
        if self.end <= self.start:
            finish += timedelta(days=1)
        return begin, finish


@dataclass
class Day:
    date: date
    leader: str = ""
    leader_phone: str = ""
    shifts: list = field(default_factory=list)


def _moment(value: datetime, day_of_reference: date):
    """ "08:00" on the day of reference, "5月24日 08:00" on another day (and 24:00 for midnight)."""
    if value == datetime.combine(day_of_reference + timedelta(days=1), time(0)):
        return "24:00"
    if value.date() == day_of_reference:
        return value.strftime("%H:%M")
    return f"{date_format(value.date(), 'MONTH_DAY_FORMAT')} {value:%H:%M}"


def _span(begin: datetime, finish: datetime):
    return f"{date_format(begin.date(), 'MONTH_DAY_FORMAT')} {begin:%H:%M}–{_moment(finish, begin.date())}"


def gaps(days, first: date, last: date, handover: time = time(0)):
    """Uncovered (begin, end) stretches of the duty period.

    The period runs from the hand-over time on `first` to the hand-over time the day after `last`:
    a duty day "8:00 至次日 8:00" has its hand-over at 08:00.
    """
    intervals = sorted(shift.interval(day.date) for day in days for shift in day.shifts)
    cursor = datetime.combine(first, handover)
    finish = datetime.combine(last + timedelta(days=1), handover)
    found = []
    for begin, end in intervals:
        if begin > cursor:
            found.append((cursor, min(begin, finish)))
        cursor = max(cursor, end)
        if cursor >= finish:
            break
    if cursor < finish:
        found.append((cursor, finish))
    return [(begin, end) for begin, end in found if begin < end]


def _split_at_midnight(begin, end):
    """A gap of several days is reported day by day, as people read a roster."""
    while begin.date() < (end - timedelta(microseconds=1)).date():
        midnight = datetime.combine(begin.date() + timedelta(days=1), time(0))
        yield begin, midnight
        begin = midnight
    yield begin, end


def overlaps(days):
    """(person, first interval, second interval) for one person in two overlapping shifts."""
    by_person = {}
    for day in days:
        for shift in day.shifts:
            by_person.setdefault(shift.person.strip(), []).append(shift.interval(day.date))
    found = []
    for person, intervals in by_person.items():
        intervals.sort()
        for (begin_a, end_a), (begin_b, end_b) in pairwise(intervals):
            if begin_b < end_a:  # touching (end == next start) is a hand-over, not an overlap
                found.append((person, (begin_a, end_a), (begin_b, end_b)))
    return found


def _phone_problem(number):
    try:
        validate_phone(number)
    except ValidationError as error:
        return error.messages[0]
    return None


def problems(days, first: date, last: date, handover: time = time(0)):
    """Every reason the roster cannot be submitted yet, in the order a reader checks them."""
    found = []
    known = {day.date for day in days}
    for day in days:
        label = date_format(day.date, "MONTH_DAY_FORMAT")
        if not day.leader.strip():
            found.append(_("%(day)s has no leader on duty") % {"day": label})
        for shift in day.shifts:
            if not shift.phone.strip():
                found.append(
                    _("%(day)s: %(person)s has no phone number") % {"day": label, "person": shift.person}
                )
        for number in (day.leader_phone, *(shift.phone for shift in day.shifts)):
            message = _phone_problem(number)
            if message:
                found.append(f"{label}：{message}")
    for missing in sorted(d for d in _dates(first, last) if d not in known):
        found.append(_("%(day)s has no leader on duty") % {"day": date_format(missing, "MONTH_DAY_FORMAT")})
    for begin, end in gaps(days, first, last, handover):
        for part in _split_at_midnight(begin, end):
            found.append(_("%(span)s nobody on duty") % {"span": _span(*part)})
    for person, one, other in overlaps(days):
        found.append(
            _("%(person)s is on two overlapping shifts: %(one)s and %(other)s")
            % {"person": person, "one": _span(*one), "other": _span(*other)}
        )
    return found


def _dates(first, last):
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)
