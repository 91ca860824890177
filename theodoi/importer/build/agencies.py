"""Splitting a lead or support cell into bodies and groups of bodies.

``Sở, ban, ngành tỉnh; UBND xã, phường, đặc khu`` is two groups, not six
bodies: the cell is split on ``;``, then on commas and on ``và`` only where
what follows starts a new name (``Sở …``, ``UBND …``, ``các …``), so that
``Sở Khoa học và Công nghệ`` stays one body.
"""

import re

from ..textnorm import clean
from ..vocab import starts_with_agency

# "và" or "và các" between two names.
AND = re.compile(r"\s+và\s+(?=\S)")
LEADING_AND = re.compile(r"^(và|cùng)\s+")


def _split_piece(piece: str) -> list[str]:
    """One ``;``-separated piece: commas and ``và`` that separate whole names."""
    items: list[str] = []
    for part in piece.split(","):
        part = part.strip()
        if not part:
            continue
        if items and not starts_with_agency(part) and not _and_then_agency(part):
            items[-1] += ", " + part
        else:
            items.append(part)
    out: list[str] = []
    for item in items:
        out.extend(_split_on_and(item))
    return out


def _and_then_agency(text: str) -> bool:
    match = LEADING_AND.match(text)
    return bool(match) and starts_with_agency(text[match.end() :])


def _split_on_and(item: str) -> list[str]:
    pieces = [item]
    for match in reversed(list(AND.finditer(item))):
        head, tail = item[: match.start()], item[match.end() :]
        if starts_with_agency(tail) and starts_with_agency(head):
            pieces = [*_split_on_and(head), tail, *pieces[1:]]
            break
    return pieces


def split_agencies(cell: str | None) -> list[str]:
    text = clean(cell)
    if not text:
        return []
    out: list[str] = []
    for piece in re.split(r";|\n", text):
        for item in _split_piece(piece):
            item = LEADING_AND.sub("", item.strip(" .,:-–"))
            if item:
                out.append(item)
    return out
