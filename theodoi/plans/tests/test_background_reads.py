"""No uploaded plan document is read inside a web request: the Excel import and an
amendment are kept as a ``PlanImport`` and read by the worker (``plan_import_run``,
bounded); the amendment's preview and "apply" use the JSON the worker kept.

Tasks run at once in the tests (the immediate backend), queued on commit: a request
posted inside ``django_capture_on_commit_callbacks(execute=True)`` is read before the
test goes on; posted outside it, the import stays queued, as a real request leaves it.
"""

import copy
import io
import json
import time
import zipfile
from datetime import timedelta
from pathlib import Path

import docx
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from theodoi.core import clock
from theodoi.plans.models import ImportStatus, Plan, PlanImport, PlanVersion
from theodoi.plans.serialize import plan_to_json
from theodoi.plans.services import imports
from theodoi.plans.services.drafts import plan_draft_create
from theodoi.plans.services.excel import plan_workbook
from theodoi.plans.services.publish import plan_publish

PLANS = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "plans"
NEW_DEADLINE = "Quý II/2029"

pytestmark = pytest.mark.usefixtures("media")


@pytest.fixture
def plan(people):
    data = json.loads((PLANS / "001_6cb26fb914e0f802.json").read_text("utf-8"))
    plan = plan_draft_create(data=data, source_name="kh-2026.txt")
    plan_publish(plan=plan, user=people["thuongtruc"], confirm_gaps=True)
    plan.refresh_from_db()
    return plan


@pytest.fixture
def office(login):
    return login("thuongtruc")


def amended_xlsx(plan, deadline=NEW_DEADLINE) -> bytes:
    """The plan's own .xlsx with the first task's deadline changed."""
    book = openpyxl.load_workbook(io.BytesIO(plan_workbook(plan)))
    sheet = book["Nhiệm vụ"]
    header = next(c.row for c in sheet["A"] if c.value == "TT")
    sheet.cell(header + 2, 6).value = deadline  # the first task's "Thời gian hoàn thành"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def hostile_xlsx() -> bytes:
    """A 5 KB workbook whose one merged range covers the whole sheet below row 2
    (A3:XFD1048576): read naively it takes gigabytes and a minute."""
    book = openpyxl.Workbook()
    book.active["A1"] = "KẾ HOẠCH"
    plain = io.BytesIO()
    book.save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain.getvalue())) as source:
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                data = source.read(item.filename)
                if item.filename == "xl/worksheets/sheet1.xml":
                    data = data.replace(
                        b"</sheetData>",
                        b'</sheetData><mergeCells count="1"><mergeCell ref="A3:XFD1048576"/>'
                        b"</mergeCells>",
                    )
                target.writestr(item, data)
    return out.getvalue()


