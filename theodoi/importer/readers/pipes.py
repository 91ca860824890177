"""Text copied from a legal web database: tables as cells between lone ``|`` lines.

Copying a page of thuvienphapluat.vn, luatvietnam.vn and the like (by hand or
through a reader tool) turns each table cell into its lines followed by a line
holding only ``|``. Two shapes are common:

- *open and close*: every row is ``|``, cell, ``|``, cell, …, ``|``, so a
  doubled ``|`` (or a blank line) ends one row and starts the next;
- *close only* (the stored text of thuvienphapluat pages): each cell is its
  lines then ``|``, with no row boundary at all — the official header reads
  ``ỦY BAN NHÂN DÂN … | CỘNG HÒA XÃ HỘI … | Số: … | Hà Nội, ngày … |``.

Where the text gives no row boundary (``_segment``), the header runs from its TT
cell to the first row (a TT code, a section whose code and title share one cell,
an empty cell or the first plain cell after bold names). A row ends when it is as
wide as the header, where a TT code that may come next starts the next row
(merged cells leave rows shorter than the header; a bullet "-" row may follow
only a bullet row), at a section cell ("I. Hoàn thiện …", a row of its own) and at
a repeated header (a table the source printed over pages). Which columns a short
row lacks is read from what its cells hold (``_place``): each column's kinds of
cells (agency, time, basis, number, text…) are learnt from the whole rows and the
header's names, and the cells are fitted in order; a row with its TT cell lacks
later cells (lead, support or time merged down from the row above), a row
without one lacks its first cells (code and task merged down). A code and a
title alone are a heading across the table when the code is a section's, the
row is bold or its sub-tasks follow ("2." then "2.1"). The cells a row lacks
are ``None``, "merged", as the .docx reader writes them; a heading's are
``Table.across``.
``**bold**`` marks are taken off the cells and give ``Table.bold``.
"""

import itertools
import math
import re
from dataclasses import dataclass

from ..model import Table
from ..vocab import column_field, starts_with_agency
from .cells import BASIS_START, TIME_START
from .codes import parse_code, roman_value

# The lines a cell may span before a lone "|" stops counting as the same table.
MAX_CELL_LINES = 40
# The lines before the first "|" that may be the first cell (close-only shape).
MAX_FIRST_CELL_LINES = 8
# A layout table (official header, signature) has at most this many cells.
MAX_LAYOUT_CELLS = 8
BOLD_MARK = "**"
# A header cell is a column's name, short; a longer cell is the body's.
MAX_HEADER_CELL = 80
# A TT code as the first cell of a row: 1, 1.2, 1.2.3, I, IV, A, a), a., đ)
ROW_CODE = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3}){0,3}\.?|[IVXLC]{1,6}\.?|[A-HĐ]\.?|[a-zđ][.)])$")
# A section whose code and title share one cell: "I. Hoàn thiện thể chế", "A. NHIỆM VỤ".
SECTION_CELL = re.compile(r"^([IVXLC]{1,6}|[A-HĐ])[.)]\s+\S")
# A bullet as the TT code of a row under a task ("-", "+").
BULLET_CODE = re.compile(r"^[-–+•]$")
# A line that a table never holds: the next appendix or a Markdown heading.
NOT_A_CELL = re.compile(r"^\s*(?:#{1,6}\s|PHỤ LỤC\b)")
# The right-hand block of an official header, the usual layout table.
NATIONAL_MOTTO = re.compile(r"CỘNG\s+H[OÒ]À\s+XÃ\s+HỘI", re.IGNORECASE)


def is_pipe(line: str) -> bool:
    return line.strip() == "|"


@dataclass
class Cell:
    text: str
    bold: bool


