"""A plan to .xlsx and back; a body's task list; the .xlsx through LibreOffice."""

import io
import json
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from theodoi import importer
from theodoi.bodies.models import Body, BodyKind
from theodoi.plans.models import AgencyItem, ImportStatus, Plan, PlanImport, PlanStatus
from theodoi.plans.serialize import plan_to_json
from theodoi.plans.services.drafts import plan_draft_create
from theodoi.plans.services.excel import plan_workbook
from theodoi.plans.services.publish import plan_publish

PLANS = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "plans"
SAMPLES = ["000_91be600319c8ab5d", "001_6cb26fb914e0f802"]


def comparable(data: dict) -> dict:
    """The plan's content: not where the importer read each row (``tables``, ``origin``:
    the workbook's tables are not the document's)."""
    kept = {k: v for k, v in data.items() if k not in ("source", "warnings", "tables")}
    for key in ("sections", "tasks", "indicators"):
        kept[key] = [{f: v for f, v in row.items() if f != "origin"} for row in kept.get(key) or []]
    return kept


def published(data: dict, user) -> Plan:
    """A draft from ``data``, vague groups given bodies, published."""
    plan = plan_draft_create(data=data, source_name="mau.txt")
    departments = list(Body.objects.filter(kind=BodyKind.DEPARTMENT, active=True))
    vague = AgencyItem.objects.filter(task__plan=plan, group__rule="vague") | (
        AgencyItem.objects.filter(indicator__plan=plan, group__rule="vague")
    )
    for item in vague:
        item.chosen.set(departments)
    plan_publish(plan=plan, user=user, confirm_gaps=True)
    plan.refresh_from_db()
    return plan


def expected(sample: str) -> dict:
    return json.loads((PLANS / f"{sample}.json").read_text("utf-8"))


@pytest.mark.parametrize("sample", SAMPLES)
def test_an_exported_plan_reads_back_into_the_same_json_every_field(people, sample):
    plan = published(importer.parse_file(PLANS / f"{sample}.txt"), people["thuongtruc"])
    assert plan.status == PlanStatus.PUBLISHED

    parsed = importer.parse_bytes(plan_workbook(plan), "ke-hoach.xlsx")

    assert comparable(parsed) == comparable(plan_to_json(plan))


@pytest.mark.parametrize("sample", SAMPLES)
def test_the_checked_sample_json_survives_the_round_trip_but_for_a_derived_recipient(
    people, sample
):
    """The expected JSON was corrected by hand in one place the importer derives
    from the text: where a reporting duty goes (``to``). Every other field is equal."""
    plan = published(expected(sample), people["thuongtruc"])
    original = comparable(plan_to_json(plan))
    parsed = comparable(importer.parse_bytes(plan_workbook(plan), "ke-hoach.xlsx"))
    for duties in (original["reporting"], parsed["reporting"]):
        for duty in duties:
            duty.pop("to")
    assert parsed == original


def test_the_office_imports_an_exported_file_as_a_new_draft(
    people, login, media, django_capture_on_commit_callbacks
):
    """The file is kept and read in the background (the worker's ``plan_import_run``,
    at once here); the import's progress page then leads to the draft."""
    plan = published(expected(SAMPLES[1]), people["thuongtruc"])
    upload = SimpleUploadedFile("ke-hoach-2026.xlsx", plan_workbook(plan))
    client = login("thuongtruc")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("plans:excel-import"), {"file": upload})

    plan_import = PlanImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:import", args=[plan_import.pk])
    assert plan_import.status == ImportStatus.DONE
    draft = Plan.objects.exclude(pk=plan.pk).get()
    assert plan_import.plan == draft
    assert draft.status == PlanStatus.DRAFT and draft.source_name == "ke-hoach-2026.xlsx"
    assert comparable(plan_to_json(draft)) == comparable(
        importer.parse_bytes(plan_workbook(plan), "x.xlsx")
    )
    assert draft.tasks.count() == plan.tasks.count()
    page = client.get(response["Location"]).content.decode()
    assert "Đã đọc xong" in page and f"/ke-hoach/{draft.pk}/" in page


def test_a_file_that_is_no_plan_fails_with_the_importers_message_and_nothing_saved(
    login, media, django_capture_on_commit_callbacks
):
    book = openpyxl.Workbook()
    book.active["A1"] = "Danh sách liên hệ"
    out = io.BytesIO()
    book.save(out)
    upload = SimpleUploadedFile("lien-he.xlsx", out.getvalue())
    client = login("thuongtruc")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("plans:excel-import"), {"file": upload})

    plan_import = PlanImport.objects.get()
    assert plan_import.status == ImportStatus.FAILED and plan_import.message
    assert not Plan.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "Không đọc được tệp" in page and plan_import.message in page


def test_a_word_file_is_refused_by_the_excel_import(login, media):
    upload = SimpleUploadedFile("ke-hoach.docx", b"PK\x03\x04 not really")
    response = login("thuongtruc").post(reverse("plans:excel-import"), {"file": upload})
    assert "Chỉ nhận tệp Excel .xlsx." in response.context["form"].errors["file"]
    assert not Plan.objects.exists() and not PlanImport.objects.exists()


