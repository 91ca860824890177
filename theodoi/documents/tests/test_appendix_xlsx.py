"""The report's appendices as a workbook, read back with openpyxl and compared with
the rows the fixture made (tasks, reports, KPI values), counted here."""

import io
from datetime import datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from theodoi.documents.appendix import appendix_xlsx
from theodoi.documents.tests.report_fixtures import (
    BUILDING,
    FINANCE,
    HEALTH,
    JUSTICE,
    TITLE,
    report_data,
)
from theodoi.plans.models import Assignment, Task
from theodoi.reporting.models import KpiValue, Report, ReportItem
from theodoi.reporting.tests.test_compiled import DAY_AFTER

__all__ = ["report_data"]

pytestmark = pytest.mark.django_db

HEADER_ROW = 3


def sheet_rows(sheet):
    """The values below the header row."""
    return [list(row) for row in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)]


@pytest.fixture
def workbook(report_data):
    return load_workbook(io.BytesIO(appendix_xlsx(report_data[3])))


def test_three_sheets_laid_out_for_print(workbook):
    assert workbook.sheetnames == ["Quá hạn", "Chỉ tiêu", "Tình hình báo cáo"]
    for sheet in workbook.worksheets:
        assert TITLE in sheet["A1"].value and sheet["A1"].font.bold
        header = sheet[HEADER_ROW]
        assert header[0].value == "STT" and all(cell.font.bold for cell in header)
        assert sheet.freeze_panes == f"A{HEADER_ROW + 1}"
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.paperSize == int(sheet.PAPERSIZE_A4)
        assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.column_dimensions["B"].width >= 10
        for row in sheet.iter_rows(min_row=HEADER_ROW + 1):
            assert all(cell.alignment.wrap_text for cell in row)


def test_overdue_sheet_agrees_with_the_tasks(report_data, workbook):
    plan, *_ = report_data
    today = DAY_AFTER.date()
    done = set(
        ReportItem.objects.filter(report__period__plan=plan, state="done").values_list(
            "assignment__task__code", flat=True
        )
    )
    expected = []
    for task in Task.objects.filter(plan=plan, due__isnull=False, condition="").order_by("due"):
        if task.due < today and task.code not in done:
            lead = Assignment.objects.get(task=task, role="lead").body.name
            expected.append([task.code, task.title, lead, task.due, (today - task.due).days])
    assert len(expected) == 2
    sheet = workbook["Quá hạn"]
    found = sheet_rows(sheet)
    assert [row[0] for row in found] == [1, 2]
    assert [[*row[1:4], row[4].date(), row[5]] for row in found] == expected
    for row in sheet.iter_rows(min_row=HEADER_ROW + 1):
        due = row[4]
        assert isinstance(due.value, datetime) and due.number_format == "dd/mm/yyyy"
        assert isinstance(row[5].value, int)


def test_kpi_sheet_agrees_with_the_values(report_data, workbook):
    plan, periods, *_ = report_data
    values = {
        v.indicator.code: v.value
        for v in KpiValue.objects.filter(report__period=periods[3]).select_related("indicator")
        if v.report.state == "accepted"
    }
    assert values == {"1": Decimal("85.5"), "2": Decimal(40)}
    found = sheet_rows(workbook["Chỉ tiêu"])
    indicators = list(plan.indicators.order_by("position"))
    assert len(found) == len(indicators) == 3
    for row, indicator in zip(found, indicators, strict=True):
        assert row[1:5] == [indicator.code, indicator.name, indicator.unit, indicator.target_text]
        value = values.get(indicator.code)
        assert row[5] == (None if value is None else float(value))
    assert isinstance(found[0][5], float) and isinstance(found[1][5], int)
    assert [row[6] for row in found] == ["Đạt", "Chưa đạt", "Chưa có số liệu"]


def test_reporting_sheet_agrees_with_the_reports(report_data, workbook):
    plan, periods, *_ = report_data
    sheet = workbook["Tình hình báo cáo"]
    assert [c.value for c in sheet[HEADER_ROW]] == [
        "STT",
        "Cơ quan, đơn vị",
        periods[2].label,
        periods[3].label,
    ]
    found = {row[1]: row[2:] for row in sheet_rows(sheet)}
    labels = {"accepted": "Đã tiếp nhận", "submitted": "Đã gửi"}
    states = {
        (r.body.name, r.period_id): labels[r.state]
        for r in Report.objects.filter(period__plan=plan).select_related("body")
    }
    expected = {
        name: [states.get((name, periods[m].pk), "Chưa bắt đầu") for m in (2, 3)]
        for name in (FINANCE, HEALTH, BUILDING, JUSTICE)
    }
    assert found == expected
    assert len(found) == Assignment.objects.filter(plan=plan).values("body").distinct().count()
