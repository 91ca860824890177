"""Numbers the Vietnamese way: ``14,5`` (decimal comma), ``1.234`` (thousands dot)."""

import re
from decimal import Decimal, InvalidOperation

# 1.234 · -12.345.678: dots that can only be thousands separators.
THOUSANDS = re.compile(r"-?\d{1,3}(\.\d{3})+")


def format_number(value, places: int | None = None) -> str:
    """``14.5`` → ``14,5``; ``1234`` → ``1.234``; trailing zeros dropped unless ``places``."""
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


def parse_number(text: str | None) -> Decimal | None:
    """``14,5`` · ``1.234,5`` · ``1.234`` · ``14.5`` → a ``Decimal``; empty → ``None``.

    A comma is the decimal mark; dots are thousands separators when there is a comma
    or when they group digits by three (``1.234`` is one thousand two hundred and
    thirty-four), else a decimal point (``14.5``). Anything else (and infinities or
    NaN) raises ``ValueError``.
    """
    text = (text or "").strip().replace(" ", "")
    if not text:
        return None
    if "," in text or THOUSANDS.fullmatch(text):
        text = text.replace(".", "").replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise ValueError(f"not a number: {text!r}")
    return number
