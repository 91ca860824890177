"""The province's days off and make-up working days, as the pure rules take them."""

from datetime import date

from ..models import DayKind, Holiday


def calendar_days(start: date, end: date) -> tuple[set[date], set[date]]:
    """``(days_off, working_days)`` between two dates (inclusive), in one query."""
    rows = Holiday.objects.filter(date__range=(start, end)).values_list("date", "kind")
    days_off = {day for day, kind in rows if kind == DayKind.OFF}
    working_days = {day for day, kind in rows if kind == DayKind.WORKING}
    return days_off, working_days
