"""Vietnamese numbers: ``14,5`` is 14.5, ``05`` is 5, ``1.000`` is 1000."""

import re

from ..readers.codes import roman_value

NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def to_number(text: str) -> int | float | None:
    """``"14,5"`` → 14.5; ``"05"`` → 5; ``"1.000"`` → 1000."""
    text = text.strip()
    if not NUMBER.fullmatch(text):
        return None
    if "," in text:
        whole, _, fraction = text.rpartition(",")
        whole = whole.replace(".", "")
        value = float(f"{whole}.{fraction}")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        value = float(text.replace(".", ""))
    else:
        value = float(text)
    return int(value) if value.is_integer() else value


def roman_or_int(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    return roman_value(text.upper())