def regions(lines: list[str]) -> dict[int, int]:
    """Pipe tables in ``lines``: the index each starts at -> the index after it."""
    pipes = [i for i, line in enumerate(lines) if is_pipe(line)]
    groups: list[list[int]] = []
    for i in pipes:
        if groups and _same_table(lines, groups[-1][-1], i):
            groups[-1].append(i)
        else:
            groups.append([i])
    found = {}
    for group in groups:
        opens = len(group) > 1 and _opens(lines, group)
        for start, part in _split_at_headers(lines, group, opens):
            if len(part) >= 2:
                found[start] = part[-1] + 1
    return found


def _split_at_headers(lines: list[str], group: list[int], opens: bool):
    """One run of ``|`` lines may hold several tables: a new one starts at a TT header.

    Yields (first line, the table's ``|`` lines). A header is a TT/STT cell followed
    by a cell naming another column; the lines before it that are not cells (the
    title between two tables) become paragraphs.
    """
    start = group[0] if opens else _first_cell_start(lines, group[0])
    first = 0
    for j in range(1, len(group) - 1):
        cell = [line for line in lines[group[j - 1] + 1 : group[j]] if line.strip()]
        following = _text(lines[group[j] + 1 : group[j + 1]])
        if not cell or column_field(_unbold(cell[-1])) != "code":
            continue
        if not column_field(_unbold(following)) or j - 1 <= first:
            continue
        if opens and len(cell) == 1:  # "|", "TT", "|": the table opens at the "|" before
            yield start, group[first : j - 1]
            start, first = group[j - 1], j - 1
        else:  # "… title", "TT", "|": the table's first cell is the TT line
            yield start, group[first:j]
            start, first = lines.index(cell[-1], group[j - 1] + 1), j
    yield start, group[first:]


def _same_table(lines: list[str], previous: int, i: int) -> bool:
    between = lines[previous + 1 : i]
    return len(between) <= MAX_CELL_LINES and not any(NOT_A_CELL.match(b) for b in between)


def _opens(lines: list[str], group: list[int]) -> bool:
    """Is the first ``|`` the start of a row (open-and-close shape)?"""
    first = group[0]
    if first == 0 or not lines[first - 1].strip():
        return True
    if any(b == a + 1 for a, b in itertools.pairwise(group)):
        return True  # a doubled "|": the end of a row and the start of the next
    after = _text(lines[first + 1 : group[1]])
    return column_field(_unbold(after)) == "code"


def _first_cell_start(lines: list[str], first_pipe: int) -> int:
    """Where the first cell begins: a TT header is one line; any other cell runs back
    to a blank line, a ``|`` or a heading."""
    if first_pipe and column_field(_unbold(lines[first_pipe - 1])) == "code":
        return first_pipe - 1
    start = first_pipe
    while start > 0 and first_pipe - start < MAX_FIRST_CELL_LINES:
        line = lines[start - 1]
        if not line.strip() or is_pipe(line) or NOT_A_CELL.match(line):
            break
        start -= 1
    return start


def _text(lines: list[str]) -> str:
    return "\n".join(line.strip() for line in lines if line.strip())


def _unbold(text: str) -> str:
    return text.replace(BOLD_MARK, "").strip()


def _cell(lines: list[str]) -> Cell:
    text = _text(lines)
    bold = bool(text) and all(
        line.startswith(BOLD_MARK) and line.endswith(BOLD_MARK) and len(line) > 4
        for line in text.split("\n")
    )
    bold = bold or (text.startswith(BOLD_MARK) and text.endswith(BOLD_MARK) and len(text) > 4)
    return Cell(_unbold(text).replace(BOLD_MARK, ""), bold)


def read_table(lines: list[str], start: int, end: int) -> Table:
    """The table in ``lines[start:end]`` (as ``regions`` found it)."""
    pipes = [i for i in range(start, end) if is_pipe(lines[i])]
    if start == pipes[0]:
        segments = [lines[a + 1 : b] for a, b in itertools.pairwise(pipes)]
        rows = _rows_with_boundaries(segments)
    else:
        bounds = [start - 1, *pipes]
        segments = [lines[a + 1 : b] for a, b in itertools.pairwise(bounds)]
        rows = _rows_by_width([_cell(s) for s in segments])
    width = max(len(row) for row in rows)
    bold = [any(c.text for c in row) and all(c.bold for c in row if c.text) for row in rows]
    if len(rows) > 1 and column_field(rows[0][0].text) == "code":
        table_rows, across = _lay_out(rows, width)
        return Table(rows=table_rows, bold=bold, across=across)
    table_rows = [_fill([c.text for c in row], width) for row in rows]
    return Table(rows=table_rows, bold=bold)


