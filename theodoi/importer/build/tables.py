"""Tables into sections, tasks, indicators and members.

``layout`` decides what a table is: its header row(s), each column's role
(``columns``, from header and cells) and its kind — a KPI table when a column
holds indicators (or a task-like table has units and targets), a roster when
one holds people's names, a task table when one holds tasks beside bodies,
times or products. A table with none of these is not a data table (the
builder reads its text as prose: the two-column header of an official
document is such a table).

Rows are then read in order: a letter or roman numeral in the TT cell opens a
section (also when code and title share one merged cell), a decimal code is a
task (or indicator), an empty TT cell continues the row above (or, in a KPI
table, is a part of the indicator above). Every row keeps its ``origin``
(table, row) so that the office can flip a row between section and task.
"""

import re
from dataclasses import dataclass, field

from ..model import Table
from ..textnorm import clean, loose
from ..warning_messages import warning
from .agencies import split_agencies
from .codes import (
    BULLET_CODE,
    SECTION_CODE,
    TASK_CODE,
    Sections,
    is_row_code,
    normalise_code,
    split_code_and_title,
)
from .columns import Column, decide_columns, header_role, is_header_row
from .deadlines import read_deadline
from .targets import read_target, task_target

HONORIFIC = re.compile(r"^(?:Ông|Bà|Đồng chí|Đ/c)\.?\s+")
GUESSED_BELOW = 0.8  # a column role under this confidence is shown to the office as a guess


@dataclass
class Collected:
    """What the tables of one document yield, in reading order."""

    year: int | None
    sections: list[dict] = field(default_factory=list)
    tasks: list[dict] = field(default_factory=list)
    indicators: list[dict] = field(default_factory=list)
    members: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    tables: list[dict] = field(default_factory=list)

    def warn(self, where: str, code: str, /, **values: str) -> None:
        """A warning with its code (``warning_messages.MESSAGES``) and values."""
        self.warnings.append(warning(where, code, **values))


@dataclass
class Layout:
    """What one table is: where its body starts, its columns, its kind."""

    table: int  # the table's place among the document's tables
    body_start: int
    columns: list[Column]
    kind: str
    header_key: list[list[str]] = field(default_factory=list)  # its header rows, loosely

    @property
    def fields(self) -> list[str | None]:
        return [c.role for c in self.columns]

    def as_dict(self, rows: int, continues: int | None = None) -> dict:
        return {
            "table": self.table,
            "kind": self.kind,
            "header_rows": self.body_start,
            "rows": rows,
            "continues": continues,
            "columns": [c.as_dict() for c in self.columns],
        }


# Second header row under a merged "Thời gian": "Bắt đầu" | "Hoàn thành".
SUB_START = re.compile(r"^(bắt đầu|khởi công|từ)\b", re.IGNORECASE)
SUB_END = re.compile(r"^(hoàn thành|kết thúc|đến|thời hạn)\b", re.IGNORECASE)


def _sub_header(table: Table, start: int) -> dict[int, str] | None:
    """Header texts a second header row gives ("Bắt đầu" under "Thời gian"), or None."""
    if start + 1 >= len(table.rows):
        return None
    sub = table.rows[start + 1]
    if normalise_code(sub[0] if sub else None) or not any(clean(c) for c in sub):
        return None
    named = {}
    for i, cell in enumerate(sub):
        text = clean(cell) or ""
        if SUB_START.match(text):
            named[i] = "Thời gian bắt đầu"
        elif SUB_END.match(text):
            named[i] = "Thời gian hoàn thành"
        elif header_role(text)[2] == "header":
            named[i] = text
    return named or None


def _merged_header(table: Table, start: int) -> list[str | None]:
    """The header row with a merged cell's text carried right (None continues the left)."""
    header = list(table.rows[start])
    for i in range(1, len(header)):
        if header[i] is None:
            header[i] = header[i - 1]
    return header


