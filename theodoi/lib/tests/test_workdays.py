from datetime import date

import pytest

from theodoi.lib.workdays import (
    add_working_days,
    is_working_day,
    next_working_day,
    working_days_between,
    working_days_until,
)

# Tết 2026: Monday 16/2 to Friday 20/2 off; Saturday 14/2 a make-up working day.
DAYS_OFF = frozenset(date(2026, 2, d) for d in range(16, 21))
WORKING = frozenset({date(2026, 2, 14)})
CAL = {"days_off": DAYS_OFF, "working_days": WORKING}


@pytest.mark.parametrize(
    "day, working",
    [
        (date(2026, 2, 13), True),  # Friday
        (date(2026, 2, 14), True),  # make-up Saturday
        (date(2026, 2, 15), False),  # Sunday
        (date(2026, 2, 16), False),  # Tết
        (date(2026, 2, 23), True),
    ],
)
def test_is_working_day(day, working):
    assert is_working_day(day, **CAL) is working


def test_without_a_calendar_it_is_monday_to_friday():
    assert is_working_day(date(2026, 2, 16))
    assert not is_working_day(date(2026, 2, 14))


def test_next_working_day_skips_the_holidays():
    assert next_working_day(date(2026, 2, 14), **CAL) == date(2026, 2, 23)
    assert next_working_day(date(2026, 2, 13), **CAL) == date(2026, 2, 14)


def test_add_working_days_both_ways():
    assert add_working_days(date(2026, 2, 12), 3, **CAL) == date(2026, 2, 23)
    assert add_working_days(date(2026, 2, 23), -2, **CAL) == date(2026, 2, 13)
    assert add_working_days(date(2026, 2, 15), 0, **CAL) == date(2026, 2, 15)


def test_working_days_between_inverts_add_working_days():
    start = date(2026, 2, 10)
    for n in range(12):
        assert working_days_between(start, add_working_days(start, n, **CAL), **CAL) == n
    assert working_days_between(date(2026, 2, 23), date(2026, 2, 12), **CAL) == 0


def test_working_days_until_is_minus_one_once_past():
    today = date(2026, 2, 12)
    assert working_days_until(today, date(2026, 2, 11), **CAL) == -1
    assert working_days_until(today, today, **CAL) == 0
    assert working_days_until(today, date(2026, 2, 23), **CAL) == 3