def _rows_with_boundaries(segments: list[list[str]]) -> list[list[Cell]]:
    """Open-and-close shape: the kind of empty segment that ends the first row ends rows."""
    empty = [i for i, s in enumerate(segments) if not _text(s)]
    first_texts = [i for i, s in enumerate(segments) if _text(s)]
    marker = next((len(segments[i]) for i in empty if first_texts and i > first_texts[0]), None)
    header_end = next((i for i in empty if len(segments[i]) == marker), None)
    first_row = [_cell(s) for s in segments[: header_end or 0]]
    if marker is None or header_end is None or not _plausible_header(first_row):
        return _rows_by_width([_cell(s) for s in segments])  # empty segments: empty cells
    rows: list[list[Cell]] = [[]]
    for segment in segments:
        if not _text(segment) and len(segment) == marker:
            if rows[-1]:
                rows.append([])
        else:
            rows[-1].append(_cell(segment))
    if not rows[-1]:
        rows.pop()
    width = len(rows[0])
    out: list[list[Cell]] = []
    for row in rows:  # a row longer than the header has lost a boundary: cut it again
        out.extend(_cut(row, width) if len(row) > width else [row])
    return out


def _plausible_header(cells: list[Cell]) -> bool:
    """Does an empty segment after these cells end the header row (not an empty cell)?"""
    named = _named(cells)
    if named >= 2:
        return named == len(cells)
    return 2 <= len(cells) <= MAX_LAYOUT_CELLS


def _named(cells: list[Cell]) -> int:
    """How many cells from the first name a column."""
    named = 0
    while named < len(cells) and column_field(cells[named].text):
        named += 1
    return named


def _rows_by_width(cells: list[Cell]) -> list[list[Cell]]:
    """No row boundary in the text: the header's width, re-synchronised on TT codes."""
    width = _header_width(cells)
    header, body = cells[:width], cells[width:]
    # Under a two-level header, the second level runs until the first row code.
    second = 0
    while second < min(width, len(body)) and not _starts_body(body[second].text):
        second += 1
    rows = [header]
    if 0 < second < len(body) and column_field(header[0].text) == "code":
        rows.append(body[:second])
        body = body[second:]
    if column_field(header[0].text) != "code":
        return rows + _cut(body, width)
    return rows + _segment(body, header)


def _header_width(cells: list[Cell]) -> int:
    named = _named(cells)
    if named >= 1 and column_field(cells[0].text) == "code":
        # A TT header runs on to the first row: its first TT code, or a section whose
        # code and title share one cell ("I. Hoàn thiện thể chế"), when its cells are
        # short like names of columns ("Nội dung, nhiệm vụ", "Cấp phê duyệt").
        # An empty cell, or a plain one after bold names, is the body's (a row the
        # page cut, without its TT code).
        first = next((i for i in range(2, len(cells)) if _ends_header(cells, i)), None)
        if first is not None and all(len(c.text) <= MAX_HEADER_CELL for c in cells[:first]):
            return first
    if named >= 2:
        return named
    if len(cells) % 2 == 0 and len(cells) <= MAX_LAYOUT_CELLS:
        return 2  # a layout table: official header, "Kính gửi", signature
    if any(NATIONAL_MOTTO.search(c.text) for c in cells[:2]):
        return 2
    return max(1, len(cells))


def _ends_header(cells: list[Cell], i: int) -> bool:
    text = cells[i].text
    return _starts_body(text) or not text or (cells[0].bold and not cells[i].bold)


def _starts_body(text: str) -> bool:
    return bool(ROW_CODE.match(text) or SECTION_CELL.match(text))


