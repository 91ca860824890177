"""Every generation is kept (number, who, when, files) and downloadable again; its PDF
is made by the worker, and the page says why when it cannot be."""

import shutil

import pytest
from django.urls import reverse

from theodoi.documents.models import Committee, Draft, PdfState
from theodoi.documents.official import render_docx
from theodoi.documents.services.renditions import rendition_create, rendition_pdf

from .conftest import make_document

pytestmark = pytest.mark.django_db
SOFFICE = shutil.which("soffice")


@pytest.fixture
def draft(people, media):
    committee = Committee.objects.create(
        issuer_key="ban chỉ đạo 57",
        name="Ban Chỉ đạo 57",
        governing_body="UBND tỉnh An Giang",
        report_series="BC-BCĐ",
        letter_series="BCĐ-VP",
        place="An Giang",
        signer_position="Trưởng ban",
        signer_name="Nguyễn Văn An",
        recipients="- Lưu: VT.",
    )
    return Draft.objects.create(
        committee=committee,
        year=2026,
        index=10,
        created_by=people["thuongtruc"],
        created_at="2026-11-05T08:00+07:00",
    )


@pytest.fixture
def docx():
    return render_docx(make_document(landscape=False))


def make(draft, docx, people, **extra):
    return rendition_create(
        docx=docx,
        file_stem="bao-cao-thang-10-2026",
        user=people["thuongtruc"],
        draft=draft,
        **extra,
    )


def test_generations_are_numbered_and_all_kept(draft, docx, people, settings):
    settings.THEODOI_SOFFICE = ""
    first, second = make(draft, docx, people), make(draft, docx, people, xlsx=b"PK-sheet")
    assert (first.number, second.number) == (1, 2)
    assert list(draft.renditions.values_list("number", flat=True)) == [2, 1]
    assert first.docx.read() == docx
    assert not first.xlsx and second.xlsx.read() == b"PK-sheet"
    assert second.created_by == people["thuongtruc"]


def test_without_libreoffice_the_docx_stands_and_the_page_says_why(
    draft, docx, people, settings, login
):
    settings.THEODOI_SOFFICE = ""
    rendition = make(draft, docx, people)
    assert rendition.pdf_state == PdfState.UNAVAILABLE and not rendition.pdf
    page = login("thuongtruc").get(reverse("documents:rendition_status", args=[rendition.pk]))
    html = page.content.decode()
    assert "LibreOffice" in html and 'data-testid="pdf-missing"' in html
    assert "hx-trigger" not in html  # nothing to wait for
    download = login("thuongtruc").get(
        reverse("documents:rendition_file", args=[rendition.pk, "docx"])
    )
    assert b"".join(download.streaming_content) == docx


def test_a_conversion_that_fails_is_said_and_can_be_read(draft, docx, people, settings):
    settings.THEODOI_SOFFICE = shutil.which("false") or "/bin/false"
    rendition = make(draft, docx, people)
    assert rendition.pdf_state == PdfState.WAITING  # queued after the commit
    rendition = rendition_pdf(rendition.pk)
    assert rendition.pdf_state == PdfState.FAILED
    assert "LibreOffice" in rendition.pdf_message and not rendition.pdf


def test_the_page_polls_while_the_pdf_is_waiting(draft, docx, people, settings, login):
    settings.THEODOI_SOFFICE = "/bin/false"
    rendition = make(draft, docx, people)
    html = (
        login("thuongtruc")
        .get(reverse("documents:rendition_status", args=[rendition.pk]))
        .content.decode()
    )
    assert 'hx-trigger="every 2s"' in html and 'data-testid="pdf-progress"' in html


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_the_worker_makes_the_pdf_after_the_commit(
    draft, docx, people, login, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        rendition = make(draft, docx, people)
    rendition.refresh_from_db()
    assert rendition.pdf_state == PdfState.DONE, rendition.pdf_message
    assert rendition.pdf.read(5) == b"%PDF-"
    download = login("thuongtruc").get(
        reverse("documents:rendition_file", args=[rendition.pk, "pdf"])
    )
    assert download["Content-Type"] == "application/pdf"
    assert "bao-cao-thang-10-2026-1.pdf" in download["Content-Disposition"]


@pytest.mark.parametrize("username", ["daumoi", "lanhdao", "chutich"])
def test_only_the_office_downloads_the_committees_documents(
    draft, docx, people, settings, login, username
):
    settings.THEODOI_SOFFICE = ""
    rendition = make(draft, docx, people)
    url = reverse("documents:rendition_file", args=[rendition.pk, "docx"])
    assert login(username).get(url).status_code == 403


def test_an_unknown_or_missing_file_is_not_found(draft, docx, people, settings, login):
    settings.THEODOI_SOFFICE = ""
    rendition = make(draft, docx, people)
    client = login("thuongtruc")
    for kind in ("pdf", "xlsx", "exe"):
        assert (
            client.get(reverse("documents:rendition_file", args=[rendition.pk, kind])).status_code
            == 404
        )