def find_header(table: Table) -> int | None:
    """The header row: one whose cells name roles, or a row "STT | … | …" of short
    names the importer does not know, followed by a numbered row."""
    rows = table.rows
    for i, row in enumerate(rows[:8]):
        if is_header_row(row):
            return i
        texts = [clean(cell) for cell in row if clean(cell)]
        following = next((r for r in rows[i + 1 :] if any(clean(c) for c in r)), None)
        if (
            row
            and header_role(row[0])[0] == "code"
            and len(texts) >= 3
            and all(len(text) <= 60 for text in texts)
            and following is not None
            and is_row_code(following[0])
        ):
            return i
    return None


def table_kind(fields: list[str | None]) -> str | None:
    if "name" in fields:
        return "members"
    if "indicator" in fields:
        return "indicators"
    if "title" in fields and "unit" in fields and "target" in fields:
        return "indicators"
    if "title" in fields and any(
        f in fields for f in ("lead", "support", "deadline", "start", "deliverable")
    ):
        return "tasks"
    return None


def resolve_times(columns: list[Column]) -> None:
    """With one time column it is the deadline; with two, the first is the start."""
    times = [c for c in columns if c.role in ("start", "deadline")]
    if len(times) == 1:
        times[0].role = "deadline"
    elif len(times) >= 2 and not any(c.by == "office" for c in times):
        times[0].role = "start"
        for column in times[1:]:
            column.role = "deadline"


def _apply_corrections(columns: list[Column], table: int, corrections: dict) -> None:
    for fix in corrections.get("columns") or []:
        if fix.get("table") == table and 0 <= fix.get("column", -1) < len(columns):
            column = columns[fix["column"]]
            column.role, column.confidence, column.by = fix.get("role") or None, 1.0, "office"


def layout(table: Table, index: int, corrections: dict | None = None) -> Layout | None:
    """What the table is, or None when it holds no tasks, indicators or members."""
    corrections = corrections or {}
    start = find_header(table)
    if start is None:
        if not _looks_like_data(table):
            return None
        body_start, header = 0, None
    else:
        header = _merged_header(table, start)
        body_start = start + 1
        sub = _sub_header(table, start)
        if sub:
            header = [sub.get(i, cell) for i, cell in enumerate(header)]
            body_start += 1
    columns = decide_columns(header, table.rows[body_start:])
    _apply_corrections(columns, index, corrections)
    resolve_times(columns)
    kind = table_kind([c.role for c in columns])
    if kind is None:
        return None
    if kind == "indicators":
        for column in columns:
            if column.role == "deliverable":
                column.role = "target"
            elif column.role == "title":
                column.role = "indicator"
    header_key = [[loose(c) for c in row] for row in table.rows[start or 0 : body_start]]
    return Layout(index, body_start, columns, kind, header_key)


def _looks_like_data(table: Table) -> bool:
    """A table with no header whose first column is mostly TT codes."""
    rows = [row for row in table.rows if any(clean(c) for c in row)]
    if len(rows) < 2 or max(len(r) for r in rows) < 3:
        return False
    coded = sum(1 for row in rows if is_row_code(row[0]))
    return coded * 2 >= len(rows)


def continues(previous: Layout, table: Table) -> int | None:
    """Where the rows start of a table that continues the data table before it, or None.

    It continues it when it is as wide and either repeats its header (as a
    table over several pages does) or has no header of its own and holds data.
    """
    if not table.rows or max(len(row) for row in table.rows) != len(previous.columns):
        return None
    start = find_header(table)
    if start is None:
        return 0 if _looks_like_data(table) else None
    size = len(previous.header_key)
    key = [[loose(c) for c in row] for row in table.rows[start : start + size]]
    return start + size if size and key == previous.header_key else None


@dataclass
class Row:
    code: str
    cells: dict[str, str]
    origin: tuple[int, int]
    heading: bool = False  # a section row (its code, or the office, says so)
    parts: list[dict[str, str]] = field(default_factory=list)


