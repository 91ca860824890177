"""The committee report's appendices as a workbook (.xlsx) the office can sort and
filter: the overdue tasks, the KPIs and who sent what in each period.

Unlike the plan's export (text only, to be read back), these cells hold real
numbers and dates: nothing is imported from this file. Its words are those of the
report, in Vietnamese whatever the reader's language (see ``report``).
"""

import io
from datetime import date
from decimal import Decimal

from django.utils import translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from theodoi.reporting.selectors.compiled import CompiledReport

DATE_FORMAT = "dd/mm/yyyy"
TITLE = Font(bold=True, size=13)
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
HEADER = Alignment(wrap_text=True, vertical="center", horizontal="center")
THIN = Side(style="thin", color="999999")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_ROW = 3  # a title, a blank row, the header
# (header, width in characters)
OVERDUE_COLUMNS = [
    ("STT", 6),
    ("Mã", 10),
    ("Nhiệm vụ", 60),
    ("Chủ trì", 36),
    ("Hạn", 12),
    ("Số ngày quá hạn", 12),
]
KPI_COLUMNS = [
    ("STT", 6),
    ("Mã", 10),
    ("Chỉ tiêu", 60),
    ("Đơn vị", 12),
    ("Mục tiêu", 14),
    ("Giá trị", 12),
    ("Đánh giá", 18),
]


def _sheet(workbook, name: str, title: str, columns: list[tuple[str, int]], rows) -> None:
    """A sheet: ``title`` in A1, the bold header frozen at row 3, one line per row."""
    sheet = workbook.create_sheet(name)
    sheet.cell(1, 1, title).font = TITLE
    for number, (header, width) in enumerate(columns, 1):
        sheet.column_dimensions[get_column_letter(number)].width = width
        cell = sheet.cell(HEADER_ROW, number, header)
        cell.font, cell.alignment, cell.border = BOLD, HEADER, GRID
    for line, values in enumerate(rows, HEADER_ROW + 1):
        for number, value in enumerate(values, 1):
            cell = sheet.cell(line, number)
            if isinstance(value, Decimal):
                value = int(value) if value == value.to_integral_value() else float(value)
            cell.value = value
            if isinstance(value, date):
                cell.number_format = DATE_FORMAT
            elif isinstance(value, str):
                cell.data_type = "s"  # a name starting with "=" stays a name
            cell.alignment, cell.border = WRAP, GRID
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 1)
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def appendix_xlsx(compiled: CompiledReport) -> bytes:
    """Three sheets: "Quá hạn", "Chỉ tiêu", "Tình hình báo cáo"."""
    period = compiled.period_label
    workbook = Workbook()
    workbook.remove(workbook.active)
    with translation.override("vi"):
        _sheet(
            workbook,
            "Quá hạn",
            f"Nhiệm vụ quá hạn – {compiled.plan_title} – {period}",
            OVERDUE_COLUMNS,
            [
                [n, line.code, line.title, ", ".join(line.leads), line.due, line.days_late]
                for n, line in enumerate(compiled.overdue, 1)
            ],
        )
        _sheet(
            workbook,
            "Chỉ tiêu",
            f"Kết quả thực hiện chỉ tiêu – {compiled.plan_title} – {period}",
            KPI_COLUMNS,
            [
                [n, kpi.code, kpi.name, kpi.unit, kpi.target, kpi.value, kpi.label]
                for n, kpi in enumerate(compiled.kpis, 1)
            ],
        )
        matrix = compiled.matrix
        _sheet(
            workbook,
            "Tình hình báo cáo",
            f"Tình hình gửi báo cáo – {compiled.plan_title} – đến {period}",
            [("STT", 6), ("Cơ quan, đơn vị", 40), *[(label, 16) for label in matrix.periods]],
            [[n, row.body, *row.labels] for n, row in enumerate(matrix.rows, 1)],
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
