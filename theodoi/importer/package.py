"""A .docx or .xlsx package measured before python-docx or openpyxl opens it.

``check_package`` refuses (``ImportFailure``, naming the limit of ``limits``):
an archive that unpacks to too much or holds too many files; an XML part too
large to parse, or with a DOCTYPE/ENTITY declaration (Word and Excel never
write one; python-docx parses with ``resolve_entities=False`` but openpyxl,
without defusedxml, uses the standard library's parser, which expands internal
entities); and, in a workbook, a sheet with too many cells, data spread over
too large an area, or merged ranges too many or too large (openpyxl makes one
object per merged cell). The sheets are read streaming (``iterparse``), each
row let go once seen, so the check itself needs little memory.
"""

import io
import posixpath
import zipfile
from xml.etree import ElementTree

from theodoi.lib.archives import ArchiveRefused, check_archive, open_member

from . import limits
from .errors import failure

MEGABYTE = 1024 * 1024
XML_SUFFIXES = (".xml", ".rels", ".vml")
# A declaration in a part, as UTF-8 (or ASCII) and as UTF-16 either way.
DECLARATIONS = tuple(
    mark.encode(encoding)
    for mark in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("ascii", "utf-16-le", "utf-16-be")
)
OVERLAP = max(len(mark) for mark in DECLARATIONS)
CHUNK = 1 << 16
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def check_package(data: bytes, source: str, kind: str) -> None:
    """Raise ``ImportFailure`` when the package (``kind`` "docx" or "xlsx") is over a limit."""
    try:
        check_archive(
            data, max_unzipped_bytes=limits.MAX_UNZIPPED_BYTES, max_members=limits.MAX_MEMBERS
        )
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                if info.filename.lower().endswith(XML_SUFFIXES):
                    check_xml_part(archive, info, source)
            if kind == "xlsx":
                for name, part in sheet_parts(archive):
                    check_sheet(archive, part, name, source)
    except ArchiveRefused as refused:
        raise archive_failure(refused, source, kind) from refused


def archive_failure(refused: ArchiveRefused, source: str, kind: str):
    if refused.limit == "members":
        return failure("archive_members", source=source, count=refused.value, limit=refused.allowed)
    if refused.limit == "unzipped":
        return failure(
            "archive_unzipped",
            source=source,
            size=megabytes(refused.value),
            limit=megabytes(refused.allowed),
        )
    return failure(
        "corrupt", source=source, kind="Word (.docx)" if kind == "docx" else "Excel (.xlsx)"
    )


def megabytes(size: int) -> str:
    return f"{size / MEGABYTE:.0f}" if size >= 10 * MEGABYTE else f"{size / MEGABYTE:.1f}"


def check_xml_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, source: str) -> None:
    """The part's size, and no DOCTYPE or ENTITY anywhere in it (read streaming, bounded)."""
    limit = limits.MAX_XML_PART_BYTES
    if info.file_size > limit:
        raise failure(
            "xml_part_too_large",
            source=source,
            part=info.filename,
            size=megabytes(info.file_size),
            limit=megabytes(limit),
        )
    tail = b""
    with open_member(archive, info.filename, max_bytes=limit) as member:
        while chunk := member.read(CHUNK):
            window = tail + chunk
            if any(mark in window for mark in DECLARATIONS):
                raise failure("xml_entities", source=source, part=info.filename)
            tail = window[-OVERLAP:]


