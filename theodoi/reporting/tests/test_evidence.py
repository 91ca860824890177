"""Evidence files: the type is read from the content, the size is bounded, only those
allowed upload or download them."""

import io
import os
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from theodoi.bodies.models import Body
from theodoi.reporting.models import EvidenceFile
from theodoi.reporting.services.reports import report_open
from theodoi.reporting.services.workflow import report_submit

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def office_zip(inner: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(inner, "<x/>")
    return buffer.getvalue()


pytestmark = pytest.mark.usefixtures("media")  # uploads go to a folder of the test's own


@pytest.fixture
def item(period, people):
    return report_open(period=period, body=people["daumoi"].body).items.get()


def upload(client, item, name, content, body_id=None):
    url = reverse("reporting:evidence_upload", args=[body_id or item.report.body_id, item.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, content)}, HTTP_HX_REQUEST="true")


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("bien-ban.pdf", PDF, "application/pdf"),
        ("anh.png", PNG, "image/png"),
        ("anh.JPG", JPG, "image/jpeg"),
        ("bao-cao.docx", office_zip("word/document.xml"), "application/vnd.openxml"),
        ("so-lieu.xlsx", office_zip("xl/workbook.xml"), "application/vnd.openxml"),
    ],
)
def test_a_focal_officer_attaches_a_good_file(login, item, media, name, content, kind):
    response = upload(login("daumoi"), item, name, content)
    assert name in response.content.decode()
    evidence = EvidenceFile.objects.get(item=item)
    assert evidence.content_type.startswith(kind) and evidence.size == len(content)
    assert str(media) in evidence.file.path and "/evidence/" in evidence.file.path


def test_a_program_renamed_pdf_is_refused(login, item):
    response = upload(login("daumoi"), item, "hop-dong.pdf", b"MZ\x90\x00" + b"\x00" * 60)
    assert "không phải pdf, docx, xlsx, jpg hay png" in response.content.decode()
    assert not EvidenceFile.objects.exists()


def test_a_zip_that_is_neither_word_nor_excel_is_refused(login, item):
    response = upload(login("daumoi"), item, "bao-cao.docx", office_zip("virus.js"))
    assert "không phải pdf" in response.content.decode()
    assert not EvidenceFile.objects.exists()


def test_a_file_over_10_mb_is_refused(login, item):
    response = upload(login("daumoi"), item, "lon.pdf", PDF + b"0" * (11 * 1024 * 1024))
    assert "quá lớn (tối đa 10 MB)" in response.content.decode()
    assert not EvidenceFile.objects.exists()


def test_another_bodys_officer_cannot_upload_or_download(login, item):
    upload(login("daumoi"), item, "bien-ban.pdf", PDF)
    evidence = EvidenceFile.objects.get()
    other = login("daumoi.yte")
    assert upload(other, item, "x.pdf", PDF).status_code == 403
    health = Body.objects.get(name="Sở Y tế").pk
    assert upload(other, item, "x.pdf", PDF, body_id=health).status_code == 403
    for body_id in (item.report.body_id, health):
        url = reverse("reporting:evidence_file", args=[body_id, evidence.pk])
        assert other.get(url).status_code == 403


def test_the_office_downloads_the_file_as_an_attachment(login, item):
    upload(login("daumoi"), item, "bien-ban.pdf", PDF)
    evidence = EvidenceFile.objects.get()
    url = reverse("reporting:evidence_file", args=[item.report.body_id, evidence.pk])
    response = login("thuongtruc").get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF


def test_a_viewer_who_does_not_oversee_the_body_cannot_download(login, item):
    upload(login("daumoi"), item, "bien-ban.pdf", PDF)
    evidence = EvidenceFile.objects.get()
    url = reverse("reporting:evidence_file", args=[item.report.body_id, evidence.pk])
    assert login("thanhvien").get(url).status_code == 403


def test_a_focal_officer_removes_a_wrong_file_and_the_items_history_says_who(
    login, item, people, django_capture_on_commit_callbacks
):
    upload(login("daumoi"), item, "nham.pdf", PDF)
    evidence = EvidenceFile.objects.get()
    path = evidence.file.path
    url = reverse("reporting:evidence_delete", args=[item.report.body_id, evidence.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = login("daumoi").post(url, HTTP_HX_REQUEST="true")
    assert "nham.pdf" not in response.content.decode()
    assert not EvidenceFile.objects.exists() and not os.path.exists(path)
    last = item.history.first()
    assert last.history_user == people["daumoi"]
    assert last.history_change_reason == "reporting.evidence.removed"
    assert last.action_data == {"name": "nham.pdf"}


def test_no_file_is_attached_to_a_submitted_report(login, item, people):
    report_submit(report=item.report, user=people["daumoi"])
    response = upload(login("daumoi"), item, "muon.pdf", PDF)
    assert "Báo cáo đã gửi" in response.content.decode()
    assert not EvidenceFile.objects.exists()
