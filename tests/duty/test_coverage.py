"""Coverage validation names each problem exactly (R8.1)."""

from datetime import date, datetime, time

from duty import coverage

FIRST, LAST = date(2026, 5, 22), date(2026, 5, 23)


def _day(when, *shifts, leader="王校长", leader_phone="13900000004"):
    return coverage.Day(when, leader, leader_phone, [coverage.Shift(*s) for s in shifts])


def _full(when):
    return _day(when, ("甲", "13800138001", time(8), time(20)), ("乙", "13800138002", time(20), time(8)))


EIGHT = time(8)


def test_round_the_clock_shifts_leave_no_problem():
    assert coverage.problems([_full(FIRST), _full(LAST)], FIRST, LAST, EIGHT) == []


def test_the_duty_period_starts_at_the_hand_over():
    assert coverage.gaps([_full(FIRST), _full(LAST)], FIRST, LAST, time(0)) == [
        (datetime(2026, 5, 22, 0), datetime(2026, 5, 22, 8))
    ]


def test_a_night_shift_covers_the_early_hours_of_the_next_day():
    days = [
        _day(FIRST, ("甲", "13800138001", time(0), time(22)), ("丙", "13800138003", time(22), time(6))),
        _day(LAST, ("乙", "13800138002", time(6), time(6))),  # equal ends: a full 24 hours
    ]
    assert coverage.gaps(days, FIRST, LAST) == []


def test_a_missing_hour_is_named_with_its_day_and_times():
    days = [
        _full(FIRST),
        _day(LAST, ("甲", "13800138001", time(8), time(20)), ("乙", "13800138002", time(21), time(8))),
    ]
    assert coverage.problems(days, FIRST, LAST, EIGHT) == ["5月23日 20:00–21:00 无人值班"]


def test_a_night_shift_that_ends_too_soon_leaves_the_early_morning_uncovered():
    days = [_day(FIRST, ("甲", "13800138001", time(8), time(20)), ("乙", "13800138002", time(20), time(2))),
            _full(LAST)]  # fmt: skip
    assert coverage.problems(days, FIRST, LAST, EIGHT) == ["5月23日 02:00–08:00 无人值班"]


def test_a_gap_to_midnight_reads_24_00():
    days = [
        _day(FIRST, ("甲", "13800138001", time(0), time(0))),
        _day(LAST, ("甲", "13800138001", time(0), time(18))),
    ]
    assert coverage.problems(days, FIRST, LAST) == ["5月23日 18:00–24:00 无人值班"]


def test_a_day_without_a_leader_or_without_any_row():
    problems = coverage.problems([_day(FIRST, leader="")], FIRST, LAST)
    assert "5月22日 没有带班领导" in problems
    assert "5月23日 没有带班领导" in problems
    assert "5月22日 00:00–24:00 无人值班" in problems


def test_touching_shifts_are_a_hand_over_but_overlapping_ones_are_refused():
    touching = [
        _day(FIRST, ("甲", "13800138001", time(0), time(12)), ("甲", "13800138001", time(12), time(0)))
    ]
    assert coverage.overlaps(touching) == []
    overlapping = [
        _day(FIRST, ("甲", "13800138001", time(0), time(13)), ("甲", "13800138001", time(12), time(0)))
    ]
    assert coverage.overlaps(overlapping)
    assert any(
        p.startswith("甲") and "12:00–24:00" in p for p in coverage.problems(overlapping, FIRST, FIRST)
    )


def test_a_night_shift_overlapping_the_next_mornings_shift_of_the_same_person():
    days = [
        _day(FIRST, ("甲", "13800138001", time(20), time(9))),
        _day(LAST, ("甲", "13800138001", time(8), time(20))),
    ]
    ((person, _one, _other),) = coverage.overlaps(days)
    assert person == "甲"


def test_invalid_phone_numbers_are_named():
    days = [_day(FIRST, ("甲", "12345", time(0), time(0)), leader_phone="abc")]
    problems = coverage.problems(days, FIRST, FIRST)
    assert any("12345" in p for p in problems) and any("abc" in p for p in problems)


def test_a_fourteen_day_roster_with_one_missing_hour():
    first, last = date(2026, 5, 15), date(2026, 5, 28)
    days = [_full(date(2026, 5, d)) for d in range(15, 29)]
    days[7].shifts[1] = coverage.Shift("乙", "13800138002", time(21), time(8))  # 5月22日 20–21 uncovered
    assert coverage.problems(days, first, last, EIGHT) == ["5月22日 20:00–21:00 无人值班"]
