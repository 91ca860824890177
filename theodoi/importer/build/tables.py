"""Tables into sections, tasks, indicators and members.

A table's kind follows from its header: a ``Chỉ tiêu`` column makes a KPI
table, ``Họ và tên`` a roster, a task column with a lead or time column a task
table. Rows are read in order: a roman numeral or letter in the TT cell opens
a section, a decimal code is a task (or indicator), an empty TT cell continues
the row above (or, in a KPI table, is a part of the indicator above).
"""

import re
from dataclasses import dataclass, field

from ..model import Table
from ..readers.codes import roman_value
from ..textnorm import clean, loose
from ..vocab import column_field
from ..warning_messages import warning
from .agencies import split_agencies
from .deadlines import read_deadline
from .targets import read_target, task_target

# A section code: a letter or a roman numeral, maybe followed by ".1", ".2".
SECTION_CODE = re.compile(r"^(?:[A-Z]|[IVXLC]+)(?:\.\d+)*$")
TASK_CODE = re.compile(r"^\d+(?:\.\d+)*$")
HONORIFIC = re.compile(r"^(?:Ông|Bà|Đồng chí|Đ/c)\.?\s+")


def normalise_code(cell: str | None) -> str:
    text = clean(cell) or ""
    return text.strip(" .:)").replace(" ", "")


@dataclass
class Collected:
    """What the tables of one document yield, in reading order."""

    year: int | None
    sections: list[dict] = field(default_factory=list)
    tasks: list[dict] = field(default_factory=list)
    indicators: list[dict] = field(default_factory=list)
    members: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)

    def warn(self, where: str, code: str, /, **values: str) -> None:
        """A warning with its code (``warning_messages.MESSAGES``) and values."""
        self.warnings.append(warning(where, code, **values))


def header_fields(row: list[str | None]) -> list[str | None] | None:
    """Fields of a header row, or None if this row is no header."""
    fields = [column_field(cell) for cell in row]
    named = [f for f in fields if f]
    if "code" in fields and len(named) >= 3:
        return fields
    return None


# Second header row under a merged "Thời gian": "Bắt đầu" | "Hoàn thành".
SUB_START = re.compile(r"^(bắt đầu|khởi công|từ)\b", re.IGNORECASE)
SUB_END = re.compile(r"^(hoàn thành|kết thúc|đến|thời hạn)\b", re.IGNORECASE)


def _with_sub_header(
    table: Table, start: int, fields: list[str | None]
) -> tuple[list[str | None], int]:
    """Fields refined by a merged header: a None cell continues the one to its left,
    and a second header row ("Bắt đầu", "Hoàn thành") names the parts."""
    header = table.rows[start]
    fields = list(fields)
    for i in range(1, len(fields)):
        if header[i] is None and fields[i] is None:
            fields[i] = fields[i - 1]
    if start + 1 >= len(table.rows):
        return fields, start
    sub = table.rows[start + 1]
    if normalise_code(sub[0]) or not any(clean(c) for c in sub):
        return fields, start
    refined = list(fields)
    named = False
    for i, cell in enumerate(sub[: len(fields)]):
        text = clean(cell) or ""
        if SUB_START.match(text):
            refined[i], named = "start", True
        elif SUB_END.match(text):
            refined[i], named = "deadline", True
        elif column_field(text):
            refined[i], named = column_field(text), True
    return (refined, start + 1) if named else (fields, start)


def table_kind(fields: list[str | None]) -> str | None:
    if "name" in fields:
        return "members"
    if "indicator" in fields:
        return "indicators"
    if "title" in fields:
        return "tasks"
    return None


def resolve_times(fields: list[str | None]) -> list[str | None]:
    """With one time column it is the deadline; with two, the first is the start."""
    times = [i for i, f in enumerate(fields) if f in ("start", "deadline")]
    fields = list(fields)
    if len(times) == 1:
        fields[times[0]] = "deadline"
    elif len(times) >= 2:
        fields[times[0]] = "start"
        for i in times[1:]:
            fields[i] = "deadline"
    return fields


