"""Dates the Vietnamese way: ``dd/mm/yyyy`` (and ``HH:MM dd/mm/yyyy`` for a moment).

Time zones are the caller's business: give these a date or a local datetime.
"""

from datetime import date, datetime

DATE_FORMAT = "%d/%m/%Y"
MOMENT_FORMAT = "%H:%M %d/%m/%Y"


def format_date(value) -> str:
    """A date (or a datetime's date) as ``dd/mm/yyyy``; ``None`` → ``""``; other values as text."""
    if value is None:
        return ""
    if isinstance(value, date):  # a datetime is a date too
        return value.strftime(DATE_FORMAT)
    return str(value)


def format_moment(value: datetime | None) -> str:
    """``HH:MM dd/mm/yyyy``; ``None`` → ``""``."""
    return "" if value is None else value.strftime(MOMENT_FORMAT)


def parse_date(text: str | None) -> date | None:
    """``dd/mm/yyyy`` (also ``d/m/yyyy``) → a date; empty → ``None``; else ``ValueError``."""
    text = (text or "").strip()
    if not text:
        return None
    return datetime.strptime(text, DATE_FORMAT).date()
