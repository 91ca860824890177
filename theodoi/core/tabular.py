"""Tables in and out of files: CSV and XLSX, for imports and exports.

An uploaded table is read in the web request (the registry, accounts in bulk), so an
.xlsx is measured before openpyxl opens it: its zip directory (``check_archive``: a
5 MB file may unpack to gigabytes), then the sheet's size, so that a sheet that
claims a million rows or sixteen thousand columns is refused, not padded cell by cell.
"""

import csv
import io

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font

from theodoi.lib.archives import ArchiveRefused, check_archive
from theodoi.lib.numbers import format_number

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024
MAX_MEMBERS = 2000
MAX_ROWS = 20_000
MAX_COLUMNS = 200


class TableFileError(ValueError):
    """The uploaded file is not a table we can read; the message says why."""


def read_table(uploaded) -> list[list]:
    """Rows of a .csv (UTF-8, with or without BOM) or .xlsx upload."""
    if uploaded.size > MAX_UPLOAD_BYTES:
        raise TableFileError(_("Tệp quá lớn (tối đa 5 MB)."))
    data = uploaded.read()
    if data[:4] == b"PK\x03\x04":
        return _xlsx_rows(data)
    if not uploaded.name.lower().endswith(".csv"):
        raise TableFileError(_("Chỉ nhận tệp .csv hoặc .xlsx."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise TableFileError(_("Tệp CSV phải ở bảng mã UTF-8.")) from error
    return list(csv.reader(io.StringIO(text)))


def _archive_refusal(refused: ArchiveRefused) -> str:
    if refused.limit == "members":
        return _("Tệp Excel có %(count)s thành phần nén, vượt giới hạn %(limit)s.") % {
            "count": format_number(refused.value),
            "limit": format_number(refused.allowed),
        }
    if refused.limit == "unzipped":
        return _("Tệp Excel khi giải nén nặng %(size)s MB, vượt giới hạn %(limit)s MB.") % {
            "size": format_number(refused.value / 1024 / 1024, 1),
            "limit": format_number(refused.allowed / 1024 / 1024),
        }
    return _("Không đọc được tệp Excel: tệp bị hỏng hoặc không phải tệp .xlsx.")


def _too_big(rows: int | None, columns: int | None) -> str | None:
    """The refusal of a sheet over ``MAX_ROWS`` or ``MAX_COLUMNS``; None if within."""
    if rows is not None and rows > MAX_ROWS:
        return _(
            "Bảng tính có hơn %(limit)s dòng, quá giới hạn của một lần nhập; hãy chia thành "
            "nhiều tệp hoặc xóa các dòng thừa."
        ) % {"limit": format_number(MAX_ROWS)}
    if columns is not None and columns > MAX_COLUMNS:
        return _(
            "Bảng tính có hơn %(limit)s cột, quá giới hạn của một lần nhập; hãy xóa các cột thừa."
        ) % {"limit": format_number(MAX_COLUMNS)}
    return None


def _xlsx_rows(data: bytes) -> list[list]:
    """The active sheet's rows, once the file is measured: its zip directory, the size
    the sheet claims, then at most one row and one column over the limits are read."""
    try:
        check_archive(data, max_unzipped_bytes=MAX_UNZIPPED_BYTES, max_members=MAX_MEMBERS)
    except ArchiveRefused as refused:
        raise TableFileError(_archive_refusal(refused)) from refused
    book = None
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.active
        measured = sheet.max_row is not None and sheet.max_column is not None  # <dimension>
        refusal = _too_big(sheet.max_row, sheet.max_column)
        if refusal is None:
            rows = [
                list(row)
                for row in sheet.iter_rows(
                    max_row=sheet.max_row or MAX_ROWS + 1,
                    max_col=sheet.max_column or MAX_COLUMNS + 1,
                    values_only=True,
                )
            ]
    except Exception as error:  # openpyxl raises many kinds on a broken file
        raise TableFileError(_("Không đọc được tệp Excel: %s") % error) from error
    finally:
        if book is not None:
            book.close()
    if refusal is None and not measured:  # what was read, at most one over the limits
        width = max((_width(row) for row in rows), default=0)
        refusal = _too_big(len(rows), width)
        rows = [row[:width] for row in rows]
    if refusal is not None:
        raise TableFileError(refusal)
    return rows


def _width(row: list) -> int:
    """How many columns the row has up to its last filled cell."""
    for index in range(len(row), 0, -1):
        if row[index - 1] not in (None, ""):
            return index
    return 0


def _safe_cell(value):
    """Guard against formula injection when the file is opened in a spreadsheet."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def csv_response(rows: list[list], filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # Excel needs the BOM to read UTF-8
    writer = csv.writer(response)
    for row in rows:
        writer.writerow([_safe_cell(v) for v in row])
    return response


def xlsx_response(rows: list[list], filename: str, sheet_title: str) -> HttpResponse:
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title[:31]
    for row in rows:
        sheet.append([_safe_cell(v) for v in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for column in sheet.columns:
        width = max(len(str(c.value or "")) for c in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 60)
    response = HttpResponse(content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    book.save(response)
    return response
