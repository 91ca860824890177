"""Tables whose rows are single lines of tab-separated cells.

Some PDF tools write each table row on one line with a tab between cells. A
row that runs over a page break continues on a line whose TT cell is empty,
after the table header, which the document repeats on every page. The reader
keeps the rows as the document shows them; the builder joins continuations.
"""

from ..model import Table
from ..vocab import column_field


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.split("\t")]


def is_header(line: str) -> bool:
    if "\t" not in line:
        return False
    cells = _cells(line)
    fields = [column_field(cell) for cell in cells]
    return len(cells) >= 3 and fields[0] == "code" and sum(1 for field in fields[1:] if field) >= 2


def starts_table(lines: list[str], i: int) -> bool:
    return is_header(lines[i])


def read_table(lines: list[str], i: int) -> tuple[Table, int]:
    header = _cells(lines[i])
    width = len(header)
    rows: list[list[str | None]] = [header]
    i += 1
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            nxt = i + 1
            while nxt < len(lines) and not lines[nxt].strip():
                nxt += 1
            if nxt < len(lines) and "\t" in lines[nxt]:
                i = nxt
                continue
            break
        if "\t" not in line:
            break
        cells = _cells(line)
        if len(cells) < width:
            cells += [""] * (width - len(cells))
        elif len(cells) > width:
            cells = [*cells[: width - 1], " ".join(c for c in cells[width - 1 :] if c)]
        rows.append(cells)  # a repeated header too: the builder drops it
        i += 1
    return Table(rows=rows), i
