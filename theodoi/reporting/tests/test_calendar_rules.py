"""The pure working-day calendar and the periods a rule makes (no database)."""

from datetime import date, time
from itertools import pairwise

import pytest

from theodoi.lib.workdays import (
    add_working_days,
    is_working_day,
    next_working_day,
    working_days_between,
)
from theodoi.reporting.rules import ONE_DAY, is_late, period_spans, window_end

from .conftest import vn

# Tết Bính Ngọ 2026 (16–20/02), Giỗ Tổ 26/04 (a Sunday) with its make-up day off
# 27/04; Saturday 22/08/2026 made a working day for Monday 31/08.
TET_2026 = {date(2026, 2, d) for d in range(16, 21)}
DAYS_OFF = TET_2026 | {date(2026, 4, 26), date(2026, 4, 27), date(2026, 8, 31)}
WORKING = {date(2026, 8, 22)}
CAL = {"days_off": DAYS_OFF, "working_days": WORKING}


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 3, 2), True),  # Monday
        (date(2026, 3, 7), False),  # Saturday
        (date(2026, 3, 8), False),  # Sunday
        (date(2026, 2, 17), False),  # Tết
        (date(2026, 2, 23), True),  # the Monday after Tết
        (date(2026, 4, 27), False),  # make-up day off for Giỗ Tổ
        (date(2026, 8, 22), True),  # Saturday made a working day
        (date(2026, 8, 31), False),
    ],
)
def test_it_tells_working_days_from_days_off(day, working):
    assert is_working_day(day, DAYS_OFF, WORKING) is working


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 3, 6), date(2026, 3, 9)),  # Friday -> Monday
        (date(2026, 3, 2), date(2026, 3, 3)),
        (date(2026, 2, 13), date(2026, 2, 23)),  # Friday before Tết -> after it
        (date(2026, 4, 24), date(2026, 4, 28)),  # over the Giỗ Tổ weekend
        (date(2026, 8, 21), date(2026, 8, 22)),  # the make-up Saturday
    ],
)
def test_the_next_working_day_skips_weekends_and_holidays(day, expected):
    assert next_working_day(day, DAYS_OFF, WORKING) == expected


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        (date(2026, 3, 2), 0, date(2026, 3, 2)),
        (date(2026, 3, 2), 5, date(2026, 3, 9)),
        (date(2026, 2, 12), 2, date(2026, 2, 23)),  # Thu + 2 = Fri 13, then Mon 23
        (date(2026, 2, 23), -2, date(2026, 2, 12)),
        (date(2026, 8, 20), 3, date(2026, 8, 24)),  # Fri 21, the make-up Sat 22, Mon 24
    ],
)
def test_it_adds_working_days_in_both_directions(day, n, expected):
    assert add_working_days(day, n, DAYS_OFF, WORKING) == expected


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        (date(2026, 3, 1), date(2026, 3, 31), 22),
        (date(2026, 2, 1), date(2026, 2, 28), 15),  # 20 weekdays minus Tết
        (date(2026, 3, 10), date(2026, 3, 10), 0),
        (date(2026, 3, 10), date(2026, 3, 1), 0),
    ],
)
def test_it_counts_working_days_between_two_dates(start, end, count):
    assert working_days_between(start, end, DAYS_OFF, WORKING) == count


def test_counting_is_the_inverse_of_adding():
    start = date(2026, 1, 30)
    for n in range(0, 60, 7):
        assert working_days_between(start, add_working_days(start, n, **CAL), **CAL) == n


def _months(**rule):
    return {s.label: s for s in period_spans(frequency="monthly", **rule)}


def test_monthly_windows_follow_decree_09_from_the_15th_to_the_14th():
    spans = period_spans(frequency="monthly", year=2026, due_day=15)
    assert len(spans) == 12
    assert (spans[0].label, spans[0].starts_on, spans[0].ends_on) == (
        "Tháng 1/2026",
        date(2025, 12, 15),
        date(2026, 1, 14),
    )
    march = spans[2]
    assert (march.label, march.starts_on, march.ends_on) == (
        "Tháng 3/2026",
        date(2026, 2, 15),
        date(2026, 3, 14),
    )
    assert march.cutoff == vn(2026, 3, 15, 23, 59, 59)
    assert all(a.ends_on + ONE_DAY == b.starts_on for a, b in pairwise(spans))  # no gap


def test_a_window_starting_on_the_1st_is_the_calendar_month():
    march = period_spans(frequency="monthly", year=2026, due_day=5, window_start_day=1)[2]
    assert (march.starts_on, march.ends_on) == (date(2026, 3, 1), date(2026, 3, 31))
    assert march.cutoff == vn(2026, 4, 5, 23, 59, 59)  # the first 5th after the window


