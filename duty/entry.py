"""Fast entry of a duty roster: pure functions on lists of `coverage.Day`.

The edit page's "fill from a pattern", "copy a day" and "change the date range" buttons call these
and show the result without saving; the user saves when it looks right. Each function returns a
new list of new `Day` values, one per date in date order, and never changes what it was given.
"""

from datetime import date, timedelta

from .coverage import Day, Shift

SUNDAY = 6


def dates_between(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def is_empty(day: Day) -> bool:
    """Nothing typed for the day: no leader, no leader's phone and no shift."""
    return not (day.leader.strip() or day.leader_phone.strip() or day.shifts)


def copy_of(source: Day, on: date) -> Day:
    """The leader and shifts of `source`, as a new day on `on`."""
    shifts = [Shift(s.person, s.phone, s.start, s.end) for s in source.shifts]
    return Day(date=on, leader=source.leader, leader_phone=source.leader_phone, shifts=shifts)


def _by_date(days):
    return {day.date: day for day in days}


def _clone(day: Day) -> Day:
    return copy_of(day, day.date)


def for_range(days, first: date, last: date) -> list[Day]:
    """One day per date from `first` to `last`: the days given where they exist, else empty days."""
    by_date = _by_date(days)
    return [_clone(by_date[on]) if on in by_date else Day(date=on) for on in dates_between(first, last)]


def fill(days, pattern: date, *, only_empty=False, weekdays=None) -> list[Day]:
    """Every other day becomes a copy of the `pattern` day's leader and shifts.

    `only_empty` leaves days that already have something typed; `weekdays` (0 = Monday … 6 = Sunday)
    limits the fill to those days of the week. The pattern day itself is never changed.
    """
    source = _by_date(days).get(pattern)
    if source is None:
        return [_clone(day) for day in days]
    result = []
    for day in days:
        target = day.date != pattern
        target = target and (weekdays is None or day.date.weekday() in weekdays)
        target = target and (not only_empty or is_empty(day))
        result.append(copy_of(source, day.date) if target else _clone(day))
    return result


def copy_day(days, source: date, targets) -> list[Day]:
    """The `targets` dates become copies of the `source` day; dates not in `days` are ignored."""
    targets = set(targets)
    original = _by_date(days).get(source)
    if original is None:
        return [_clone(day) for day in days]
    return [
        copy_of(original, day.date) if day.date in targets and day.date != source else _clone(day)
        for day in days
    ]


def next_day(days, source: date) -> list[date]:
    """The date after `source`, if the roster has it."""
    following = source + timedelta(days=1)
    return [following] if following in _by_date(days) else []


def rest_of_week(days, source: date) -> list[date]:
    """The roster's dates after `source` up to that week's Sunday."""
    sunday = source + timedelta(days=SUNDAY - source.weekday())
    return [day.date for day in days if source < day.date <= sunday]


def changed(before, after) -> list[date]:
    """The dates whose leader or shifts differ between two lists of days (for "3 days filled")."""
    old = _by_date(before)
    return [day.date for day in after if day != old.get(day.date, Day(date=day.date))]
