"""Folding Vietnamese text, three ways for three uses.

- ``fold_accents``: a key for search and loose matching — no diacritics (``đ`` is
  ``d``), no case, one space between words: ``"Chuyển  Đổi số"`` → ``"chuyen doi so"``.
  Stored in ``search_text`` columns, so a change here changes what is found.
- ``fold_case``: the same words compared without case, accents kept — ``"Nội  DUNG"``
  → ``"nội dung"``; a table's header cell is recognised this way.
- ``squash_spaces``: text as it is output — NFC, whitespace runs folded to one space,
  trimmed; case and accents kept.
"""

import unicodedata


def squash_spaces(text: str | None) -> str:
    """NFC, whitespace runs folded to one space, trimmed."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def fold_case(text: str | None) -> str:
    """``squash_spaces`` then case-folded: accents are kept."""
    return squash_spaces(text).casefold()


def fold_accents(text) -> str:
    """Lower case, no diacritics, ``đ`` → ``d``, one space between words.

    ``text`` may be anything (a spreadsheet cell may hold a number); empty is ``""``.
    """
    text = str(text or "").replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.split()).lower()
