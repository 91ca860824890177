"""Reader for Excel .xlsx workbooks (openpyxl).

Each visible sheet is read top to bottom. Rows before a header row (a TT/STT
cell and a Nội dung/Nhiệm vụ/Chỉ tiêu… cell) are prose: each filled cell is a
Paragraph. From the header row on, rows belong to the table, over the header's
columns, until a blank row is followed by a row that only has text in the
first column (prose again) or by a new header row (a new table). Cells covered
by a merged range are ``None``.

The workbook is opened in normal mode, not read-only: openpyxl only knows
merged ranges in normal mode, and every plan table has them. Its size is checked
first (``package.check_package``), and a sheet is walked only up to its last
cell holding data and the merged ranges that start there (``data_extent``):
a merged range or a styled cell far below the table costs nothing.
"""

import datetime
import io
import re
import unicodedata

import openpyxl

from ..errors import failure
from ..model import Paragraph, RawDocument, Table
from ..package import check_package, data_extent
from .headers import is_header_row


def read_xlsx(data: bytes, source: str) -> RawDocument:
    check_package(data, source, "xlsx")
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # a damaged package fails in zipfile, lxml or openpyxl
        raise failure("corrupt", source=source, kind="Excel (.xlsx)") from exc
    blocks = []
    for sheet in workbook.worksheets:
        if sheet.sheet_state == "visible":
            blocks.extend(sheet_blocks(sheet_rows(sheet)))
    if not blocks:
        raise failure("empty", source=source)
    if not any(isinstance(block, Table) for block in blocks):
        raise failure("no_table", source=source)
    return RawDocument(source=source, blocks=blocks)


def sheet_rows(sheet) -> list[list[str | None]]:
    """The sheet's cells as shown; ``None`` where a merged range covers the cell."""
    filled = [key for key, cell in sheet._cells.items() if cell.value is not None]
    merged = [(m.min_row, m.min_col, m.max_row, m.max_col) for m in sheet.merged_cells.ranges]
    rows, columns = data_extent(
        max((row for row, _ in filled), default=0),
        max((column for _, column in filled), default=0),
        merged,
    )
    if not rows or not columns:
        return []
    covered = set()
    for min_row, min_col, max_row, max_col in merged:
        for row in range(min_row, min(max_row, rows) + 1):
            for column in range(min_col, min(max_col, columns) + 1):
                if (row, column) != (min_row, min_col):
                    covered.add((row, column))
    return [
        [None if (cell.row, cell.column) in covered else cell_text(cell) for cell in row]
        for row in sheet.iter_rows(min_row=1, max_row=rows, min_col=1, max_col=columns)
    ]


def sheet_blocks(rows: list[list[str | None]]) -> list:
    blocks: list = []
    table = None
    columns = slice(0, 0)
    after_blank = False
    for row in rows:
        if not any(row):
            after_blank = table is not None
            continue
        starts_table = is_header_row(row) and (table is None or after_blank)
        if starts_table:
            columns = header_columns(row)
            table = Table(rows=[])
            blocks.append(table)
        elif table is None or (after_blank and is_prose_row(row, columns)):
            table = None
            blocks.extend(Paragraph(cell) for cell in row if cell)
            continue
        table.rows.append(row[columns])
        after_blank = False
    return blocks


def header_columns(row: list[str | None]) -> slice:
    """From the header's first filled cell to its last filled or merged one."""
    first = next(i for i, cell in enumerate(row) if cell)
    last = max(i for i, cell in enumerate(row) if i >= first and cell != "")
    return slice(first, last + 1)


def is_prose_row(row: list[str | None], columns: slice) -> bool:
    """Text in the table's first column (or left of it) only, the rest empty, unmerged."""
    first = columns.start
    return any(row[: first + 1]) and all(cell == "" for cell in row[first + 1 :])


def cell_text(cell) -> str:
    """The cell's value as Excel shows it: ``5`` not ``5.0``, dates as dd/mm/yyyy."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return date_text(value, cell.number_format or "")
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return number_text(value, cell.number_format or "General")
    return unicodedata.normalize("NFC", str(value))


def number_text(value: float, number_format: str) -> str:
    """Decimals as the format asks; digit grouping is left out (it depends on the locale)."""
    decimals = re.search(r"\.(0+)", number_format)
    places = len(decimals.group(1)) if decimals else 0
    if "%" in number_format:
        return f"{value * 100:.{places}f}%"
    if number_format == "General" or not re.search(r"[0#]", number_format):
        if float(value).is_integer():
            return str(int(value))
        return f"{value:.15g}"
    return f"{value:.{places}f}"


def date_text(value, number_format: str) -> str:
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    shown = re.sub(r'"[^"]*"|\[[^\]]*\]', "", number_format).lower()
    if "d" not in shown and "m" in shown and "y" in shown:
        month = f"{value.month:02d}" if re.search(r"(?<!m)mm(?!m)", shown) else str(value.month)
        return f"{month}/{value.year}"
    text = f"{value.day:02d}/{value.month:02d}/{value.year}"
    if isinstance(value, datetime.datetime) and "h" in shown and value.time() != datetime.time():
        text += value.strftime(" %H:%M")
    return text
