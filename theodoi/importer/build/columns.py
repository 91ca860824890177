"""Which field each column of a table holds, decided from its header *and* its cells.

Plans name their columns in many ways ("Tên nhiệm vụ/dự án", "Đơn vị thực
hiện", "Lộ trình") and some tables have no header the importer knows. Each
column gets a role with a confidence and the evidence it rests on:

- ``header``: the header cell is a name of the genre (``vocab.COLUMN_NAMES``), 1.0;
- ``words``: the header holds a key word of a role ("chủ trì", "nhiệm vụ"), 0.7,
  0.9 when the cells agree;
- ``cells``: no header says it; the cells do (short codes, names of bodies,
  time phrases, numbers, references to documents, long text), 0.4–0.75;
- ``office``: the standing office set it by hand (``corrections``), 1.0.

A typed header (a time or agency column) whose cells clearly hold something
else gives way to the cells, with the low confidence of a guess.
"""

import re
from dataclasses import dataclass

from ..textnorm import clean, loose
from ..vocab import column_field, starts_with_agency
from .codes import is_row_code

# Key words of a header, by role, tried in order (the first that matches wins).
HEADER_WORDS: tuple[tuple[str, re.Pattern], ...] = tuple(
    (role, re.compile(pattern))
    for role, pattern in (
        ("code", r"^(?:s[ốo] )?t\.?t\.?$|^stt\b|^số thứ tự"),
        ("name", r"\bhọ (?:và )?tên\b"),
        ("position", r"\bchức (?:vụ|danh)\b"),
        ("duty", r"\bnhiệm vụ (?:phụ trách|được phân công)|\blĩnh vực phụ trách"),
        ("note", r"\bghi chú\b|\bkinh phí\b|\bnguồn (?:vốn|kinh phí)\b|\bdự toán\b|\bvốn\b"),
        ("support", r"\bphối hợp\b"),
        ("lead", r"\bchủ trì\b|\b(?:chịu )?trách nhiệm\b|\b(?:đơn vị|cơ quan)\b.*\bthực hiện\b"),
        ("start", r"\bbắt đầu\b|\bkhởi công\b"),
        ("deadline", r"\bthời (?:gian|hạn)\b|\btiến độ\b|\blộ trình\b|\bhoàn thành\b|^hạn\b"),
        ("basis", r"\bcăn cứ\b"),
        ("unit", r"\bđơn vị tính\b|^đvt\b"),
        ("target", r"\bmục tiêu\b|\bgiá trị\b|\bchỉ tiêu (?:năm|kế hoạch|giao|đến)\b|^năm \d{4}"),
        ("indicator", r"\bchỉ tiêu\b|\bchỉ số\b"),
        ("deliverable", r"\bsản phẩm\b|\bkết quả\b|\bđầu ra\b|\bhình thức\b"),
        (
            "title",
            r"\bnhiệm vụ\b|\bnội dung\b|\btên\b|\bcông việc\b|\bhoạt động\b|\bđề án\b"
            r"|\bdự án\b|\bgiải pháp\b|\bchương trình\b",
        ),
    )
)

# What the cells of a column look like.
TIME_CELL = re.compile(
    r"^(?:tháng|quý|năm|hàng|hằng|thường xuyên|trước|từ|giai đoạn|định kỳ|cả năm|trong|đến"
    r"|sau khi|khi|cuối|đầu|giữa|6 tháng|\d{1,2}/\d{4}|\d{1,2}/\d{1,2}/\d{2,4}|(?:19|20)\d{2}\b)",
)
NUMBER_CELL = re.compile(
    r"^(?:[≥≤<>=~]|tối (?:thiểu|đa)|trên|dưới|ít nhất|đạt|từ)?\s*[\d.,]+\s*(?:%|lần)?"
    r"(?:\s*[-–]\s*[\d.,]+\s*%?)?$"
)
BASIS_CELL = re.compile(
    r"^(?:kế hoạch|quyết định|nghị quyết|chỉ thị|chương trình|công văn|thông báo|kết luận"
    r"|văn bản|luật|nghị định|thông tư)\b.*\d"
)
# Roles whose cells have a shape that can contradict the header.
TYPED = {"code": "code", "lead": "agency", "support": "agency", "start": "time"}
TYPED |= {"deadline": "time", "unit": "unit"}
ROLES = (
    "code",
    "title",
    "lead",
    "support",
    "start",
    "deadline",
    "deliverable",
    "basis",
    "indicator",
    "unit",
    "target",
    "name",
    "position",
    "duty",
    "note",
)


@dataclass
class Column:
    index: int
    header: str
    role: str | None
    confidence: float
    by: str  # header | words | cells | office

    def as_dict(self) -> dict:
        return {
            "column": self.index,
            "header": self.header,
            "role": self.role,
            "confidence": round(self.confidence, 2),
            "by": self.by,
        }


def header_role(cell: str | None) -> tuple[str | None, float, str]:
    """The role a header cell names: exactly (1.0), by a key word (0.7), or none."""
    text = loose(cell).strip(" .:*")
    if not text or len(text) > 80:
        return None, 0.0, ""
    exact = column_field(text)
    if exact:
        return exact, 1.0, "header"
    for role, pattern in HEADER_WORDS:
        if pattern.search(text):
            return role, 0.7, "words"
    return None, 0.0, ""


