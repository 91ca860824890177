"""From blocks to the ``theodoi.plan/1`` object.

One builder for every reader: it sees only paragraphs and tables
(``model.RawDocument``) and works out the header, bases, reporting duties,
sections, tasks, indicators and members from them.

Tables are read first: the data tables (tasks, indicators, members) give the
rows; every other table — the two-column header of an official document, the
signature block — is read as prose, in its place among the paragraphs. A
document in which neither tables nor prose give a task or an indicator is
refused (``nothing_found``): an empty draft with no reason would be silent.
"""

from ..errors import failure
from ..model import Paragraph, RawDocument, Table
from ..textnorm import clean
from .bases import read_bases
from .header import read_header
from .prose import read_prose_tasks
from .reporting import read_reporting
from .tables import Collected, plan_tables, read_groups

SCHEMA = "theodoi.plan/1"
# A table that is not data but this big was probably meant to be one.
UNPLACED_ROWS = 4
UNPLACED_COLUMNS = 3


def build_plan(raw: RawDocument, corrections: dict | None = None) -> dict:
    """The plan JSON of ``raw``; ``corrections`` are the office's fixes of the structure
    (column roles, rows flipped between section and task), see ``tables``."""
    tables = [block for block in raw.blocks if isinstance(block, Table)]
    groups, not_data = plan_tables(tables, corrections)
    lines = prose_lines(raw.blocks, not_data)
    prose = " ".join(lines)
    document = read_header(lines, prose)
    document["bases"] = read_bases(lines)
    collected = Collected(year=document["year"])  # deadlines such as "Tháng 4" need the year
    read_groups(groups, collected, corrections)
    for index in sorted(not_data):
        _warn_unplaced(tables[index], index, collected)
    if not collected.tasks:
        read_prose_tasks(lines, collected)
    if not collected.tasks and not collected.indicators:
        raise failure("nothing_found", source=raw.source, tables=len(tables) - len(not_data))
    return {
        "schema": SCHEMA,
        "source": raw.source,
        "document": document,
        "reporting": read_reporting(prose, document["year"], document["date"]),
        "sections": collected.sections,
        "tasks": collected.tasks,
        "indicators": collected.indicators,
        "warnings": collected.warnings,
        "members": collected.members,
        "tables": collected.tables,
    }


def prose_lines(blocks: list, not_data: set[int]) -> list[str]:
    """The document's prose, line by line: its paragraphs and the text of the tables
    that are not data (``not_data``: their places among the document's tables)."""
    lines: list[str] = []
    index = -1
    for block in blocks:
        if isinstance(block, Paragraph):
            if text := clean(block.text):
                lines.append(text)
        else:
            index += 1
            if index in not_data:
                lines.extend(table_lines(block))
    return lines


def table_lines(table: Table) -> list[str]:
    """A layout table's text: row by row, each cell's lines left to right."""
    return [
        text
        for row in table.rows
        for cell in row
        if cell
        for line in cell.split("\n")
        if (text := clean(line))
    ]


def _warn_unplaced(table: Table, index: int, out: Collected) -> None:
    filled = [row for row in table.rows if sum(1 for c in row if clean(c)) >= UNPLACED_COLUMNS]
    if len(filled) >= UNPLACED_ROWS:
        header = " | ".join(clean(c) or "" for c in filled[0])[:120]
        out.warn(f"table {index + 1}", "table_unplaced", header=header, rows=str(len(filled)))