def _cut(cells: list[Cell], width: int) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    i = 0
    while i < len(cells):
        row = [cells[i]]
        i += 1
        while i < len(cells) and len(row) < width:
            if len(row) >= 2 and may_follow(row[0].text, cells[i].text):
                break
            row.append(cells[i])
            i += 1
        rows.append(row)
    return rows


def _segment(body: list[Cell], header: list[Cell]) -> list[list[Cell]]:
    """The body's rows: a row ends when it is as wide as the header, where a TT code
    that may come next starts the next row (merged cells leave rows short), at a
    section whose code and title share one cell, and at a repeated header."""
    width = len(header)
    keys = [_key(c.text) for c in header]
    rows: list[list[Cell]] = []
    row: list[Cell] = []
    last_code: str | None = None  # the last TT code; a bullet row keeps its parent's
    bullet = False  # the last row is a bullet row ("-")
    i = 0
    while i < len(body):
        cell = body[i]
        if [_key(c.text) for c in body[i : i + width]] == keys:
            if row:
                rows.append(row)
            rows.append(body[i : i + width])
            row, i = [], i + width
            continue
        following = body[i + 1].text if i + 1 < len(body) else ""
        starts = not row or len(row) >= width
        if row and not starts and len(row) >= 2:
            starts = _may_start(last_code, bullet, cell.text, following)
        if row and not starts and SECTION_CELL.match(cell.text) and len(row) >= 2:
            starts = last_code is None or may_follow(last_code, _section_code(cell.text))
        if starts and row:
            rows.append(row)
            row = []
        if not row:
            bullet = bool(BULLET_CODE.match(cell.text))
        if not row and ROW_CODE.match(cell.text):
            last_code = cell.text
        elif not row and SECTION_CELL.match(cell.text):
            last_code = _section_code(cell.text)
            rows.append([cell])  # the whole row: its cell spans the table
            i += 1
            continue
        row.append(cell)
        i += 1
    if row:
        rows.append(row)
    return rows


def _may_start(last_code: str | None, bullet: bool, text: str, following: str) -> bool:
    """Does ``text`` (inside a row, its third cell or later) start the next row?"""
    if BULLET_CODE.match(text):
        # "-" rows under a task; a "-" inside a row is an empty cell ("không").
        return bullet and _kind(following) in ("short", "text")
    if last_code is None or not may_follow(last_code, text):
        return False
    return _kind(following) not in ("time", "number", "code")


def _section_code(text: str) -> str:
    match = SECTION_CELL.match(text)
    return match[1] if match else text


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def may_follow(code: str, candidate: str) -> bool:
    """Can ``candidate`` be the TT code of the row after the row coded ``code``?"""
    if not ROW_CODE.match(candidate) or not ROW_CODE.match(code):
        return False
    current, new = code.rstrip("."), candidate.rstrip(".")
    if _is_decimal(current) and _is_decimal(new):
        last, nxt = parse_code(current), parse_code(new)
        following = {(*last, 1)} | {(*last[:d], last[d] + 1) for d in range(len(last))}
        return nxt in following
    if _is_decimal(new):
        return True  # tasks under a section; numbering may run on across sections
    if roman_value(current) and roman_value(new):
        return roman_value(new) == roman_value(current) + 1
    if len(current) == 2 and len(new) == 2 and current[1] == new[1]:  # a) b)
        return ord(new[0]) == ord(current[0]) + 1
    return roman_value(new) is not None or len(new) == 1  # a new section after a task


def _is_decimal(code: str) -> bool:
    return bool(re.fullmatch(r"\d+(?:\.\d+)*", code))


def _fill(row: list[str | None], width: int) -> list[str | None]:
    return row + [None] * (width - len(row))


