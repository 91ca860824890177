"""Vietnamese number and date formats: ``14,5``, ``1.234``, ``dd/mm/yyyy``."""

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone


def format_number(value, places: int | None = None) -> str:
    """``14.5`` -> ``14,5``; ``1234`` -> ``1.234``; trailing zeros dropped unless ``places``."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    if places is not None:
        text = f"{number:,.{places}f}"
    else:
        text = f"{number.normalize():,f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_date(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def format_datetime(value) -> str:
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%H:%M %d/%m/%Y")
