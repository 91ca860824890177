"""Plans to and from Excel (.xlsx).

The export is laid out so that the importer (``theodoi.importer``) reads it back
into the same plan JSON: the document header as prose rows in column A above
the task table (number, place and date, instrument, title, issuer, bases,
reporting duties), the task table with the column names the importer knows,
the signer in column A below the table after a blank row, then a "Chỉ tiêu"
sheet and a "Thành viên" sheet. Every cell is written as text, so that nothing
the document wrote turns into a number, a date or a formula.

Where the importer derives a field (a task's due date from its deadline text,
a basis's reference from its text), the export writes the text and lets the
importer derive it again.
"""

import io
import math
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from ..models import Assignment, AssignmentRole, Plan, PlanImport, PlanStatus, Section
from ..serialize import plan_to_json
from .imports import plan_import_create

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# (header, width in characters): the importer knows each of these names.
TASK_COLUMNS = [
    ("TT", 7),
    ("Nội dung nhiệm vụ", 60),
    ("Cơ quan chủ trì", 26),
    ("Cơ quan phối hợp", 30),
    ("Thời gian bắt đầu", 14),
    ("Thời gian hoàn thành", 18),
    ("Sản phẩm", 30),
    ("Căn cứ giao nhiệm vụ", 30),
]
INDICATOR_COLUMNS = [
    ("TT", 7),
    ("Chỉ tiêu", 60),
    ("Đơn vị tính", 12),
    ("Mục tiêu", 14),
    ("Cơ quan chủ trì", 30),
    ("Cơ quan phối hợp", 34),
]
MEMBER_COLUMNS = [("TT", 7), ("Họ và tên", 26), ("Chức vụ", 40), ("Nhiệm vụ phụ trách", 60)]
BODY_TASK_COLUMNS = [
    ("Kế hoạch", 36),
    ("TT", 9),
    ("Nhiệm vụ", 60),
    ("Vai trò", 11),
    ("Qua nhóm", 24),
    ("Thời hạn", 18),
    ("Hạn hoàn thành", 14),
    ("Sản phẩm", 30),
]

BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTRED = Alignment(wrap_text=True, vertical="center", horizontal="center")
THIN = Side(style="thin", color="999999")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
SECTION_FILL = PatternFill("solid", fgColor="F2F2F2")


# -- writing cells -----------------------------------------------------------------


def _put(cell, text: str | None) -> None:
    """Text as typed: never a formula or a number (``=``, ``2025`` stay text)."""
    cell.value = text or None
    if text:
        cell.data_type = "s"


def _row_height(texts: list[str | None], widths: list[int]) -> float:
    """Enough height for the longest wrapped cell of a row (Excel does not fit it)."""
    lines = 1
    for text, width in zip(texts, widths, strict=False):
        if text:
            lines = max(lines, sum(math.ceil(len(p) * 1.15 / width) or 1 for p in text.split("\n")))
    return min(15 * lines + 2, 400)


