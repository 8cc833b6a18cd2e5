"""Fast entry of a roster (R8.1): pure functions on lists of days, no database."""

from datetime import date, time

from duty import coverage, entry

FRIDAY = date(2026, 5, 22)  # the first day of the sessions
DAY = coverage.Shift("张值班", "13800138001", time(8), time(20))
NIGHT = coverage.Shift("李值班", "13800138002", time(20), time(8))


def _days(first, last, **filled):
    """Empty days from `first` to `last`; `filled` maps "d22" to (leader, shifts) for 5月22日 etc."""
    days = entry.for_range([], first, last)
    for key, (leader, shifts) in filled.items():
        day = next(d for d in days if d.date.day == int(key[1:]))
        day.leader, day.leader_phone, day.shifts = leader, "13900000004", list(shifts)
    return days


def _summary(days):
    return [(d.date.day, d.leader, [(s.person, s.start, s.end) for s in d.shifts]) for d in days]


def test_it_gives_one_day_per_date_keeping_the_days_it_has():
    typed = _days(FRIDAY, date(2026, 5, 24), d23=("王校长", [DAY]))

    result = entry.for_range(typed, date(2026, 5, 23), date(2026, 5, 26))

    assert [d.date.day for d in result] == [23, 24, 25, 26]
    assert _summary(result)[0] == (23, "王校长", [("张值班", time(8), time(20))])
    assert all(entry.is_empty(d) for d in result[1:])


def test_filling_all_days_copies_the_pattern_leader_and_shifts():
    days = _days(FRIDAY, date(2026, 6, 4), d22=("王校长", [DAY, NIGHT]), d25=("赵主任", [DAY]))

    result = entry.fill(days, FRIDAY)

    assert len(result) == 14
    assert {(d.leader, d.leader_phone) for d in result} == {("王校长", "13900000004")}
    assert all([(s.person, s.start, s.end) for s in d.shifts] == [
        ("张值班", time(8), time(20)), ("李值班", time(20), time(8))
    ] for d in result)  # fmt: skip
    assert len(entry.changed(days, result)) == 13


def test_filling_empty_days_keeps_the_days_already_typed():
    days = _days(FRIDAY, date(2026, 5, 26), d22=("王校长", [DAY, NIGHT]), d25=("赵主任", [DAY]))

    result = entry.fill(days, FRIDAY, only_empty=True)

    assert [d.leader for d in result] == ["王校长", "王校长", "王校长", "赵主任", "王校长"]
    assert entry.changed(days, result) == [date(2026, 5, 23), date(2026, 5, 24), date(2026, 5, 26)]


def test_a_day_with_only_a_leader_is_not_empty():
    days = _days(FRIDAY, date(2026, 5, 23), d22=("王校长", [DAY]))
    days[1].leader_phone = "13900000009"

    result = entry.fill(days, FRIDAY, only_empty=True)

    assert result[1].shifts == []


def test_filling_chosen_weekdays_leaves_the_others():
    days = _days(
        FRIDAY,
        date(2026, 5, 31),
        d23=("周末值班领导", [coverage.Shift("周末", "13800138009", time(8), time(8))]),
    )

    result = entry.fill(days, date(2026, 5, 23), weekdays={5, 6})  # Saturdays and Sundays

    assert [(d.date.day, d.leader) for d in result if d.leader] == [
        (23, "周末值班领导"), (24, "周末值班领导"), (30, "周末值班领导"), (31, "周末值班领导")
    ]  # fmt: skip


def test_copies_are_independent_of_the_pattern():
    days = _days(FRIDAY, date(2026, 5, 23), d22=("王校长", [DAY]))

    result = entry.fill(days, FRIDAY)
    result[1].shifts[0].person = "改过的"
    result[1].shifts.append(NIGHT)

    assert [s.person for s in result[0].shifts] == ["张值班"]
    assert [s.person for s in days[0].shifts] == ["张值班"]
    assert days[1].shifts == []  # the input is never changed


def test_copying_a_day_to_another():
    days = _days(FRIDAY, date(2026, 5, 25), d22=("王校长", [DAY, NIGHT]), d24=("赵主任", [DAY]))

    result = entry.copy_day(days, FRIDAY, [date(2026, 5, 24)])

    assert [d.leader for d in result] == ["王校长", "", "王校长", ""]
    assert [s.person for s in result[2].shifts] == ["张值班", "李值班"]


def test_copying_to_a_date_outside_the_roster_changes_nothing():
    days = _days(FRIDAY, date(2026, 5, 23), d22=("王校长", [DAY]))

    assert entry.copy_day(days, FRIDAY, [date(2026, 7, 1)]) == days
    assert entry.copy_day(days, date(2026, 7, 1), [FRIDAY]) == days


def test_the_next_day_and_the_rest_of_the_week():
    days = entry.for_range([], FRIDAY, date(2026, 5, 28))

    assert entry.next_day(days, FRIDAY) == [date(2026, 5, 23)]
    assert entry.next_day(days, date(2026, 5, 28)) == []
    assert entry.rest_of_week(days, FRIDAY) == [date(2026, 5, 23), date(2026, 5, 24)]  # to Sunday
    assert entry.rest_of_week(days, date(2026, 5, 25)) == [
        date(2026, 5, 26),
        date(2026, 5, 27),
        date(2026, 5, 28),
    ]
    assert entry.rest_of_week(days, date(2026, 5, 24)) == []


def test_a_filled_fortnight_covers_every_hour():
    days = _days(FRIDAY, date(2026, 6, 4), d22=("王校长", [DAY, NIGHT]))

    result = entry.fill(days, FRIDAY)

    assert coverage.problems(result, FRIDAY, date(2026, 6, 4), time(8)) == []
