"""Splitting a lead or support cell into bodies and groups of bodies.

``Sở, ban, ngành tỉnh; UBND xã, phường, đặc khu`` is two groups, not six
bodies: the cell is split on ``;``, then on commas and on ``và`` only where
what follows starts a new name (``Sở …``, ``UBND …``, ``các …``), so that
``Sở Khoa học và Công nghệ`` stays one body. A group written in lower case
(``cơ quan, tổ chức có liên quan``) starts a new item after a body's own name
(``Bộ Tài chính, cơ quan …``) but not inside a group (``bộ, cơ quan …``).

A line break in the cell separates two items where the line before ends a
whole name and the next starts one (cells list one body per line); anywhere
else it is only where the text wrapped. Words that say what the body does
("thúc đẩy, theo dõi, báo cáo chỉ tiêu") are not part of its name.
"""

import re

from theodoi.lib.text import squash_spaces

from ..readers.cells import agency_complete
from ..textnorm import clean
from ..vocab import starts_with_agency

# "và" or "và các" between two names.
AND = re.compile(r"\s+và\s+(?=\S)")
LEADING_AND = re.compile(r"^(và|cùng)\s+")
# Groups written in lower case inside a list: "cơ quan, tổ chức có liên quan".
GROUP_WORDS = re.compile(r"^(?:các\s+)?(?:cơ quan|cơ sở|doanh nghiệp|đơn vị|địa phương)\b")
# What a body does, after its name: cut there.
ROLE_WORDS = re.compile(
    r"\s+(?:chủ trì|phối hợp|thúc đẩy|theo dõi|báo cáo|tổng hợp|hướng dẫn|tham mưu|đôn đốc"
    r"|kiểm tra|giám sát|chịu trách nhiệm)\b.*$"
)
# A group that is complete: "… có liên quan", "… khác".
GROUP_END = re.compile(r"\b(?:liên quan|khác)$")
BULLET = re.compile(r"^\s*[-–+•]\s*")


def is_proper(item: str) -> bool:
    """A body's own name ("Bộ Tài chính", "UBND tỉnh"), not a generic group ("các cơ quan")."""
    words = re.sub(r"^(?:các|Các)\s+", "", item).split()
    if not words:
        return False
    if words[0].isupper() and len(words[0].strip(",")) > 1:
        return True
    if any(w[:1].isupper() for w in words[1:]):
        return True
    # "Ủy ban nhân dân cấp tỉnh" is a body; "Sở, ban, ngành" a group.
    return words[0][:1].isupper() and len(words) >= 3 and "," not in item


def _starts_item(part: str, items: list[str]) -> bool:
    if not items:
        return True
    if starts_with_agency(part) and part[:1].isupper():
        return True
    if LEADING_AND.match(part) and starts_with_agency(LEADING_AND.sub("", part)):
        return True
    if part.startswith("các "):  # "…, các tổ chức nhân dân": a group of its own
        return True
    lower_group = GROUP_WORDS.match(part)
    return bool(lower_group) and (is_proper(items[-1]) or GROUP_END.search(items[-1]) is not None)


def _split_piece(piece: str) -> list[str]:
    """One ``;``-separated piece: ``và`` between whole names, then the commas that
    separate whole names ("Bộ Y tế và các bộ, ngành, địa phương" is two items)."""
    out: list[str] = []
    for group in _split_on_and(piece):
        items: list[str] = []
        for part in group.split(","):
            part = part.strip()
            if not part:
                continue
            if _starts_item(part, items):
                items.append(part)
            else:
                items[-1] += ", " + part
        out.extend(items)
    return out


def _split_on_and(item: str) -> list[str]:
    pieces = [item]
    for match in reversed(list(AND.finditer(item))):
        head, tail = item[: match.start()], item[match.end() :]
        if starts_with_agency(tail) and starts_with_agency(head) and not _one_name(head, tail):
            pieces = [*_split_on_and(head), tail, *pieces[1:]]
            break
    return pieces


def _one_name(head: str, tail: str) -> bool:
    """ "các Hiệp hội và Doanh nghiệp công nghệ số Việt Nam": a bare plural before "và"
    shares the qualifier after it, unless what follows is a body of its own kind."""
    bare = re.fullmatch(r"(?:các|Các)\s+\S+(?:\s+\S+)?", head.strip())
    own_kind = re.match(r"^(?:các\s+)?(?:UBND|Ủy ban|Uỷ ban|Sở|Bộ|Ban)\b", tail)
    return bool(bare) and not own_kind


def _lines_to_pieces(cell: str) -> str:
    """Line breaks that separate items become ``;``; the others (wraps) a space."""
    lines = [BULLET.sub("", line).strip() for line in cell.split("\n")]
    lines = [line for line in lines if line]
    text = ""
    for line in lines:
        last = text.split(";")[-1].strip()
        if last and starts_with_agency(last) and agency_complete(last) and starts_with_agency(line):
            text += "; " + line
        else:
            text = (text + " " + line).strip()
    return text


def split_agencies(cell: str | None) -> list[str]:
    if not clean(cell):
        return []
    text = clean(_lines_to_pieces(fold_lines(cell)))
    out: list[str] = []
    for piece in text.split(";"):
        for item in _split_piece(piece):
            item = LEADING_AND.sub("", item.strip(" .,:-–"))
            item = ROLE_WORDS.sub("", item) if is_proper(item) else item
            if item:
                out.append(item)
    return out


def fold_lines(cell: str) -> str:
    """Each line of the cell with its spaces folded, the breaks kept."""
    return "\n".join(squash_spaces(line) for line in cell.replace("\r", "\n").split("\n"))