def no_plan_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("Văn bản không có bảng phân công nào.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def amend(client, plan, name, content):
    return client.post(
        reverse("plans:amend", args=[plan.pk]), {"file": SimpleUploadedFile(name, content)}
    )


# --- Nothing is read in the request ----------------------------------------------------


def test_a_hostile_xlsx_posted_to_the_excel_import_is_queued_not_read(office):
    started = time.monotonic()
    response = office.post(
        reverse("plans:excel-import"), {"file": SimpleUploadedFile("bom.xlsx", hostile_xlsx())}
    )
    elapsed = time.monotonic() - started

    plan_import = PlanImport.objects.get()
    assert elapsed < 2
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:import", args=[plan_import.pk])
    assert plan_import.status == ImportStatus.QUEUED and plan_import.amends is None
    assert not Plan.objects.exists()
    page = office.get(response["Location"]).content.decode()
    assert "Đang chờ đến lượt đọc" in page and 'hx-trigger="every 1s"' in page


def test_a_hostile_xlsx_posted_as_an_amendment_is_queued_not_read(office, plan):
    started = time.monotonic()
    response = amend(office, plan, "bom.xlsx", hostile_xlsx())
    elapsed = time.monotonic() - started

    imported = PlanImport.objects.get(amends=plan)
    assert elapsed < 2
    assert response["Location"] == reverse("plans:amend-import", args=[plan.pk, imported.pk])
    assert imported.status == ImportStatus.QUEUED and imported.parsed is None


def test_the_excel_import_and_the_amendment_still_refuse_a_wrong_kind_at_once(office, plan):
    response = office.post(
        reverse("plans:excel-import"), {"file": SimpleUploadedFile("kh.txt", b"KE HOACH")}
    )
    assert "Chỉ nhận tệp Excel .xlsx." in response.context["form"].errors["file"]
    response = amend(office, plan, "kh.html", b"<p>KE HOACH</p>")
    assert "Chỉ nhận tệp .txt, .docx, .pdf hoặc .xlsx." in response.context["form"].errors["file"]
    assert not PlanImport.objects.exists()


# --- The amendment, end to end ---------------------------------------------------------


def test_an_amendment_is_read_in_the_background_previewed_and_applied(office, plan, people):
    response = amend(office, plan, "sua-doi.xlsx", amended_xlsx(plan))
    imported = PlanImport.objects.get(amends=plan)
    url = response["Location"]

    # Queued: the page (and its partial) polls.
    waiting = office.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in waiting and "Đang chờ" in waiting
    assert "<html" not in waiting

    # The worker reads it: the plan JSON is kept, no draft is made, the plan is as it was.
    assert imports.plan_import_run(import_id=imported.pk).status == ImportStatus.DONE
    imported.refresh_from_db()
    assert imported.plan is None and Plan.objects.count() == 1
    assert NEW_DEADLINE in [t["deadline"]["text"] for t in imported.parsed["tasks"]]
    plan.refresh_from_db()
    assert plan.version == 1 and not plan.tasks.filter(deadline_text=NEW_DEADLINE).exists()

    # The partial now shows the changes and "apply", and no longer polls.
    done = office.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' not in done and NEW_DEADLINE in done
    assert reverse("plans:amend-apply", args=[plan.pk]) in done

    applied = office.post(
        reverse("plans:amend-apply", args=[plan.pk]), {"import": imported.pk, "seen_version": 1}
    )
    assert applied.status_code == 302 and applied["Location"] == plan.get_absolute_url()
    plan.refresh_from_db()
    assert plan.version == 2 and plan.tasks.filter(deadline_text=NEW_DEADLINE).exists()
    assert PlanVersion.objects.get(plan=plan, number=2).applied_by == people["thuongtruc"]

    # The same preview applied again is refused: the plan has moved on.
    again = office.post(
        reverse("plans:amend-apply", args=[plan.pk]),
        {"import": imported.pk, "seen_version": 1},
        follow=True,
    )
    assert "Người khác vừa sửa mục này" in again.content.decode()
    plan.refresh_from_db()
    assert plan.version == 2 and PlanVersion.objects.filter(plan=plan).count() == 2


def test_apply_uses_the_json_that_was_previewed_not_the_file(
    office, plan, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = amend(office, plan, "sua-doi.xlsx", amended_xlsx(plan))
    imported = PlanImport.objects.get(amends=plan)
    preview = office.get(response["Location"]).content.decode()
    assert NEW_DEADLINE in preview

    # The stored file changes after the read (another deadline; then not even a plan):
    # what is applied is still what the office saw.
    with imported.file.open("wb") as stored:
        stored.write(amended_xlsx(plan, deadline="Quý IV/2030"))
    with imported.file.open("wb") as stored:
        stored.write(b"\x00 no longer a workbook")
    office.post(
        reverse("plans:amend-apply", args=[plan.pk]), {"import": imported.pk, "seen_version": 1}
    )

    plan.refresh_from_db()
    assert plan.version == 2
    assert plan.tasks.filter(deadline_text=NEW_DEADLINE).exists()
    assert not plan.tasks.filter(deadline_text="Quý IV/2030").exists()


def test_apply_before_the_read_has_ended_is_refused_and_changes_nothing(office, plan):
    response = amend(office, plan, "sua-doi.xlsx", amended_xlsx(plan))
    imported = PlanImport.objects.get(amends=plan)

    applied = office.post(
        reverse("plans:amend-apply", args=[plan.pk]),
        {"import": imported.pk, "seen_version": 1},
        follow=True,
    )

    assert applied.redirect_chain[-1][0] == response["Location"]
    assert "chưa được đọc xong" in applied.content.decode()
    plan.refresh_from_db()
    assert plan.version == 1


def test_an_amendment_the_importer_cannot_read_says_why_in_both_languages(
    office, plan, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = amend(office, plan, "khong-bang.docx", no_plan_docx())
    imported = PlanImport.objects.get(amends=plan)
    assert imported.status == ImportStatus.FAILED and imported.parsed is None
    assert "Không tìm thấy nhiệm vụ hay chỉ tiêu" in imported.message
    assert imported.message_en and imported.message_en != imported.message

    page = office.get(response["Location"]).content.decode()
    assert "Không đọc được văn bản sửa đổi" in page and escape(imported.message) in page
    assert reverse("plans:amend", args=[plan.pk]) in page  # upload again
    assert "every 1s" not in page and reverse("plans:amend-apply", args=[plan.pk]) not in page
    office.cookies["django_language"] = "en"
    assert escape(imported.message_en) in office.get(response["Location"]).content.decode()
    plan.refresh_from_db()
    assert plan.version == 1 and Plan.objects.count() == 1


def test_an_amendment_whose_worker_stopped_is_read_again_by_the_recovery(
    office, plan, settings, django_capture_on_commit_callbacks
):
    amend(office, plan, "sua-doi.xlsx", amended_xlsx(plan))
    imported = PlanImport.objects.get(amends=plan)
    began = clock.now() - timedelta(minutes=settings.THEODOI_IMPORT_STALE_MINUTES + 1)
    imports._start(imported.pk, now=began)  # a worker began, then died

    with django_capture_on_commit_callbacks(execute=True):
        assert imports.imports_recover() == 1

    imported.refresh_from_db()
    assert (imported.status, imported.attempts) == (ImportStatus.DONE, 2)
    assert imported.parsed and imported.plan is None and Plan.objects.count() == 1


def test_the_amendment_page_of_another_plan_is_not_found(office, plan, people):
    other = plan_draft_create(data=copy.deepcopy(plan_to_json(plan)), source_name="khac.txt")
    amend(office, plan, "sua-doi.xlsx", amended_xlsx(plan))
    imported = PlanImport.objects.get(amends=plan)
    url = reverse("plans:amend-import", args=[other.pk, imported.pk])
    assert office.get(url).status_code == 404
    # The upload area's progress page sends an amendment to its own page.
    response = office.get(reverse("plans:import", args=[imported.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:amend-import", args=[plan.pk, imported.pk])
