"""The office uploads a plan document; a background task reads it into a draft.

Tasks run at once here (the immediate backend of the test settings); the
upload's task is queued on commit, so each upload runs inside
``django_capture_on_commit_callbacks(execute=True)``.
"""

import io
import logging

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from theodoi.devtools.demo_plans import sample_bytes
from theodoi.plans.models import ImportStatus, Plan, PlanImport, Task
from theodoi.plans.services import imports

UPLOAD = reverse("plans:upload")


pytestmark = pytest.mark.usefixtures("media")  # uploads go to a folder of the test's own


@pytest.fixture
def office(login):
    return login("thuongtruc")


@pytest.fixture
def upload(office, django_capture_on_commit_callbacks):
    """``upload(name, content)`` posts the file as the office, runs the queued task,
    and returns the final response (the status page after the redirect)."""

    def post(name, content):
        with django_capture_on_commit_callbacks(execute=True):
            response = office.post(UPLOAD, {"file": SimpleUploadedFile(name, content)})
        if response.status_code == 302:
            return office.get(response["Location"])
        return response

    return post


def docx_without_table() -> bytes:
    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Triển khai nhiệm vụ năm 2026, không có bảng phân công.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("sample", "sections", "tasks", "indicators"),
    [("000_91be600319c8ab5d.txt", 2, 55, 0), ("001_6cb26fb914e0f802.txt", 7, 40, 16)],
)
def test_the_office_uploads_a_sample_plan_and_gets_a_draft_with_all_its_tasks(
    upload, people, media, sample, sections, tasks, indicators
):
    response = upload(sample, sample_bytes(sample))

    plan_import = PlanImport.objects.get()
    assert plan_import.status == ImportStatus.DONE
    assert plan_import.progress == 100 and plan_import.finished_at is not None
    assert plan_import.original_name == sample
    assert plan_import.created_by == people["thuongtruc"]
    plan = plan_import.plan
    assert plan.is_draft and plan.source_name == sample
    assert (plan.sections.count(), plan.tasks.count()) == (sections, tasks)
    assert plan.indicators.filter(parent__isnull=True).count() == indicators
    # The draft's history names the office officer who uploaded it.
    assert {h.history_user for h in plan.history.all()} == {people["thuongtruc"]}
    assert set(Task.history.filter(plan_id=plan.pk).values_list("history_user", flat=True)) == {
        people["thuongtruc"].pk
    }
    # The file is kept under MEDIA_ROOT, under a name of the server's choosing.
    stored = media / plan_import.file.name
    assert stored.read_bytes() == sample_bytes(sample)
    assert stored.name != sample

    page = response.content.decode()
    assert response.status_code == 200
    assert "Đã đọc xong" in page and sample in page
    assert f'data-testid="count-tasks">{tasks}<' in page
    assert 'hx-trigger="every 1s"' not in page  # finished: nothing to poll
    assert f"/ke-hoach/{plan.pk}/" in page


def test_the_status_partial_polls_every_second_until_the_parse_ends(office, people):
    plan_import = imports.plan_import_create(
        upload=SimpleUploadedFile("kh.txt", sample_bytes("001_6cb26fb914e0f802.txt")),
        user=people["thuongtruc"],
    )  # not committed in this test, so not read yet: queued
    url = reverse("plans:import", args=[plan_import.pk])

    waiting = office.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in waiting and "Đang chờ" in waiting
    assert "<html" not in waiting  # the partial only

    imports.plan_import_run(import_id=plan_import.pk)
    done = office.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in done
    assert 'data-testid="count-tasks">40<' in done


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("trang.txt", b"  \n\n\t \n", "rỗng"),
        ("nhi-phan.txt", bytes(range(256)) * 8, "không phải văn bản"),
        ("khong-bang.docx", docx_without_table(), "Không tìm thấy nhiệm vụ hay chỉ tiêu"),
        ("hong.docx", b"PK\x03\x04 not really a zip", "bị hỏng"),
        ("cu.pdf", b"%PDF-1.4\n garbage", "PDF"),
    ],
)
def test_a_document_the_importer_cannot_read_fails_with_its_message_and_leaves_no_plan(
    upload, name, content, message
):
    response = upload(name, content)

    plan_import = PlanImport.objects.get()
    assert plan_import.status == ImportStatus.FAILED
    assert message in plan_import.message and name in plan_import.message
    assert plan_import.plan is None
    assert not Plan.objects.exists() and not Task.objects.exists()
    page = response.content.decode()
    assert "Không đọc được tệp" in page and plan_import.message in page
    assert "Chọn tệp khác và thử lại" in page


