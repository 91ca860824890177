"""Tables in and out of files: CSV and XLSX, for imports and exports."""

import csv
import io

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class TableFileError(ValueError):
    """The uploaded file is not a table we can read; the message says why."""


def read_table(uploaded) -> list[list]:
    """Rows of a .csv (UTF-8, with or without BOM) or .xlsx upload."""
    if uploaded.size > MAX_UPLOAD_BYTES:
        raise TableFileError(_("Tệp quá lớn (tối đa 5 MB)."))
    data = uploaded.read()
    if data[:4] == b"PK\x03\x04":
        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
        except Exception as error:  # openpyxl raises many kinds on a broken file
            raise TableFileError(_("Không đọc được tệp Excel: %s") % error) from error
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    if not uploaded.name.lower().endswith(".csv"):
        raise TableFileError(_("Chỉ nhận tệp .csv hoặc .xlsx."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise TableFileError(_("Tệp CSV phải ở bảng mã UTF-8.")) from error
    return list(csv.reader(io.StringIO(text)))


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