def data_rows(
    pieces: list[tuple[Table, int, int]], lay: Layout, out: Collected, corrections: dict
) -> list[Row]:
    """Data rows as dicts by field, from the table and the tables that continue it."""
    fields = lay.fields
    flips = {
        (fix.get("table"), fix.get("row")): fix.get("as") for fix in corrections.get("rows") or []
    }
    rows: list[Row] = []
    growing: dict[str, _Continued] = {}  # the last row's cells continued on later rows
    for table, index, start in pieces:
        header_keys = [[loose(c) for c in row] for row in table.rows[:start]]
        previous: list[str | None] = [None] * len(fields)
        for r, raw in enumerate(table.rows[start:], start):
            if [loose(c) for c in raw] in header_keys or _is_column_numbers(raw):
                continue
            spans = {c for row_at, c in table.across if row_at == r}
            row = _row(raw, previous, fields, lay.kind, (index, r), flips.get((index, r)), spans)
            previous = [
                ("" if i in spans else previous[i]) if cell is None and i < len(previous) else cell
                for i, cell in enumerate(raw)
            ]
            if row is None:
                continue
            heading = not row.code and _is_heading(table, r, raw, row, lay.kind)
            if row.code or heading:
                _settle(rows, growing)
            if heading:
                row.heading = True
                rows.append(row)
            elif not row.code and rows and _is_part(row, lay.kind):
                rows[-1].parts.append(row.cells)
            elif not row.code and rows:
                for f, text in row.cells.items():
                    if f not in growing:
                        growing[f] = _Continued(rows[-1].cells.get(f, ""))
                    growing[f].join(text, f in ITEM_FIELDS)
                    rows[-1].cells[f] = growing[f]
            elif not row.code:
                text = clean(" ".join(row.cells.values())) or ""
                out.warn(lay.kind, "row_unplaced", text=text[:80])
            else:
                rows.append(row)
    _settle(rows, growing)
    return rows


def _settle(rows: list[Row], growing: dict) -> None:
    """The last row's continued cells as text, before another row follows it."""
    if rows and growing:
        for f, cell in growing.items():
            rows[-1].cells[f] = cell.text()
    growing.clear()


AGENCY_FIELDS = ("lead", "support")


def _row(raw, previous, fields, kind, origin, flip, spans=frozenset()) -> Row | None:
    """One row's cells by field.

    A cell a merge covers from above repeats the one above. The TT cell merged
    down over a row makes it part of the task above, unless the row has a task
    text of its own (then it is a second task under the same number). A lead
    cell spread across the support column ("Theo phân công tại …") is both.
    """
    roles = [*fields, *[None] * max(0, len(raw) - len(fields))]
    twin = _own_text(raw, roles, _title_field(kind), previous) or _own_text(
        raw, roles, "lead", previous
    )
    merged: list[str | None] = []
    for i, cell in enumerate(raw):
        if cell is None and i in spans:  # covered by the cell to its left
            agencies = i and roles[i] in AGENCY_FIELDS and roles[i - 1] in AGENCY_FIELDS
            cell = merged[i - 1] if agencies else None
        elif cell is None and i < len(previous) and (roles[i] != "code" or twin):
            cell = previous[i]
        merged.append(cell)
    cells = _by_field(fields, merged)
    heading = False
    if "code" in fields:
        at = fields.index("code")
        whole = _code_and_title(raw, at)
        if whole is not None:
            code, title = whole
            cells = {"code": code, _title_field(kind): title}
            heading = bool(SECTION_CODE.match(code))
    if not any(v.strip() for v in cells.values()):
        return None
    code = normalise_code(cells.pop("code", ""))
    if not is_row_code(code) and code:
        # Not a code: text that spilled into the TT column belongs to the row.
        cells[_title_field(kind)] = (code + " " + cells.get(_title_field(kind), "")).strip()
        code = ""
    heading = heading or bool(SECTION_CODE.match(code))
    if flip in ("section", "task") and code:
        heading = flip == "section"
    if not code:  # a continuation adds only its own text, not the merged cells'
        cells = {f: text for f, text in _by_field(fields, raw).items() if f != "code"}
    return Row(code, cells, origin, heading)


def _own_text(raw, roles, field: str, previous) -> bool:
    """Does the row have its own text in ``field``'s column, other than the row above's?"""
    if field not in roles:
        return False
    at = roles.index(field)
    if at >= len(raw) or not clean(raw[at]):
        return False
    return at >= len(previous) or loose(raw[at]) != loose(previous[at])