def test_the_workbook_reads_well_in_excel(people):
    plan = published(expected(SAMPLES[1]), people["thuongtruc"])
    book = openpyxl.load_workbook(io.BytesIO(plan_workbook(plan)))
    assert book.sheetnames == ["Nhiệm vụ", "Chỉ tiêu"]
    sheet = book["Nhiệm vụ"]
    header = next(r for r in sheet.iter_rows() if r[0].value == "TT")
    assert [c.value for c in header] == [
        "TT",
        "Nội dung nhiệm vụ",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Thời gian bắt đầu",
        "Thời gian hoàn thành",
        "Sản phẩm",
        "Căn cứ giao nhiệm vụ",
    ]
    assert all(c.font.bold for c in header)
    assert sheet.freeze_panes == f"A{header[0].row + 1}"
    assert sheet.auto_filter.ref.startswith(f"A{header[0].row}:H")
    assert sheet.column_dimensions["B"].width >= 50
    first_task = sheet.cell(header[0].row + 2, 2)
    assert first_task.alignment.wrap_text
    assert sheet.cell(header[0].row + 1, 1).value == "I"  # a section's own row
    kpis = book["Chỉ tiêu"]
    assert [c.value for c in kpis[1]] == [
        "TT",
        "Chỉ tiêu",
        "Đơn vị tính",
        "Mục tiêu",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
    ]
    names = [row[1].value for row in kpis.iter_rows(min_row=2)]
    assert "Cấp tỉnh" in names and "Cấp xã" in names  # parts as sub-rows


def test_anyone_signed_in_downloads_a_published_plan_but_only_the_office_a_draft(people, login):
    plan = published(expected(SAMPLES[1]), people["thuongtruc"])
    draft = plan_draft_create(data=expected(SAMPLES[0]))
    client = login("daumoi.yte")
    response = client.get(reverse("plans:excel-export", args=[plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    refused = client.get(reverse("plans:excel-export", args=[draft.pk]))
    assert refused.status_code == 302 and refused["Location"] == reverse("plans:list")
    assert "application/vnd" not in refused.get("Content-Type", "")
    office = login("thuongtruc")
    assert office.get(reverse("plans:excel-export", args=[draft.pk])).status_code == 200


# -- a body's task list -----------------------------------------------------------------


def test_a_focal_officer_downloads_the_tasks_of_his_body(people, login):
    plan = published(expected(SAMPLES[1]), people["thuongtruc"])
    body = people["daumoi"].body  # Sở Tài chính
    response = login("daumoi").get(reverse("plans:body-tasks-xlsx", args=[body.pk]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = rows.index(
        [
            "Kế hoạch",
            "TT",
            "Nhiệm vụ",
            "Vai trò",
            "Qua nhóm",
            "Thời hạn",
            "Hạn hoàn thành",
            "Sản phẩm",
        ]
    )
    tasks = rows[header + 1 :]
    led = plan.tasks.filter(assignments__body=body, assignments__role="lead")
    supported = plan.tasks.filter(assignments__body=body, assignments__role="support")
    assert len(tasks) == led.count() + supported.count() > 0
    assert {r[3] for r in tasks} <= {"Chủ trì", "Phối hợp"}
    assert "Sở, ban, ngành tỉnh" in {r[4] for r in tasks}  # came through a group
    dated = next(r for r in tasks if r[6])
    assert isinstance(dated[6], date)
    due_cell = next(c for c in sheet["G"] if isinstance(c.value, date))
    assert due_cell.number_format == "DD/MM/YYYY"


def test_an_officer_of_another_body_cannot_download_its_task_list(people, login):
    published(expected(SAMPLES[1]), people["thuongtruc"])
    finance = people["daumoi"].body
    response = login("daumoi.yte").get(reverse("plans:body-tasks-xlsx", args=[finance.pk]))
    assert response.status_code == 403


def test_a_drafts_tasks_are_not_in_a_bodys_list(people, login):
    plan_draft_create(data=expected(SAMPLES[1]))
    body = people["daumoi"].body
    response = login("daumoi").get(reverse("plans:body-tasks-xlsx", args=[body.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 3  # title, blank, header


# -- LibreOffice --------------------------------------------------------------------------


def soffice() -> str:
    program = shutil.which("soffice") or shutil.which("libreoffice")
    if program is None:
        message = "LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return program


def test_libreoffice_opens_the_export_and_prints_every_task(people, tmp_path):
    import pdfplumber

    program = soffice()
    plan = published(expected(SAMPLES[1]), people["thuongtruc"])
    workbook = tmp_path / "ke-hoach.xlsx"
    workbook.write_bytes(plan_workbook(plan))
    subprocess.run(
        [
            program,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(workbook),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    with pdfplumber.open(tmp_path / "ke-hoach.pdf") as pdf:
        text = " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)
    for task in plan.tasks.all():
        assert " ".join(task.title.split()[:5]) in text, task.code
