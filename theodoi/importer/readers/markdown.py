"""Markdown pipe tables: ``| TT | Tên nhiệm vụ | … |`` then ``|---|---|``."""

import re

from ..model import Table

# The line under a pipe table's header: |---|:---:|
SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def is_pipe_row(line: str) -> bool:
    return line.lstrip().startswith("|")


def split_row(line: str) -> list[str]:
    line = line.strip().replace("\\|", "\u0000")
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|"):
        line = line[:-1]
    cells = [cell.replace("\u0000", "|").strip() for cell in line.split("|")]
    return [re.sub(r"<br\s*/?>", "\n", cell) for cell in cells]


def starts_table(lines: list[str], i: int) -> bool:
    return is_pipe_row(lines[i]) and i + 1 < len(lines) and bool(SEPARATOR.match(lines[i + 1]))


def read_table(lines: list[str], i: int) -> tuple[Table, int]:
    rows = [split_row(lines[i])]
    width = len(rows[0])
    i += 2
    while i < len(lines) and is_pipe_row(lines[i]):
        if not SEPARATOR.match(lines[i]):
            cells = split_row(lines[i])
            cells = (
                (cells + [""] * width)[:width] if len(cells) <= width else _fold_extra(cells, width)
            )
            rows.append(cells)
        i += 1
    return Table(rows=rows), i


def _fold_extra(cells: list[str], width: int) -> list[str]:
    """A row with more cells than the header: the surplus belongs to the last column."""
    return [*cells[: width - 1], " ".join(c for c in cells[width - 1 :] if c)]