class _Sheet:
    """A worksheet filled row by row."""

    def __init__(self, sheet, columns: list[tuple[str, int]]):
        self.sheet = sheet
        self.widths = [width for _name, width in columns]
        self.names = [name for name, _width in columns]
        self.row = 1
        for number, width in enumerate(self.widths, 1):
            sheet.column_dimensions[get_column_letter(number)].width = width
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True

    def prose(self, text: str, *, bold=False, merged=True) -> None:
        """A line of the document, in column A (merged across the table when above it)."""
        cell = self.sheet.cell(self.row, 1)
        _put(cell, text)
        cell.font = Font(bold=bold)
        if merged:
            cell.alignment = WRAP
            last = len(self.widths)
            self.sheet.merge_cells(
                start_row=self.row, start_column=1, end_row=self.row, end_column=last
            )
            self.sheet.row_dimensions[self.row].height = _row_height([text], [sum(self.widths)])
        self.row += 1

    def blank(self) -> None:
        self.row += 1

    def header(self) -> int:
        for number, name in enumerate(self.names, 1):
            cell = self.sheet.cell(self.row, number)
            _put(cell, name)
            cell.font, cell.alignment, cell.border, cell.fill = BOLD, CENTRED, GRID, HEADER_FILL
        self.sheet.row_dimensions[self.row].height = _row_height(self.names, self.widths)
        self.first = self.row
        self.sheet.freeze_panes = self.sheet.cell(self.row + 1, 1)
        self.sheet.print_title_rows = f"{self.row}:{self.row}"
        self.row += 1
        return self.first

    def line(self, values: list, *, heading=False) -> None:
        for number, value in enumerate(values, 1):
            cell = self.sheet.cell(self.row, number)
            if isinstance(value, date):
                cell.value, cell.number_format = value, "DD/MM/YYYY"
            else:
                _put(cell, value)
            cell.alignment, cell.border = WRAP, GRID
            if heading:
                cell.font, cell.fill = BOLD, SECTION_FILL
        texts = [v if isinstance(v, str) else None for v in values]
        self.sheet.row_dimensions[self.row].height = _row_height(texts, self.widths)
        self.row += 1

    def end_table(self) -> None:
        last = get_column_letter(len(self.widths))
        self.sheet.auto_filter.ref = f"A{self.first}:{last}{max(self.row - 1, self.first)}"


def _cell_list(names: list[str]) -> str:
    """A lead/support cell: the importer splits it on ``;`` into the same items."""
    return "; ".join(names)


# -- the plan ----------------------------------------------------------------------


def _header_lines(document: dict) -> list[str]:
    """The document's header as the importer reads it (see importer/build/header.py)."""
    lines = []
    if document["number"]:
        lines.append(f"Số: {document['number']}")
    year = document["year"]
    if document["place"] and (document["date"] or year):
        if document["date"]:
            day = date.fromisoformat(document["date"])
            lines.append(f"{document['place']}, ngày {day:%d} tháng {day.month} năm {day.year}")
        else:
            lines.append(f"{document['place']}, ngày    tháng    năm {year}")
    if document["type"]:
        lines.append(document["type"].upper())
    lines.append(document["title"] or "")
    if document["issuer"]:
        kind = document["type"] or "Văn bản"
        number = f" số {document['number']}" if document["number"] else ""
        lines.append(f"(Kèm theo {kind}{number} của {document['issuer']})")
    lines += [f"Căn cứ {basis['text']};" for basis in document["bases"]]
    return lines


def _reporting_lines(reporting: list[dict]) -> list[str]:
    if not reporting:
        return []
    return ["Chế độ báo cáo:", *(f"- {duty['text']}." for duty in reporting)]


def _signer_lines(signer: dict) -> list[str]:
    if not (signer["name"] and signer["position"]):
        return []
    return [signer["position"].upper(), signer["name"]]


def _task_rows(plan: Plan, tasks: list[dict]):
    """Section rows and task rows in document order."""
    sections = list(plan.sections.order_by("position", "pk"))
    shown = 0

    def sections_up_to(path: str | None):
        nonlocal shown
        if path is None or path in {s.path for s in sections[:shown]}:
            return
        while shown < len(sections):
            section: Section = sections[shown]
            shown += 1
            yield [section.code, section.title], True
            if section.path == path:
                return

    for task in tasks:
        yield from sections_up_to(task["section"])
        yield (
            [
                task["code"],
                task["title"],
                _cell_list(task["lead"]),
                _cell_list(task["support"]),
                task["start"],
                task["deadline"]["text"],
                task["deliverable"],
                task["basis"],
            ],
            False,
        )
    for section in sections[shown:]:
        yield [section.code, section.title], True


