"""The working-day calendar: the one place working days are counted.

``days_off`` are public holidays (and their make-up days off); ``working_days`` are
Saturdays or Sundays the government made working days in exchange. Both are sets of
dates; where they come from (the database) is the caller's business.
"""

from collections.abc import Set
from datetime import date, timedelta

ONE_DAY = timedelta(days=1)
NONE: Set[date] = frozenset()


def is_working_day(day: date, days_off: Set[date] = NONE, working_days: Set[date] = NONE) -> bool:
    """Monday to Friday, unless a public holiday; a weekend day only as a make-up day."""
    if day in working_days:
        return True
    if day in days_off:
        return False
    return day.weekday() < 5


def next_working_day(day: date, days_off: Set[date] = NONE, working_days: Set[date] = NONE) -> date:
    """The first working day strictly after ``day``."""
    return add_working_days(day, 1, days_off, working_days)


def add_working_days(
    day: date, n: int, days_off: Set[date] = NONE, working_days: Set[date] = NONE
) -> date:
    """The ``n``-th working day after ``day`` (before it when ``n`` is negative)."""
    step = ONE_DAY if n >= 0 else -ONE_DAY
    for _step in range(abs(n)):
        day += step
        while not is_working_day(day, days_off, working_days):
            day += step
    return day


def working_days_between(
    start: date, end: date, days_off: Set[date] = NONE, working_days: Set[date] = NONE
) -> int:
    """Working days after ``start`` up to and including ``end`` (0 if ``end <= start``).

    So that ``working_days_between(d, add_working_days(d, n, …), …) == n``.
    """
    count, day = 0, start + ONE_DAY
    while day <= end:
        count += is_working_day(day, days_off, working_days)
        day += ONE_DAY
    return count


def working_days_until(
    today: date, due: date, days_off: Set[date] = NONE, working_days: Set[date] = NONE
) -> int:
    """Working days left from ``today`` to ``due``: 0 on the due day, -1 once it is past."""
    if due < today:
        return -1
    return working_days_between(today, due, days_off, working_days)