def sheet_parts(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """Each worksheet's name and the path of its part, as the workbook lists them."""
    limit = limits.MAX_XML_PART_BYTES
    try:
        with open_member(archive, "xl/_rels/workbook.xml.rels", max_bytes=limit) as rels:
            targets = {
                rel.get("Id"): rel.get("Target", "")
                for _, rel in ElementTree.iterparse(rels)
                if rel.tag.endswith("Relationship")
            }
        with open_member(archive, "xl/workbook.xml", max_bytes=limit) as workbook:
            sheets = [
                (sheet.get("name", ""), targets.get(sheet.get(RELATIONSHIP), ""))
                for _, sheet in ElementTree.iterparse(workbook)
                if sheet.tag == MAIN + "sheet"
            ]
    except ElementTree.ParseError:
        return []  # openpyxl says it is damaged
    names = set(archive.namelist())
    parts = []
    for name, target in sheets:
        part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        part = posixpath.normpath(part)
        if part in names:
            parts.append((name, part))
    return parts


class SheetSize:
    """What a sheet's XML holds: its cells, the extent of its data, its merged ranges."""

    def __init__(self):
        self.cells = 0
        self.rows = 0  # the last row and column holding data
        self.columns = 0
        self.merged: list[tuple[int, int, int, int]] = []  # min_row, min_col, max_row, max_col


def check_sheet(archive: zipfile.ZipFile, part: str, name: str, source: str) -> None:
    size = measure_sheet(archive, part)
    if size is None:
        return  # not well-formed: openpyxl refuses it as damaged
    if size.cells > limits.MAX_SHEET_CELLS:
        raise failure(
            "sheet_cells",
            sheet=name,
            source=source,
            count=size.cells,
            limit=limits.MAX_SHEET_CELLS,
        )
    if len(size.merged) > limits.MAX_MERGED_RANGES:
        raise failure(
            "merged_ranges",
            sheet=name,
            source=source,
            count=len(size.merged),
            limit=limits.MAX_MERGED_RANGES,
        )
    areas = [(r2 - r1 + 1) * (c2 - c1 + 1) for r1, c1, r2, c2 in size.merged]
    if sum(areas) > limits.MAX_MERGED_AREA:
        largest = size.merged[areas.index(max(areas))]
        raise failure(
            "merged_area",
            sheet=name,
            source=source,
            count=sum(areas),
            ref=range_ref(*largest),
            limit=limits.MAX_MERGED_AREA,
        )
    rows, columns = data_extent(size.rows, size.columns, size.merged)
    if rows * columns > limits.MAX_SHEET_AREA:
        raise failure(
            "sheet_area",
            sheet=name,
            source=source,
            rows=rows,
            columns=columns,
            limit=limits.MAX_SHEET_AREA,
        )


def data_extent(rows: int, columns: int, merged) -> tuple[int, int]:
    """The rows and columns a reader walks: those up to the last cell holding data, and
    the merged ranges that start within them (``readers.xlsx`` walks the same)."""
    last_row, last_column = rows, columns
    for min_row, min_col, max_row, max_col in merged:
        if min_row <= rows and min_col <= columns:
            last_row, last_column = max(last_row, max_row), max(last_column, max_col)
    return last_row, last_column


def measure_sheet(archive: zipfile.ZipFile, part: str) -> SheetSize | None:
    size = SheetSize()
    row = column = 0
    with open_member(archive, part, max_bytes=limits.MAX_XML_PART_BYTES) as member:
        try:
            for event, element in ElementTree.iterparse(member, events=("start", "end")):
                tag = element.tag
                if event == "start":
                    if tag == MAIN + "row":
                        row = _number(element.get("r")) or row + 1
                        column = 0
                    elif tag == MAIN + "c":
                        size.cells += 1
                        at = cell_position(element.get("r"))
                        row, column = at if at else (row, column + 1)
                    continue
                if tag == MAIN + "c":
                    if (
                        element.find(MAIN + "v") is not None
                        or element.find(MAIN + "is") is not None
                    ):
                        size.rows, size.columns = max(size.rows, row), max(size.columns, column)
                elif tag == MAIN + "row":
                    element.clear()  # keep only the counts
                elif tag == MAIN + "mergeCell":
                    bounds = range_bounds(element.get("ref", ""))
                    if bounds:
                        size.merged.append(bounds)
                    element.clear()
        except ElementTree.ParseError:
            return None
    return size


def _number(text: str | None) -> int:
    return int(text) if text and text.isdigit() else 0


def cell_position(ref: str | None) -> tuple[int, int] | None:
    """``"B3"`` → (3, 2); ``None`` for anything else."""
    if not ref:
        return None
    letters = ref.rstrip("0123456789").lstrip("$").upper()
    digits = ref[len(ref.rstrip("0123456789")) :]
    if not letters.isalpha() or not letters.isascii() or len(letters) > 3 or not digits:
        return None
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - ord("A") + 1
    return int(digits), column


def range_bounds(ref: str) -> tuple[int, int, int, int] | None:
    """``"A3:XFD1048576"`` → (3, 1, 1048576, 16384)."""
    first, _, last = ref.replace("$", "").partition(":")
    start, end = cell_position(first), cell_position(last or first)
    if start is None or end is None:
        return None
    return (
        min(start[0], end[0]),
        min(start[1], end[1]),
        max(start[0], end[0]),
        max(start[1], end[1]),
    )


def range_ref(min_row: int, min_col: int, max_row: int, max_col: int) -> str:
    return f"{column_letters(min_col)}{min_row}:{column_letters(max_col)}{max_row}"


def column_letters(column: int) -> str:
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
