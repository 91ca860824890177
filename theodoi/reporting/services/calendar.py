"""The province's days off: seeded from the ``holidays`` library, kept by the office.

The library knows the lunar holidays (Tết, Giỗ Tổ Hùng Vương) and the make-up
days the government announces; the office corrects a year when the government
fixes it differently. The pure rules in ``rules.py`` take the two sets of dates
``selectors.calendar.calendar_days`` reads.
"""

from datetime import date

import holidays
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from theodoi.core.audit import audit

from ..models import DayKind, Holiday

DEFAULT_YEARS = range(2025, 2028)


def _library_days(years) -> dict[date, tuple[str, str]]:
    """``{date: (name, kind)}`` for the years, days off and make-up working days."""
    years = list(years)
    calendar = holidays.country_holidays("VN", years=years, language="vi")
    days = {day: (name, DayKind.OFF) for day, name in calendar.items()}
    for day in calendar.weekend_workdays:
        if day.year in years:  # the library also lists a few days of old years
            days[day] = (_("Ngày làm việc bù"), DayKind.WORKING)
    return days


@transaction.atomic
def holidays_load(*, years=DEFAULT_YEARS, user=None) -> int:
    """Add the days the library knows and the table lacks; returns how many were added.

    A day already in the table is left as it is: the office may have corrected it.
    """
    known = set(Holiday.objects.values_list("date", flat=True))
    added = []
    for day, (name, kind) in sorted(_library_days(years).items()):
        if day in known:
            continue
        holiday = Holiday(date=day, name=name[:200], kind=kind)
        audit(holiday, user, "reporting.holiday.imported")
        holiday.full_clean()
        holiday.save()
        added.append(day)
    _calendar_changed({date(day.year, 12, 31) for day in added}, user)  # once a year
    return len(added)


HOLIDAY_FIELDS = ["date", "name", "kind"]


@transaction.atomic
def holiday_save(*, holiday: Holiday | None, data: dict, user) -> Holiday:
    """Add a day off (``holiday`` None) or correct one; one day has one row."""
    holiday = holiday or Holiday()
    for field in HOLIDAY_FIELDS:
        setattr(holiday, field, data[field])
    if data["kind"] == DayKind.WORKING and data["date"].weekday() < 5:
        raise ValidationError(
            _("Ngày làm việc bù phải là thứ Bảy hoặc Chủ nhật; ngày thường đã là ngày làm việc.")
        )
    audit(holiday, user, "reporting.holiday.saved")
    holiday.full_clean()
    before = Holiday.objects.filter(pk=holiday.pk).values_list("date", flat=True).first()
    holiday.save()
    _calendar_changed({holiday.date, before} - {None}, user)
    return holiday


@transaction.atomic
def holiday_delete(*, holiday: Holiday, user) -> None:
    audit(holiday, user, "reporting.holiday.deleted")
    holiday.delete()
    _calendar_changed({holiday.date}, user)


def _calendar_changed(days: set[date], user) -> None:
    from .periods import periods_follow_calendar  # periods imports this module

    for day in days:
        periods_follow_calendar(day=day, user=user)
