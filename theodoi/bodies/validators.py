"""Names hold no control characters.

A line break (CR, LF) or another control character in a name goes wherever the
name goes: into an e-mail's subject, where Django refuses it (``BadHeaderError``),
so that every message about the body failed; into documents and spreadsheets.
Names are typed in forms and read from CSV/XLSX files: both are checked here.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Control characters (Cc: CR, LF, tab, NUL, ESC…) and the line and paragraph separators.
_REFUSED = {"Cc", "Zl", "Zp"}


def has_control_characters(text) -> bool:
    return any(unicodedata.category(ch) in _REFUSED for ch in str(text or ""))


def name_error() -> str:
    return _("Tên không được chứa ký tự điều khiển (xuống dòng, tab…).")


def validate_name(value) -> None:
    """A form or model validator: refuses a name with a control character."""
    if has_control_characters(value):
        raise ValidationError(name_error(), code="control_characters")


def without_control_characters(text: str) -> str:
    """``text`` on one line: each control character becomes a space, spaces collapse."""
    cleaned = "".join(" " if unicodedata.category(ch) in _REFUSED else ch for ch in text or "")
    return " ".join(cleaned.split())