@dataclass
class Row:
    code: str
    cells: dict[str, str]
    parts: list[dict[str, str]] = field(default_factory=list)


def _rows(table: Table, start: int, fields: list[str | None], kind: str, out: Collected):
    """Data rows as dicts by field; continuations joined, KPI part rows attached."""
    header_key = [loose(c) for c in table.rows[start - 1]]
    rows: list[Row] = []
    previous: list[str | None] = [None] * len(fields)
    for raw in table.rows[start:]:
        if [loose(c) for c in raw] == header_key:
            continue
        raw = [
            previous[i] if cell is None and i < len(previous) else cell
            for i, cell in enumerate(raw)
        ]
        cells: dict[str, str] = {}
        for f, cell in zip(fields, raw, strict=False):
            if f and cell and cell.strip() and f not in cells:
                cells[f] = cell
        if not any(v.strip() for v in cells.values()):
            continue
        code = normalise_code(cells.pop("code", ""))
        is_part = (
            kind == "indicators"
            and not code
            and cells.get("target")
            and not (cells.get("lead") or cells.get("support"))
        )
        if not code and rows and is_part:
            rows[-1].parts.append(cells)
        elif not code and rows:
            for f, text in cells.items():
                rows[-1].cells[f] = _join_continuation(rows[-1].cells.get(f, ""), text)
        elif not code:
            out.warn(kind, "row_unplaced", text=clean(" ".join(cells.values()))[:80])
        else:
            rows.append(Row(code, cells))
        previous = raw
    return rows


def _join_continuation(before: str, after: str) -> str:
    """A cell continued after a page break; a word the PDF text repeats is dropped."""
    if before and loose(before).endswith(loose(after)) and len(after.split()) <= 2:
        return before
    return (before + "\n" + after).strip()


class Sections:
    """The stack of enclosing sections; paths like ``B/IV`` or ``I/I.1``."""

    def __init__(self) -> None:
        self.stack: list[tuple[int, str]] = []

    @staticmethod
    def level(code: str) -> int:
        base = code.split(".")[0]
        depth = code.count(".")
        if roman_value(base) is not None:
            return 1 + depth
        return depth

    def enter(self, code: str) -> str:
        level = self.level(code)
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        self.stack.append((level, code))
        return self.path

    @property
    def path(self) -> str | None:
        return "/".join(code for _, code in self.stack) or None


def _where(group: str, section: str | None, code: str) -> str:
    return f"{group} {section}/{code}" if section else f"{group} {code}"


def _next_codes(last: tuple[int, ...] | None) -> set[tuple[int, ...]]:
    if last is None:
        return set()
    out = {(*last, 1)}
    for depth in range(len(last)):
        out.add((*last[:depth], last[depth] + 1))
    return out


def read_table(table: Table, out: Collected) -> None:
    found = next(((i, f) for i, row in enumerate(table.rows) if (f := header_fields(row))), None)
    if found is None:
        return
    start, fields = found
    fields, start = _with_sub_header(table, start, fields)
    fields = resolve_times(fields)
    kind = table_kind(fields)
    if kind is None:
        return
    if kind == "indicators":
        fields = ["target" if f == "deliverable" else f for f in fields]
    rows = _rows(table, start + 1, fields, kind, out)
    if kind == "members":
        out.members.extend(_member(row) for row in rows)
    elif kind == "indicators":
        _indicators(rows, fields, out)
    else:
        _tasks(rows, fields, out)


def _member(row: Row) -> dict:
    name = clean(row.cells.get("name")) or ""
    return {
        "name": HONORIFIC.sub("", name),
        "position": clean(row.cells.get("position")),
        "duty": clean(row.cells.get("duty")),
    }