def test_a_refused_document_is_explained_in_english_on_english_pages(upload, office):
    upload("nhi-phan.txt", bytes(range(256)) * 8)
    plan_import = PlanImport.objects.get()
    assert "không phải văn bản" in plan_import.message
    assert plan_import.message_en and "không" not in plan_import.message_en

    office.cookies["django_language"] = "en"
    for url in (reverse("plans:import", args=[plan_import.pk]), UPLOAD):
        page = office.get(url).content.decode()
        assert plan_import.message_en[:60] in page, url
        assert plan_import.message[:60] not in page, url


def test_an_unexpected_error_fails_with_a_general_message_is_logged_and_leaves_no_plan(
    upload, monkeypatch, caplog
):
    real_create = imports.plan_draft_create

    def create_then_break(**kwargs):
        real_create(**kwargs)  # the plan exists for a moment, inside the transaction
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(imports, "plan_draft_create", create_then_break)
    with caplog.at_level(logging.ERROR, logger="theodoi.plans.services.imports"):
        response = upload("kh.txt", sample_bytes("000_91be600319c8ab5d.txt"))

    plan_import = PlanImport.objects.get()
    assert plan_import.status == ImportStatus.FAILED
    assert plan_import.message.startswith("Có lỗi ngoài dự kiến")
    assert "disk on fire" not in plan_import.message
    assert not Plan.objects.exists() and not Task.objects.exists()
    assert "disk on fire" in caplog.text
    assert "Có lỗi ngoài dự kiến" in response.content.decode()
    assert plan_import.message_en.startswith("An unexpected error")


@pytest.mark.parametrize(
    ("name", "size", "message"),
    [
        ("ke-hoach.doc", 100, "Chỉ nhận tệp .txt, .md, .docx, .pdf, .xlsx hoặc .html"),
        ("ke-hoach.exe", 100, "Chỉ nhận tệp .txt, .md, .docx, .pdf, .xlsx hoặc .html"),
        ("ke-hoach", 100, "Chỉ nhận tệp .txt, .md, .docx, .pdf, .xlsx hoặc .html"),
        ("ke-hoach.txt", 0, "rỗng"),
        ("ke-hoach.pdf", 20 * 1024 * 1024 + 1, "quá lớn (20,0 MB); giới hạn là 20 MB"),
    ],
)
def test_a_file_of_the_wrong_kind_empty_or_too_big_is_refused_at_once(
    upload, media, name, size, message
):
    response = upload(name, b"x" * size)

    assert response.status_code == 200  # the form again, with the reason
    assert message in response.content.decode()
    assert not PlanImport.objects.exists()
    assert not media.exists() or not any(media.rglob("*.*"))


def test_the_file_size_is_written_the_vietnamese_way(upload):
    response = upload("lon.txt", b"x" * (20 * 1024 * 1024 + 300_000))
    assert "quá lớn (20,3 MB)" in response.content.decode()


def test_a_read_import_is_not_read_twice(upload, people):
    upload("kh.txt", sample_bytes("000_91be600319c8ab5d.txt"))
    plan_import = PlanImport.objects.get()

    assert imports.plan_import_run(import_id=plan_import.pk) is None
    assert Plan.objects.count() == 1


def test_the_upload_page_lists_recent_imports_with_their_outcome(upload, office):
    upload("tot.txt", sample_bytes("000_91be600319c8ab5d.txt"))
    upload("trang.txt", b" \n ")

    page = office.get(UPLOAD).content.decode()
    assert "tot.txt" in page and "trang.txt" in page
    assert "Đã đọc xong" in page and "Không đọc được" in page
    assert str(Plan.objects.get()) in page


def test_the_office_finds_the_upload_page_in_its_navigation(office):
    page = office.get(reverse("accounts:office_home")).content.decode()
    assert f'href="{UPLOAD}"' in page and "Nhập kế hoạch" in page


@pytest.mark.parametrize("username", ["daumoi", "lanhdao", "daumoi.xa", "chutich"])
def test_only_the_office_may_upload_or_follow_an_import(login, people, username):
    client = login(username)
    assert f'href="{UPLOAD}"' not in client.get("/", follow=True).content.decode()
    assert client.get(UPLOAD).status_code == 403
    response = client.post(UPLOAD, {"file": SimpleUploadedFile("kh.txt", b"abc")})
    assert response.status_code == 403
    assert not PlanImport.objects.exists()

    plan_import = PlanImport.objects.create(
        file="imports/kh.txt", original_name="kh.txt", created_by=people["thuongtruc"]
    )
    assert client.get(reverse("plans:import", args=[plan_import.pk])).status_code == 403