def _by_field(fields: list[str | None], cells: list[str | None]) -> dict[str, str]:
    out: dict[str, str] = {}
    for f, cell in zip(fields, cells, strict=False):
        if f and cell and cell.strip() and f not in out:
            out[f] = cell
    return out


def _code_and_title(raw: list[str | None], at: int) -> tuple[str, str] | None:
    """A heading whose code and title share the TT cell, the rest of the row merged or empty."""
    if at >= len(raw) or not raw[at]:
        return None
    rest = [cell for i, cell in enumerate(raw) if i != at]
    if any(clean(cell) for cell in rest if cell is not None):
        return None
    return split_code_and_title(raw[at])


def _title_field(kind: str) -> str:
    return {"indicators": "indicator", "members": "name"}.get(kind, "title")


def _is_column_numbers(raw: list[str | None]) -> bool:
    """The row "(1) (2) (3) …" or "1 2 3 4" some tables put under the header."""
    texts = [normalise_code(c) for c in raw if clean(c)]
    return len(texts) >= 3 and texts == [str(n) for n in range(1, len(texts) + 1)]


def _is_heading(table: Table, r: int, raw: list[str | None], row: Row, kind: str) -> bool:
    """A row with no TT code whose only text is a bold (or capitals) title: a heading
    ("Nhóm nhiệm vụ về thể chế"), not the end of the task above."""
    title = row.cells.get(_title_field(kind))
    if kind == "members" or not title or len(row.cells) != 1:
        return False
    if sum(1 for cell in raw if clean(cell)) != 1:
        return False
    text = clean(title) or ""
    capitals = len(text.split()) >= 2 and text.upper() == text and any(c.isalpha() for c in text)
    return table.is_bold(r) or capitals


def _is_part(row: Row, kind: str) -> bool:
    return (
        kind == "indicators"
        and bool(row.cells.get("target"))
        and not (row.cells.get("lead") or row.cells.get("support"))
    )


# Cells whose sub-rows are items of their own ("Tháng 5/2026" then "Tháng 11/2026").
ITEM_FIELDS = {"deadline", "start", "deliverable"}


def _join_continuation(before: str, after: str, items: bool = False) -> str:
    """A cell continued on the next row (a sub-row, or after a page break).

    A word the PDF text repeats is dropped. In a time or product cell, a
    continuation that starts anew (a capital after a finished phrase) is a
    second item, kept apart by "; ".
    """
    cell = _Continued(before)
    cell.join(after, items)
    return cell.text()


class _Continued:
    """A cell continued row after row (``_join_continuation``), kept in pieces.

    Joining the text again at each row, and folding all of it to compare, would
    take time quadratic in the rows: a table of thousands of rows that all
    continue one cell. Only the end of the cell is looked at, and the pieces
    are joined once (``text``).
    """

    def __init__(self, text: str):
        self.pieces = [text]
        self.size = len(text)

    def text(self) -> str:
        if len(self.pieces) > 1:
            self.pieces = ["".join(self.pieces)]
        return self.pieces[0]

    def end(self, size: int) -> str:
        """The last ``size`` characters (or a few more)."""
        tail: list[str] = []
        length = 0
        for piece in reversed(self.pieces):
            tail.append(piece)
            length += len(piece)
            if length >= size:
                break
        return "".join(reversed(tail))[-size:]

    def join(self, after: str, items: bool) -> None:
        window = 4 * len(after) + 64
        if self.size and len(after.split()) <= 2 and loose(self.end(window)).endswith(loose(after)):
            return
        if self.size and self.size <= window and loose(after) == loose(self.text()):
            return  # a merged cell repeated after a page break
        tail = self.end(window).rstrip()
        if not tail and self.size > window:  # a cell that ends in a long run of spaces
            tail = self.text().rstrip()
        if items and tail and after[:1].isupper() and not tail.endswith((",", ";", "và", "-")):
            self._rstrip()
            self._add("; " + after.strip())
            return
        self._add("\n" + after)
        self._rstrip()
        self._lstrip()

    def _add(self, piece: str) -> None:
        self.pieces.append(piece)
        self.size += len(piece)

    def _lstrip(self) -> None:
        while len(self.pieces) > 1 and not self.pieces[0].strip():
            self.size -= len(self.pieces.pop(0))
        first = self.pieces[0].lstrip()
        self.size -= len(self.pieces[0]) - len(first)
        self.pieces[0] = first

    def _rstrip(self) -> None:
        while self.pieces:
            last = self.pieces[-1].rstrip()
            self.size -= len(self.pieces[-1]) - len(last)
            if last or len(self.pieces) == 1:
                self.pieces[-1] = last
                break
            self.pieces.pop()


