"""Vietnamese dates for templates and messages: ``dd/mm/yyyy``, ``HH:MM dd/mm/yyyy``.

The formats themselves are ``theodoi.lib.dates`` (and numbers, ``14,5``, are
``theodoi.lib.numbers``); what is added here is Django's time zone, so that a moment
shows in the province's day.
"""

from datetime import datetime

from django.utils import timezone

from theodoi.lib import dates


def _local(value):
    return timezone.localtime(value) if timezone.is_aware(value) else value


def format_date(value) -> str:
    """A date, or a moment's day in the province, as ``dd/mm/yyyy``."""
    if isinstance(value, datetime):
        value = _local(value)
    return dates.format_date(value)


def format_datetime(value) -> str:
    """A moment as ``HH:MM dd/mm/yyyy`` in the province's time zone."""
    return "" if value is None else dates.format_moment(_local(value))
