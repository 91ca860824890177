"""Tables whose cells PDF text breaks over many lines, one cell after another.

Some PDF tools write a table row as the lines of its first cell, then the
lines of the next cell, and so on, with blank lines at random places. This
reader finds where each row starts (its TT code, checked against the codes
expected next) and cuts the row's lines into cells by what each column holds,
in the order the header names the columns:

- the task text is the first cell (``cells.free``);
- an agency cell starts with a body's name ("Sở …", "Các …") and ends where
  another name starts after a complete one (``cells.agency``);
- time cells start with a date or "Tháng/Quý/Năm/Thường xuyên…"; two of
  them may share a line ("3/2025 7/2025") (``cells.time``);
- the rest is free text up to the next recognisable cell.

A row cut by a page break continues after the repeated header; those lines go
back to the cells that were left unfinished (``continuation.py``).
"""

import re
from dataclasses import dataclass, field

from ..model import Table
from ..vocab import HEADER_WORDS, match_header_text
from .cells import Line, kind_of, split_row
from .codes import CodeSequence, parse_code, roman_value

# A header line: TT/STT then a column name.
HEADER_START = re.compile(r"^\s*(?:STT|TT|Số TT)\s+\S")
# A line that starts a row: a decimal code, alone or followed by text.
CODE_LINE = re.compile(r"^\s*([1-9]\d*(?:\.\d+)*)\.?(?:\s+(\S.*))?$")
# A line that starts a section: a roman numeral or a capital letter, then text.
SECTION_LINE = re.compile(r"^\s*([IVXLC]+|[A-H])\.?\s+(\S.*)$")
# Lines that end the table: the next appendix, the distribution list, "./.".
END_OF_TABLE = re.compile(r"^\s*(PHỤ LỤC|Phụ lục\s+[\dIVX]+\s*$|Nơi nhận|\./\.\s*$)")
PAGE_NUMBER = re.compile(r"^\s*-?\s*\d{1,3}\s*-?\s*$")
WORD_SPLIT = re.compile(r"[\s,/]+")


def _header_lines(lines: list[str], i: int) -> tuple[list[str], int]:
    """The header's lines from ``i`` on, and the index after them."""
    taken = [lines[i].strip()]
    j = i + 1
    while j < len(lines):
        text = lines[j].strip()
        if text:
            words = [w for w in WORD_SPLIT.split(text.casefold()) if w]
            if not words or any(w not in HEADER_WORDS for w in words):
                break
            taken.append(text)
        j += 1
    return taken, j


def starts_table(lines: list[str], i: int) -> bool:
    line = lines[i]
    if "\t" in line or line.lstrip().startswith("|") or not HEADER_START.match(line):
        return False
    header, _ = _header_lines(lines, i)
    fields = match_header_text(" ".join(header))
    return len(fields) >= 3 and fields[0][0] == "code"


def _repeat_at(lines: list[str], j: int, header: list[str]) -> int | None:
    """If the header repeats at ``j``, the index after it."""
    k = 0
    while j < len(lines) and k < len(header):
        text = lines[j].strip()
        if text:
            if text != header[k]:
                return None
            k += 1
        j += 1
    return j if k == len(header) else None


@dataclass
class Row:
    code: str
    is_section: bool
    segments: list[list[Line]] = field(default_factory=lambda: [[]])


def _body(lines: list[str], i: int, header: list[str]) -> tuple[list[str | None], int]:
    """Lines of the table body; ``None`` where a page break cut it."""
    body: list[str | None] = []
    while i < len(lines):
        after = _repeat_at(lines, i, header)
        if after is not None:
            while body and body[-1] is not None and not body[-1].strip():
                body.pop()
            if body and body[-1] is not None and PAGE_NUMBER.match(body[-1]):
                body.pop()
            body.append(None)
            i = after
            continue
        if END_OF_TABLE.match(lines[i]) or starts_table(lines, i):
            break
        body.append(lines[i])
        i += 1
    return body, i


def _rows(body: list[str | None]) -> list[Row]:
    rows: list[Row] = []
    sequence = CodeSequence()
    gap = False
    for line in body:
        if line is None:
            if rows:
                rows[-1].segments.append([])
            continue
        if not line.strip():
            gap = True
            continue
        section = SECTION_LINE.match(line)
        code = CODE_LINE.match(line)
        if section and section.group(2)[0].isupper() and sequence.accepts_section(section[1]):
            sequence.enter_section(section[1])
            rows.append(Row(section[1], True))
            rows[-1].segments[0].append(Line(section[2], False))
        elif code and sequence.accepts(parse_code(code[1])):
            sequence.take(parse_code(code[1]))
            rows.append(Row(code[1], False))
            if code[2]:
                rows[-1].segments[0].append(Line(code[2], False))
        elif rows:
            rows[-1].segments[-1].append(Line(line.strip(), gap))
        gap = False
    return rows


def read_table(lines: list[str], i: int) -> tuple[Table, int]:
    header, start = _header_lines(lines, i)
    columns = match_header_text(" ".join(header))
    fields = [name for name, _ in columns]
    body, end = _body(lines, start, header)
    rows = _rows(body)
    # The widest cell lines are the task text's: the measure of a "full" line.
    width = max(
        (
            len(line.text)
            for row in rows
            if not row.is_section
            for seg in row.segments
            for line in seg
        ),
        default=40,
    )
    kinds = [kind_of(f) for f in fields[1:]]
    table_rows: list[list[str | None]] = [[name for _, name in columns]]
    for row in rows:
        if row.is_section:
            text = " ".join(line.text for seg in row.segments for line in seg)
            table_rows.append([row.code, text] + [""] * (len(kinds) - 1))
            continue
        cells = split_row(row.segments, kinds, width)
        table_rows.append([row.code] + ["\n".join(c) for c in cells])
    return Table(rows=table_rows), end


__all__ = ["read_table", "roman_value", "starts_table"]