def _indicator_rows(indicators: list[dict], titles: dict[str, str]):
    """KPI rows; a part is a row with an empty TT (or ``6.1`` when it has no target)."""
    current: list[str] = []
    for indicator in indicators:
        path = indicator["section"].split("/") if indicator["section"] else []
        same = 0
        while same < min(len(path), len(current)) and path[same] == current[same]:
            same += 1
        for depth in range(same, len(path)):
            yield [path[depth], titles.get("/".join(path[: depth + 1]), "")], True
        current = path
        target = indicator["target"] or {}
        yield (
            [
                indicator["code"],
                indicator["name"],
                indicator["unit"],
                target.get("text"),
                _cell_list(indicator["lead"]),
                _cell_list(indicator["support"]),
            ],
            False,
        )
        for number, part in enumerate(indicator["parts"], 1):
            text = (part["target"] or {}).get("text")
            code = None if text else f"{indicator['code']}.{number}"
            yield [code, part["name"], part["unit"], text], False


def plan_workbook(plan: Plan) -> bytes:
    """The plan as an .xlsx file the importer reads back into the same JSON."""
    data = plan_to_json(plan)
    book = Workbook()
    tasks = _Sheet(book.active, TASK_COLUMNS)
    book.active.title = "Nhiệm vụ"
    for number, text in enumerate(_header_lines(data["document"])):
        tasks.prose(text, bold=text.isupper() or number == 0)
    for text in _reporting_lines(data["reporting"]):
        tasks.prose(text)
    tasks.blank()
    tasks.header()
    for values, heading in _task_rows(plan, data["tasks"]):
        tasks.line(values, heading=heading)
    tasks.end_table()
    signer = _signer_lines(data["document"]["signer"])
    if signer:
        tasks.blank()
        tasks.prose(signer[0], bold=True, merged=False)
        tasks.prose(signer[1], bold=True, merged=False)
    if data["indicators"]:
        sheet = _Sheet(book.create_sheet("Chỉ tiêu"), INDICATOR_COLUMNS)
        sheet.header()
        titles = {s["path"]: s["title"] for s in data["sections"]}
        for values, heading in _indicator_rows(data["indicators"], titles):
            sheet.line(values, heading=heading)
        sheet.end_table()
    if data["members"]:
        sheet = _Sheet(book.create_sheet("Thành viên"), MEMBER_COLUMNS)
        sheet.header()
        for number, member in enumerate(data["members"], 1):
            sheet.line([str(number), member["name"], member["position"], member["duty"]])
        sheet.end_table()
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# -- a body's tasks -------------------------------------------------------------------


def body_task_rows(body) -> list[list]:
    """The tasks a body leads or supports in published plans, one row per (task, role)."""
    assignments = (
        Assignment.objects.filter(
            body=body,
            task__isnull=False,
            task__closed_at__isnull=True,
            plan__status=PlanStatus.PUBLISHED,
        )
        .select_related("plan", "task__section", "via_group")
        .order_by("-plan__year", "plan_id", "task__position", "role")
    )
    roles = dict(AssignmentRole.choices)
    rows = []
    for assignment in assignments:
        task = assignment.task
        code = f"{task.section.path}/{task.code}" if task.section else task.code
        rows.append(
            [
                str(assignment.plan),
                code,
                task.title,
                str(roles[assignment.role]),
                assignment.via_group.name if assignment.via_group else None,
                task.deadline_text,
                task.due,
                task.deliverable,
            ]
        )
    return rows


def body_tasks_workbook(body) -> bytes:
    book = Workbook()
    book.active.title = "Nhiệm vụ"
    sheet = _Sheet(book.active, BODY_TASK_COLUMNS)
    sheet.prose(_("Nhiệm vụ của %(body)s") % {"body": body.name}, bold=True)
    sheet.blank()
    sheet.header()
    for values in body_task_rows(body):
        sheet.line(values)
    sheet.end_table()
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# -- import ---------------------------------------------------------------------------


def plan_import_excel(*, upload, user) -> PlanImport:
    """Queue an .xlsx (one this system exported, or any the importer reads) to be read
    into a new draft, as the upload area does: the worker reads it, bounded
    (``imports.plan_import_run``), never the web request."""
    if not Path(upload.name or "").name.lower().endswith(".xlsx"):
        raise ValidationError(_("Chỉ nhận tệp Excel .xlsx."))
    return plan_import_create(upload=upload, user=user)