def cell_kind(text: str) -> str:
    """``code``, ``agency``, ``time``, ``number``, ``basis``, ``unit`` or ``text``."""
    first = text.split("\n", 1)[0].strip()
    key = loose(text)
    if is_row_code(text):
        return "code"
    if starts_with_agency(first):
        return "agency"
    if len(key) <= 60 and TIME_CELL.match(key):
        return "time"
    if len(key) <= 30 and NUMBER_CELL.match(key):
        return "number"
    if BASIS_CELL.match(key):
        return "basis"
    if len(key) <= 14 and not any(ch.isdigit() for ch in key):
        return "unit"
    return "text"


@dataclass
class Profile:
    """The cells of one column: how many of each kind, and how long they run."""

    kinds: dict[str, int]
    filled: int
    mean_length: float

    def share(self, kind: str) -> float:
        return self.kinds.get(kind, 0) / self.filled if self.filled else 0.0

    @property
    def main(self) -> tuple[str | None, float]:
        if not self.filled:
            return None, 0.0
        kind = max(self.kinds, key=self.kinds.get)
        return kind, self.share(kind)


def profile(cells: list[str | None]) -> Profile:
    kinds: dict[str, int] = {}
    lengths = []
    for cell in cells:
        text = clean(cell)
        if not text:
            continue
        kind = cell_kind(text)
        kinds[kind] = kinds.get(kind, 0) + 1
        lengths.append(len(text))
    mean = sum(lengths) / len(lengths) if lengths else 0.0
    return Profile(kinds, len(lengths), mean)


PROFILE_ROWS = 80  # a column's kind shows in its first rows; a long table need not be read whole

CELL_ROLES = {
    "code": "code",
    "agency": "lead",
    "time": "deadline",
    "number": "target",
    "basis": "basis",
    "unit": "unit",
}


def decide_columns(header: list[str | None] | None, body: list[list[str | None]]) -> list[Column]:
    """A role for every column, from the header row (or None) and the body rows."""
    width = max([len(header or [])] + [len(row) for row in body])
    columns = []
    sample = body[:PROFILE_ROWS]
    profiles = [profile([row[i] if i < len(row) else None for row in sample]) for i in range(width)]
    for i in range(width):
        text = clean(header[i]) if header and i < len(header) else None
        role, confidence, by = header_role(text)
        kind, share = profiles[i].main
        if role and role in TYPED and kind and kind != TYPED[role] and share >= 0.7:
            # "Đơn vị" over names of bodies: the cells are right, the header was short.
            if profiles[i].filled >= 2 and kind in CELL_ROLES:
                role, confidence, by = CELL_ROLES[kind], 0.6, "cells"
        elif role and by == "words" and role in TYPED and kind == TYPED[role] and share >= 0.5:
            confidence = 0.9
        elif role and by == "words" and role not in TYPED and kind == "text":
            confidence = 0.8
        elif role is None and kind in CELL_ROLES and share >= 0.5 and profiles[i].filled >= 2:
            role, confidence, by = CELL_ROLES[kind], 0.4 + 0.35 * share, "cells"
        columns.append(Column(i, text or "", role, confidence, by))
    _settle_text_columns(columns, profiles)
    _settle_agencies(columns)
    return columns


def _settle_text_columns(columns: list[Column], profiles: list[Profile]) -> None:
    """Columns of running text no header names: the longest is the task, then the product."""
    has_title = any(c.role in ("title", "indicator", "name") for c in columns)
    unnamed = [
        c
        for c in columns
        if c.role is None and profiles[c.index].filled >= 2 and profiles[c.index].main[0] == "text"
    ]
    unnamed.sort(key=lambda c: -profiles[c.index].mean_length)
    for column in unnamed:
        if not has_title:
            column.role, column.confidence, column.by = "title", 0.5, "cells"
            has_title = True
        elif not any(c.role == "deliverable" for c in columns):
            column.role, column.confidence, column.by = "deliverable", 0.4, "cells"


def _settle_agencies(columns: list[Column]) -> None:
    """Columns of bodies no header names: the first leads, the next supports, unless
    headers name those already; a further one ("Cấp phê duyệt", "Theo dõi") is not read."""
    named = {c.role for c in columns if c.role in ("lead", "support") and c.by != "cells"}
    for column in columns:
        if column.role in ("lead", "support") and column.by == "cells":
            free = [role for role in ("lead", "support") if role not in named]
            column.role = free[0] if free else None
            if column.role:
                named.add(column.role)


def is_header_row(row: list[str | None]) -> bool:
    """A header row: at least two cells name a role, and most of its cells do."""
    texts = [clean(cell) for cell in row if clean(cell)]
    if len(texts) < 2:
        return False
    named = [t for t in texts if header_role(t)[0]]
    exact = [t for t in texts if header_role(t)[2] == "header"]
    return len(named) >= 2 and (len(exact) >= 1 or len(named) >= 3) and len(named) * 2 > len(texts)