@pytest.mark.parametrize(
    ("frequency", "labels", "first_window", "first_cutoff"),
    [
        ("quarterly", ["Quý I/2026", "Quý II/2026", "Quý III/2026", "Quý IV/2026"],
         (date(2025, 12, 15), date(2026, 3, 14)), vn(2026, 3, 20, 23, 59, 59)),
        ("half-yearly", ["6 tháng đầu năm 2026", "6 tháng cuối năm 2026"],
         (date(2025, 12, 15), date(2026, 6, 14)), vn(2026, 6, 20, 23, 59, 59)),
        ("yearly", ["Năm 2026"],
         (date(2025, 12, 15), date(2026, 12, 14)), vn(2026, 12, 20, 23, 59, 59)),
    ],
)  # fmt: skip
def test_longer_periods_take_the_same_window_rule(frequency, labels, first_window, first_cutoff):
    spans = period_spans(frequency=frequency, year=2026, due_day=20)
    assert [s.label for s in spans] == labels
    assert (spans[0].starts_on, spans[0].ends_on) == first_window
    assert spans[0].cutoff == first_cutoff
    assert spans[-1].ends_on == date(2026, 12, 14)


def test_a_one_off_duty_has_one_period_in_its_year():
    spans = period_spans(frequency="once", year=2026, due_date=date(2026, 4, 23))
    assert [(s.label, s.cutoff) for s in spans] == [
        ("Báo cáo hạn 23/04/2026", vn(2026, 4, 23, 23, 59, 59))
    ]
    assert period_spans(frequency="once", year=2027, due_date=date(2026, 4, 23)) == []


def test_a_cut_off_on_a_sunday_stays_unless_the_rule_moves_it():
    # 15/03/2026 is a Sunday
    stays = _months(year=2026, due_day=15, **CAL)["Tháng 3/2026"]
    moves = _months(year=2026, due_day=15, move_off_days=True, **CAL)["Tháng 3/2026"]
    assert stays.cutoff == vn(2026, 3, 15, 23, 59, 59)
    assert moves.cutoff == vn(2026, 3, 16, 23, 59, 59)


def test_a_cut_off_inside_tet_moves_to_the_first_working_day_after_it():
    rule = {"year": 2026, "due_day": 18, "due_time": time(16), **CAL}
    assert _months(**rule)["Tháng 2/2026"].cutoff == vn(2026, 2, 18, 16, 0)
    moved = _months(move_off_days=True, **rule)["Tháng 2/2026"]
    assert moved.cutoff == vn(2026, 2, 23, 16, 0)


@pytest.mark.parametrize(
    ("year", "month", "expected"),
    [
        (2026, 2, date(2026, 2, 28)),
        (2028, 2, date(2028, 2, 29)),  # leap year
        (2024, 2, date(2024, 2, 29)),  # leap year
        (2026, 4, date(2026, 4, 30)),
        (2026, 1, date(2026, 1, 31)),
    ],
)
def test_a_cut_off_on_the_31st_is_the_last_day_of_shorter_months(year, month, expected):
    spans = period_spans(frequency="monthly", year=year, due_day=31)
    assert spans[month - 1].cutoff == vn(expected.year, expected.month, expected.day, 23, 59, 59)


def test_a_window_start_day_past_the_end_of_february_is_clamped():
    assert window_end(2026, 2, 31) == date(2026, 2, 28)
    assert window_end(2028, 2, 31) == date(2028, 2, 29)


def test_a_cut_off_moved_off_a_sunday_at_the_end_of_the_month_crosses_into_the_next():
    # 31/05/2026 is a Sunday
    spans = period_spans(frequency="monthly", year=2026, due_day=31, move_off_days=True)
    assert spans[4].cutoff == vn(2026, 6, 1, 23, 59, 59)


@pytest.mark.parametrize(
    ("submitted", "late"),
    [
        (vn(2026, 3, 25, 15, 59, 59), False),
        (vn(2026, 3, 25, 16, 0, 0), False),
        (vn(2026, 3, 25, 16, 0, 1), True),
    ],
)
def test_a_submission_against_a_16_00_cut_off_on_the_25th(submitted, late):
    cutoff = _months(year=2026, due_day=25, due_time=time(16))["Tháng 3/2026"].cutoff
    assert cutoff == vn(2026, 3, 25, 16, 0)
    assert is_late(submitted_at=submitted, cutoff=cutoff) is late