def read_rows(rows: list[Row], lay: Layout, out: Collected) -> None:
    if lay.kind == "members":
        out.members.extend(_member(row) for row in rows)
    elif lay.kind == "indicators":
        _indicators(rows, lay.fields, out)
    else:
        _tasks(rows, lay.fields, out)


def _where(group: str, section: str | None, code: str) -> str:
    return f"{group} {section}/{code}" if section else f"{group} {code}"


def _origin(row: Row) -> dict:
    return {"table": row.origin[0], "row": row.origin[1]}


def _next_codes(last: tuple[int, ...] | None) -> set[tuple[int, ...]]:
    if last is None:
        return set()
    out = {(*last, 1)}
    for depth in range(len(last)):
        out.add((*last[:depth], last[depth] + 1))
    return out


def _member(row: Row) -> dict:
    name = clean(row.cells.get("name")) or ""
    return {
        "name": HONORIFIC.sub("", name),
        "position": clean(row.cells.get("position")),
        "duty": clean(row.cells.get("duty")),
    }


def _section(sections: Sections, row: Row, title_field: str, out: Collected) -> None:
    title = clean(row.cells.get(title_field))
    path = sections.enter(row.code, title)
    out.sections.append({"code": row.code, "path": path, "title": title, "origin": _origin(row)})


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
        if row.heading:
            _section(sections, row, "indicator", out)
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
            "origin": _origin(row),
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
        if row.heading:
            _section(sections, row, "title", out)
            continue
        where = _where("tasks", sections.path, row.code)
        if BULLET_CODE.match(row.code):
            pass  # a sub-row marked "-": a task, outside the numbering
        elif not TASK_CODE.match(row.code):
            out.warn(where, "code_unreadable", code=row.code)
            continue
        else:
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
            "origin": _origin(row),
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


Group = tuple[Layout, list[tuple[Table, int, int]]]


def plan_tables(tables: list[Table], corrections: dict | None = None) -> tuple[list[Group], set]:
    """The data tables, each with the tables that continue it, and the indexes of the rest.

    A table with no header of its own that is as wide as the data table before
    it continues that table (Word splits long tables, PDF pages split them).
    """
    corrections = corrections or {}
    not_data: set[int] = set()
    groups: list[Group] = []
    for index, table in enumerate(tables):
        start = continues(groups[-1][0], table) if groups else None
        if start is not None and not _own_layout(index, corrections):
            groups[-1][1].append((table, index, start))
            continue
        lay = layout(table, index, corrections)
        if lay is None:
            not_data.add(index)
            continue
        groups.append((lay, [(table, index, lay.body_start)]))
    return groups, not_data


def read_groups(groups: list[Group], out: Collected, corrections: dict | None = None) -> None:
    """Sections, tasks, indicators and members of the data tables into ``out``."""
    for lay, pieces in groups:
        rows = data_rows(pieces, lay, out, corrections or {})
        out.tables.append(lay.as_dict(len(rows)))
        for _table, index, _start in pieces[1:]:
            out.tables.append({**lay.as_dict(0, continues=lay.table), "table": index})
        read_rows(rows, lay, out)
        for column in lay.columns:
            if column.role and column.confidence < GUESSED_BELOW and column.by != "office":
                out.warn(
                    f"table {lay.table + 1}",
                    "column_guessed",
                    header=column.header or f"#{column.index + 1}",
                    role=column.role,
                )


def _own_layout(index: int, corrections: dict) -> bool:
    return any(fix.get("table") == index for fix in corrections.get("columns") or [])
