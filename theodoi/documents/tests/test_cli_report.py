"""``theodoi report PLAN_ID MM/YYYY --out DIR``: the month's report as files.

The plan is ``reporting/tests/test_compiled.py``'s (periods February to April 2026,
figures from the 15th to the 14th, March's reports accepted); the figures in the
DOCX are checked against that module's plain count over the rows.
"""

import io
import os
import subprocess

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from docx import Document
from openpyxl import load_workbook

from tests.processes import THEODOI, database_url
from theodoi.documents.management.commands.report import write_atomic
from theodoi.documents.pdf import soffice
from theodoi.plans.models import Assignment
from theodoi.plans.services.drafts import plan_draft_create
from theodoi.reporting.models import Period, Report, ReportingRule
from theodoi.reporting.status import Status
from theodoi.reporting.tests.conftest import SMALL_PLAN, vn
from theodoi.reporting.tests.test_compiled import CUTOFF, build_plan, expected_classes

STEM = "bao-cao-thang-3-2026"
SENT = ("submitted", "approved", "accepted")


def report(*args, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("report", *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def failure(*args, **options) -> str:
    with pytest.raises(CommandError) as raised:
        report(*args, **options)
    assert raised.value.returncode == 2
    return str(raised.value)


def texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def table_with(document, first_header: str) -> list[list[str]]:
    for table in document.tables:
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        if rows and rows[0][0] == first_header:
            return rows
    raise AssertionError(f"no table headed {first_header!r}")


@pytest.fixture
def no_pdf(settings):
    settings.THEODOI_SOFFICE = ""


@pytest.mark.django_db
def test_writes_the_docx_the_xlsx_and_the_pdf_with_the_databases_figures(people, tmp_path):
    plan, periods = build_plan(people)
    folder = tmp_path / "bao-cao" / "2026"  # made when missing
    out, err = report(str(plan.pk), "03/2026", out=str(folder), number="12", date="27/03/2026")

    expected = [folder / f"{STEM}.docx", folder / f"{STEM}.xlsx"]
    if soffice():
        expected.append(folder / f"{STEM}.pdf")
        assert (folder / f"{STEM}.pdf").read_bytes().startswith(b"%PDF")
    else:
        assert "Không có tệp PDF" in err
    assert out.split() == [str(path) for path in expected]
    assert sorted(folder.iterdir()) == sorted(expected)  # no temporary file left

    document = Document(folder / f"{STEM}.docx")
    lines = texts(document)
    for heading in [
        "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO",
        "II. KẾT QUẢ THỰC HIỆN",
        "III. TỒN TẠI, HẠN CHẾ, NGUYÊN NHÂN",
        "IV. NHIỆM VỤ TRỌNG TÂM KỲ TỚI",
        "V. KIẾN NGHỊ, ĐỀ XUẤT",
    ]:
        assert heading in lines
    whole = "\n".join(lines)
    assert f"kế hoạch có {plan.tasks.count()} nhiệm vụ" in whole
    counts = expected_classes(plan, CUTOFF)  # the report is as of the period's cut-off
    classes = {row[0]: row[1] for row in table_with(document, "Phân loại")[1:]}
    assert classes == {str(status.label): str(counts[status]) for status in Status}
    expected_bodies = Assignment.objects.filter(plan=plan).values("body").distinct().count()
    sent = Report.objects.filter(period=periods[3], state__in=SENT).count()
    assert f"Có {sent}/{expected_bodies} cơ quan, đơn vị gửi báo cáo" in whole
    assert "- Đang soạn quy chế (Sở Tài chính)" in lines
    assert "Chưa tiếp nhận" not in whole  # a report sent but not accepted
    kpis = {row[1]: row[4] for row in table_with(document, "STT")[1:]}
    assert kpis["1. Chỉ tiêu 1"] == "85"  # Sở Tài chính's March value
    assert (
        "Số: 12/BC-BCĐ"
        in "\n".join(
            cell.text for table in document.tables for row in table.rows for cell in row.cells
        )
        + whole
    )

    workbook = load_workbook(folder / f"{STEM}.xlsx")
    assert workbook.sheetnames
    assert any(sheet.max_row > 1 for sheet in workbook.worksheets)


@pytest.mark.django_db
def test_without_libreoffice_says_why_there_is_no_pdf(people, tmp_path, no_pdf):
    plan, _periods = build_plan(people)
    out, err = report(str(plan.pk), "3/2026", out=str(tmp_path))
    assert out.split() == [str(tmp_path / f"{STEM}.docx"), str(tmp_path / f"{STEM}.xlsx")]
    assert "Không có tệp PDF" in err and "LibreOffice" in err


@pytest.mark.django_db
def test_the_monthly_rules_period_when_several_end_in_the_month(people, tmp_path, no_pdf):
    plan, periods = build_plan(people)
    quarterly = ReportingRule.objects.create(
        plan=plan, frequency="quarterly", due_day=20, due_time="16:00"
    )
    Period.objects.create(
        rule=quarterly,
        plan=plan,
        label="Quý I/2026",
        starts_on=periods[2].starts_on,
        ends_on=periods[3].ends_on,
        cutoff=vn(2026, 3, 20, 16, 0),  # before the monthly one
    )
    out, _err = report(str(plan.pk), "03/2026", out=str(tmp_path))
    assert out.split()[0] == str(tmp_path / f"{STEM}.docx")


@pytest.mark.django_db
def test_exit_2_with_one_message_for_what_cannot_be_reported(people, tmp_path):
    plan, _periods = build_plan(people)
    draft = plan_draft_create(data=SMALL_PLAN)
    folder = str(tmp_path / "out")

    assert "Không có kế hoạch mã số 999999." in failure("999999", "03/2026", out=folder)
    assert "Không có kế hoạch mã số abc." in failure("abc", "03/2026", out=folder)
    said = failure(str(draft.pk), "03/2026", out=folder)
    assert f"Kế hoạch mã số {draft.pk} chưa ban hành" in said
    for month in ["13/2026", "10-2026", "2026/03", ""]:
        assert "Tháng phải có dạng MM/YYYY" in failure(str(plan.pk), month, out=folder)
    said = failure(str(plan.pk), "07/2026", out=folder)
    assert "không có kỳ báo cáo nào có số liệu đến tháng 07/2026" in said
    assert "02/2026 (Tháng 2/2026), 03/2026 (Tháng 3/2026), 04/2026 (Tháng 4/2026)" in said
    assert "DD/MM/YYYY" in failure(str(plan.pk), "03/2026", out=folder, date="2026-03-27")
    assert not os.path.exists(folder)  # nothing written


def test_a_file_is_replaced_whole(tmp_path):
    target = tmp_path / "bao-cao.docx"
    target.write_bytes(b"old")
    assert write_atomic(target, b"new") == target
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["bao-cao.docx"]


@pytest.mark.django_db(transaction=True)
def test_the_theodoi_command_on_the_test_database(people, tmp_path):
    """The real command line, in a process of its own, on what the test committed."""
    plan, _periods = build_plan(people)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "theodoi.config.settings",
        "DATABASE_URL": database_url(connection.settings_dict),
        "THEODOI_VAR": str(tmp_path / "var"),
        "THEODOI_SOFFICE": "",  # the PDF is the test above's
    }

    def run(*args):
        command = [str(THEODOI), "report", *args, "--out", str(tmp_path / "out")]
        return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)

    done = run(str(plan.pk), "03/2026")
    assert done.returncode == 0, done.stderr
    paths = done.stdout.split()
    assert [os.path.basename(p) for p in paths] == [f"{STEM}.docx", f"{STEM}.xlsx"]
    assert all(os.path.getsize(p) > 0 for p in paths)
    assert "Không có tệp PDF" in done.stderr

    done = run(str(plan.pk), "13/2026")
    assert done.returncode == 2
    assert "Tháng phải có dạng MM/YYYY" in done.stderr
