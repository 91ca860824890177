"""The one place "now" comes from, so that deadline logic can be tested at any date."""

from datetime import date, datetime

from django.utils import timezone


def now(at: datetime | None = None) -> datetime:
    """``at`` when given (a test or a caller that fixed the moment), else the real now."""
    return at if at is not None else timezone.now()


def today(at: datetime | None = None) -> date:
    """The date in the province's time zone (Asia/Ho_Chi_Minh)."""
    return timezone.localdate(now(at))