# --- Which columns a short row lacks ---------------------------------------------
#
# A cell a merge covers is absent, so a row with merged cells is short. What its
# cells hold says where they go: an agency name goes under an agency column, a time
# phrase under a time column. Each column's kinds of cells are learnt from the
# table's whole rows (and its header's names where those are few); the cells of a
# short row are laid over the columns in order, the best fit kept. A row without a
# TT code lacks its first cells (code and task merged down over a second product or
# deadline); a coded row lacks later ones (lead, support or time shared with the row
# above).

KINDS = ("code", "empty", "agency", "time", "basis", "number", "short", "text")
FIELD_KINDS = {
    "code": "code",
    "lead": "agency",
    "support": "agency",
    "start": "time",
    "deadline": "time",
    "basis": "basis",
    "unit": "short",
    "target": "number",
    "title": "text",
    "indicator": "text",
}
YEAR_TIME = re.compile(r"^(?:19|20)\d{2}\b")
NUMBER = re.compile(r"^[≥≤<>=~]?\s*[\d.,]+\s*%?$")
SHORT_CELL = 30
# Products that begin like a body's name ("Báo …" a newspaper, "Hội …" an association).
NOT_AGENCY = re.compile(r"^(?:Báo cáo|Hội nghị|Hội thảo|Hội thi)\b")


def _kind(text: str) -> str:
    text = text.strip()
    if not text:
        return "empty"
    if ROW_CODE.match(text) or BULLET_CODE.match(text):
        return "code"
    first = text.split("\n", 1)[0]
    if TIME_START.match(text) or YEAR_TIME.match(text) or text.startswith(("Trong ", "Theo kế")):
        return "time"
    if NUMBER.match(text):
        return "number"
    if BASIS_START.match(text):
        return "basis"
    if starts_with_agency(first) and not NOT_AGENCY.match(first):
        return "agency"
    return "short" if len(text) <= SHORT_CELL else "text"


def _profiles(rows: list[list[Cell]], header: list[str | None], width: int) -> list[dict]:
    """Per column, how likely each kind of cell is (whole rows, header names, smoothing)."""
    counts = [dict.fromkeys(KINDS, 0.5) for _ in range(width)]
    for c, name in enumerate(header[:width]):
        expected = FIELD_KINDS.get(column_field(name) or "")
        if expected:
            counts[c][expected] += 2
    for row in rows:
        if len(row) == width and (_kind(row[0].text) == "code"):
            for c, cell in enumerate(row):
                counts[c][_kind(cell.text)] += 1
    out = []
    for column in counts:
        total = sum(column.values())
        out.append({k: math.log(v / total) for k, v in column.items()})
    return out


def _place(row: list[Cell], profiles: list[dict], width: int) -> list[int]:
    """The columns the cells of a short row go under: the best fit, in order.

    A row whose TT cell is there (a code, or empty) has its task text too: those two
    go under the first two columns and the rest are fitted.
    """
    kinds = [_kind(c.text) for c in row]
    if kinds[0] in ("code", "empty") and len(row) >= 2 and width >= 2:
        return [0, 1, *[2 + c for c in _fit(kinds[2:], profiles[2:], late=True)]]
    return [1 + c for c in _fit(kinds, profiles[1:], late=False)]


