"""Search that ignores diacritics: ``chuyen doi so`` finds ``chuyển đổi số``.

Rows keep a folded copy of their searchable text (``search_text``); a query is
folded the same way and matched with a plain ``icontains`` — the same on SQLite
and PostgreSQL, no database extension needed.
"""

import re
import unicodedata


def fold(text: str | None) -> str:
    """Lower case, no diacritics, ``đ`` -> ``d``, spaces folded."""
    text = unicodedata.normalize("NFD", (text or "").replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return re.sub(r"\s+", " ", text).strip().lower()