def _indicators(rows: list[Row], fields: list[str | None], out: Collected) -> None:
    sections = Sections()
    has_unit_column = "unit" in fields
    by_code: dict[tuple[str | None, str], dict] = {}

    def unit_of(cells: dict[str, str]) -> str | None:
        if has_unit_column:
            return clean(cells.get("unit"))
        return "%" if "%" in (cells.get("target") or "") else None

    for row in rows:
        name = clean(row.cells.get("indicator"))
        if SECTION_CODE.match(row.code):
            sections.enter(row.code)
            continue
        if not TASK_CODE.match(row.code):
            out.warn(
                _where("indicators", sections.path, row.code), "indicator_unplaced", code=row.code
            )
            continue
        parent = by_code.get((sections.path, row.code.rpartition(".")[0]))
        part_target = read_target(row.cells.get("target"))
        if parent is not None and "." in row.code:
            parent["parts"].append(
                {"name": name, "unit": unit_of(row.cells), "target": part_target}
            )
            continue
        indicator = {
            "section": sections.path,
            "code": row.code,
            "name": name,
            "unit": unit_of(row.cells),
            "target": part_target,
            "lead": split_agencies(row.cells.get("lead")),
            "support": split_agencies(row.cells.get("support")),
            "parts": [
                {
                    "name": clean(p.get("indicator")),
                    "unit": unit_of(p),
                    "target": read_target(p.get("target")),
                }
                for p in row.parts
            ],
        }
        by_code[(sections.path, row.code)] = indicator
        out.indicators.append(indicator)


def _tasks(rows: list[Row], fields: list[str | None], out: Collected) -> None:
    sections = Sections()
    has_basis = "basis" in fields
    last: tuple[int, ...] | None = None
    by_code: dict[tuple[str | None, str], dict] = {}
    for row in rows:
        title = clean(row.cells.get("title"))
        if SECTION_CODE.match(row.code):
            path = sections.enter(row.code)
            out.sections.append({"code": row.code, "path": path, "title": title})
            continue
        where = _where("tasks", sections.path, row.code)
        if not TASK_CODE.match(row.code):
            out.warn(where, "code_unreadable", code=row.code)
            continue
        code = tuple(int(p) for p in row.code.split("."))
        if last is not None and code not in _next_codes(last) and code != (1,):
            out.warn(where, "code_gap", code=row.code, previous=".".join(map(str, last)))
        last = code
        deadline = read_deadline(row.cells.get("deadline"), out.year)
        task = {
            "section": sections.path,
            "code": row.code,
            "title": title,
            "lead": split_agencies(row.cells.get("lead")),
            "support": split_agencies(row.cells.get("support")),
            "start": clean(row.cells.get("start")),
            "deadline": deadline.as_dict(),
            "deliverable": clean(row.cells.get("deliverable")),
            "basis": clean(row.cells.get("basis")) if has_basis else None,
            "target": task_target(title),
        }
        parent = by_code.get((sections.path, row.code.rpartition(".")[0]))
        if parent is not None:
            _inherit(task, parent)
        if deadline.unreadable:
            out.warn(where, "deadline_unreadable", text=deadline.text)
        by_code[(sections.path, row.code)] = task
        out.tasks.append(task)
    _warn_missing_leads(out, by_code)


# Cells a merge may cover from a task down over its sub-tasks.
MERGEABLE = ("lead", "support", "deliverable", "basis")


def _inherit(task: dict, parent: dict) -> None:
    """A sub-task's empty cells take its parent's, as a merged cell means."""
    for key in MERGEABLE:
        if not task[key] and parent[key]:
            task[key] = list(parent[key]) if isinstance(parent[key], list) else parent[key]
    if not task["deadline"]["text"] and parent["deadline"]["text"]:
        task["deadline"] = dict(parent["deadline"])


def _warn_missing_leads(out: Collected, by_code: dict[tuple[str | None, str], dict]) -> None:
    parents = {(section, code.rpartition(".")[0]) for section, code in by_code}
    for (section, code), task in by_code.items():
        if not task["lead"] and (section, code) not in parents:
            out.warn(_where("tasks", section, code), "no_lead")