def _fit(kinds: list[str], profiles: list[dict], late: bool) -> list[int]:
    """Columns for cells of these kinds, in order; a skipped column costs a little,
    later ones less (``late``: the cells a merge from above covers are the row's last)
    or earlier ones less (a row without a code lacks its first cells)."""
    n, width = len(kinds), len(profiles)
    neg = float("-inf")
    # best[i][j]: the best score of the first i cells over the first j columns.
    best = [[neg] * (width + 1) for _ in range(n + 1)]
    took = [[False] * (width + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for j in range(1, width + 1):
        skip = SKIP_COST + (-j if late else j) * 1e-3
        for i in range(0, min(n, j) + 1):
            options = [(best[i][j - 1] - skip, False)]
            if i:
                options.append((best[i - 1][j - 1] + profiles[j - 1][kinds[i - 1]], True))
            best[i][j], took[i][j] = max(options)
    columns: list[int] = []
    i, j = n, width
    while j:
        if took[i][j]:
            columns.append(j - 1)
            i -= 1
        j -= 1
    return columns[::-1]


SKIP_COST = 0.5


def _lay_out(rows: list[list[Cell]], width: int) -> tuple[list[list[str | None]], set]:
    """Rows as table rows: short rows spread over the columns, the cells they lack None."""
    header = [c.text for c in rows[0]]
    profiles = _profiles(rows[1:], header, width)
    out: list[list[str | None]] = [_fill(header, width)]
    across: set[tuple[int, int]] = set()
    for r, row in enumerate(rows[1:], start=1):
        texts = [c.text for c in row]
        if len(row) >= width:
            out.append(texts)
            continue
        following = rows[r + 1][0].text if r + 1 < len(rows) else ""
        if len(row) <= 2 and _is_heading(row, following):
            # A heading's title spans the table (HTML colspan).
            out.append(_fill(texts, width))
            across |= {(r, c) for c in range(len(row), width)}
            continue
        placed: list[str | None] = [None] * width
        for cell, column in zip(texts, _place(row, profiles, width), strict=True):
            placed[column] = cell
        out.append(placed)
    return out, across


def _is_heading(row: list[Cell], following: str) -> bool:
    """Is this short row (a code and a title) a heading across the table: a section
    ("I", "A", "I. Hoàn thiện…"), a bold row, or a task whose sub-tasks follow ("2."
    then "2.1")? Otherwise its other cells are merged with the row above's."""
    code = row[0].text.rstrip(".")
    if SECTION_CELL.match(row[0].text) or roman_value(code) or re.fullmatch(r"[A-HĐ]", code):
        return True
    if all(c.bold for c in row if c.text):
        return True
    return _is_decimal(code) and following.startswith(code + ".") and following != code + "."


# --- The site around the document -------------------------------------------------
#
# A copied page holds the site's banner, menus and document tabs before the
# document, and "Văn bản liên quan", share buttons and a cookie notice after it.
# Dropping real document text is worse than keeping a banner line, so lines go
# only where the page's shape says they are the site's: before the first line of
# the official header when site words stand there, and from the first site line
# after the document's last table, "Nơi nhận" or "./.". Login prompts and cookie
# notices go wherever they stand.

# The first line of an official header: the issuer or the national motto, in capitals.
OFFICIAL_HEADER = re.compile(
    r"^(?:CỘNG\s+H[OÒ]À\s+XÃ\s+HỘI|[ỦU][YỶ]\s+BAN\s+NHÂN\s+DÂN|HỘI\s+ĐỒNG\s+NHÂN\s+DÂN"
    r"|CHÍNH\s+PHỦ|THỦ\s+TƯỚNG|QUỐC\s+HỘI|BỘ\s+[A-ZĐÀ-Ỹ]|TỈNH\s+[ỦU][YỶ]|THÀNH\s+[ỦU][YỶ]"
    r"|BAN\s+CHỈ\s+ĐẠO|BAN\s+CHẤP\s+HÀNH|ĐẢNG\s+BỘ|SỞ\s+[A-ZĐÀ-Ỹ]|TỔ\s+CÔNG\s+TÁC)"
)
# Lines of a site's menus, tabs, toolbars and side blocks, whole.
SITE_LINE = re.compile(
    r"^(?:trang chủ|đăng nhập|đăng ký|đăng xuất|tải về|tải văn bản|lưu trữ|góp ý|thuộc tính"
    r"|tiếng anh|lược đồ|vb gốc|vb liên quan|văn bản gốc|hiệu lực|mục lục|báo lỗi|in|lưu"
    r"|chia sẻ|facebook|zalo|twitter|email|theo dõi văn bản|bộ lọc tìm kiếm|tìm kiếm"
    r"|tìm từ trong trang|văn bản liên quan|văn bản mới|tin liên quan|bài viết liên quan"
    r"|xem thêm|tra cứu|hỏi đáp|liên hệ|nội dung mix|so sánh văn bản|văn bản tiếng anh"
    r"|lưu trữ góp ý|(?:thuộc tính\s*)?(?:nội dung\s*)?(?:tiếng anh\s*)?lược đồ)\s*:?$"
    r"|^văn bản liên quan\b|liên quan đến (?:văn bản|nội dung)|bản quyền thuộc|©|copyright"
    r"|thuvienphapluat|luatvietnam|vbpl\.vn|tvpl pro|hotline",
    re.IGNORECASE,
)
# Lines no document holds, wherever they stand: login prompts and cookie notices.
ALWAYS_SITE = re.compile(
    r"^(?:bạn (?:phải|cần|chưa) đăng nhập|vui lòng đăng nhập|quý khách vui lòng|đây là tiện ích)"
    r"|\bcookies?\b|thuvienphapluat\.vn|luatvietnam\.vn|\btvpl pro\b",
    re.IGNORECASE,
)
# Lines the document's body has and a site's banner never has.
BODY_LINE = re.compile(r"^(?:Căn cứ|Kính gửi|Điều\s+\d|QUYẾT ĐỊNH:|PHỤ LỤC)")
# Where the document may end: its distribution list, its closing mark.
DOCUMENT_END = re.compile(r"^(?:Nơi nhận|\./\.)|\./\.\s*$")
BULLET = re.compile(r"^[\s•·▪►»*+|-]+")


def is_site_line(line: str) -> bool:
    text = BULLET.sub("", _unbold(line)).strip()
    return bool(text) and bool(SITE_LINE.search(text) or ALWAYS_SITE.search(text))


def is_header_line(lines: list[str], i: int) -> bool:
    """The official header starts here (thuvienphapluat breaks "HỘI\\nĐỒNG NHÂN DÂN")."""
    text = _unbold(lines[i]).lstrip("# ")
    following = _unbold(lines[i + 1]) if i + 1 < len(lines) else ""
    return bool(OFFICIAL_HEADER.match(text) or OFFICIAL_HEADER.match(f"{text} {following}"))


def is_always_site(line: str) -> bool:
    return bool(ALWAYS_SITE.search(BULLET.sub("", _unbold(line))))


def strip_site(lines: list[str]) -> list[str]:
    """``lines`` without the site's banner, menus, related documents and notices."""
    tables = {
        i
        for i, line in enumerate(lines)
        if line.lstrip().startswith("|") or line.rstrip().endswith("|") or "\t" in line
    }
    start = _document_start(lines, {i for i in tables if is_pipe(lines[i])})
    end = _document_end(lines, start, tables)
    return [line for line in lines[start:end] if not is_always_site(line)]


def document_bounds(
    lines: list[str], tables: set[int], lead_tables: bool = False
) -> tuple[int, int]:
    """Where the document starts and ends in a page's lines; ``tables``: lines that are tables.

    A table before the official header keeps the lead-in (a site's banner has none),
    unless ``lead_tables`` says tables there are the site's own (an HTML page).
    """
    start = _document_start(lines, set() if lead_tables else tables)
    return start, _document_end(lines, start, tables)


def _document_start(lines: list[str], tables: set[int]) -> int:
    header = next((i for i in range(len(lines)) if is_header_line(lines, i)), None)
    if header is None:
        return 0
    cut = header  # an opening "|" before the header cell stays with the table
    while cut > 0 and (is_pipe(lines[cut - 1]) or not lines[cut - 1].strip()):
        cut -= 1
    lead = range(cut)
    if any(BODY_LINE.match(lines[i].strip()) or i in tables for i in lead):
        return 0
    return cut if any(is_site_line(lines[i]) for i in lead) else 0


def _document_end(lines: list[str], start: int, tables: set[int]) -> int:
    anchor = start
    for i in range(start, len(lines)):
        if i in tables or DOCUMENT_END.search(lines[i].strip()):
            anchor = i
    if anchor == start:
        return len(lines)
    return next((i for i in range(anchor + 1, len(lines)) if is_site_line(lines[i])), len(lines))
