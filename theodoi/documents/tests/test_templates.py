"""The province's templates: an upload is kept and used only when it renders the
current data; a broken one is refused with its reason and the template in use stays."""

import io
import zipfile

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from theodoi.documents.models import Template, TemplateKind
from theodoi.documents.official import Heading, Paragraph, Table, render_docx
from theodoi.documents.services.committees import DEFAULT_TEMPLATES, template_for
from theodoi.documents.services.templates import DOCX_TYPE, sample_document, template_upload
from theodoi.documents.tests.conftest import make_document
from theodoi.plans.services.drafts import plan_draft_create
from theodoi.plans.services.publish import plan_publish
from theodoi.reporting.tests.conftest import SMALL_PLAN, vn

pytestmark = pytest.mark.django_db

REPORT = TemplateKind.REPORT
DEFAULT = DEFAULT_TEMPLATES[REPORT]
WORDING = "Nơi nhận (theo mẫu của tỉnh):"


@pytest.fixture
def period(people, media):
    """A published plan (its periods made at publication): what a report must render."""
    plan = plan_draft_create(data=SMALL_PLAN)
    plan_publish(plan=plan, user=people["thuongtruc"], confirm_gaps=True, now=vn(2026, 1, 2, 8))
    return plan.periods.order_by("cutoff").last()


def edited(change=None) -> bytes:
    """The default template, changed in Word's way (python-docx)."""
    word = docx.Document(DEFAULT)
    if change:
        change(word)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def reworded(word):
    for cell in word.tables[-1]._cells:
        for paragraph in cell.paragraphs:
            if paragraph.text == "Nơi nhận:":
                paragraph.runs[0].text = WORDING
                for run in paragraph.runs[1:]:
                    run.text = ""


def upload_file(content: bytes, name="mau-bao-cao.docx"):
    return SimpleUploadedFile(name, content, content_type=DOCX_TYPE)


def all_text(content: bytes) -> str:
    word = docx.Document(io.BytesIO(content))
    cells = [cell.text for table in word.tables for cell in table._cells]
    return "\n".join([p.text for p in word.paragraphs] + cells)


def test_a_good_template_is_kept_and_then_used(login, period):
    client = login("thuongtruc")
    url = reverse("documents:template_upload", args=[REPORT])
    response = client.post(url, {"file": upload_file(edited(reworded))})
    assert response.status_code == 302
    template = Template.objects.get()
    assert (template.kind, template.original_name, template.active) == (
        REPORT,
        "mau-bao-cao.docx",
        True,
    )
    assert template.uploaded_by.username == "thuongtruc"
    assert template.history.first().history_change_reason == "documents.template.uploaded"
    assert template_for(REPORT) == template.file.path
    assert WORDING in all_text(render_docx(make_document(), template=template_for(REPORT)))
    page = client.get(reverse("documents:templates")).content.decode()
    assert "Đang dùng mẫu tải lên" in page and "mau-bao-cao.docx" in page


def add_paragraph(text):
    return lambda word: word.add_paragraph(text)


def without_body(word):
    paragraph = next(p for p in word.paragraphs if p.text == "{{ body }}")
    paragraph.runs[0].text = "Nội dung báo cáo"


def bare_zip() -> bytes:
    """A zip with a word/document.xml and nothing else of a Word package."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


BROKEN = [
    pytest.param(edited(add_paragraph("{% if kind %}Thử")), "mau.docx", "endif", id="no-endif"),
    pytest.param(
        edited(add_paragraph("{{ nobody }}")), "mau.docx", "{{ nobody }}", id="unknown-variable"
    ),
    pytest.param(edited(without_body), "mau.docx", "{{ body }}", id="no-body"),
    pytest.param("Chỉ là văn bản.\n".encode() * 50, "mau.docx", "Word thật", id="txt-renamed"),
    pytest.param(b"x" * (6 * 1024 * 1024), "mau.docx", "quá giới hạn 5 MB", id="6-MB"),
    pytest.param(bare_zip(), "mau.docx", "Không mở được tệp mẫu", id="zip-not-word"),
    pytest.param(edited(), "mau.doc", "không phải tệp Word .docx", id="not-docx"),
]


@pytest.mark.parametrize(("content", "name", "reason"), BROKEN)
def test_a_broken_template_is_refused_and_the_one_in_use_stays(
    login, people, period, content, name, reason
):
    good = template_upload(REPORT, upload_file(edited(reworded)), user=people["thuongtruc"])
    response = login("thuongtruc").post(
        reverse("documents:template_upload", args=[REPORT]),
        {"file": upload_file(content, name)},
    )
    assert response.status_code == 400
    assert reason in response.content.decode()
    assert Template.objects.count() == 1
    assert template_for(REPORT) == good.file.path


def test_the_default_renders_the_current_data_of_a_report(people, period):
    """The default template passes the checks with the compiled report of the period."""
    document = sample_document(REPORT)
    assert document.subject.startswith("Kết quả thực hiện Kế hoạch thử tháng")
    assert any(isinstance(block, Table) and block.landscape for block in document.body)
    template = template_upload(REPORT, upload_file(edited()), user=people["thuongtruc"])
    assert template.pk


def test_without_a_plan_a_letter_is_checked_with_a_document_of_every_block(people, media):
    document = sample_document(TemplateKind.LETTER)
    kinds = {type(block) for block in document.body}
    assert kinds == {Heading, Paragraph, Table}
    assert document.recipients[-1].startswith("- Lưu")
    template = template_upload(
        TemplateKind.LETTER, upload_file(edited()), user=people["thuongtruc"]
    )
    assert template_for(TemplateKind.LETTER) == template.file.path


def test_back_to_the_default_keeps_the_uploads(login, people, media):
    template = template_upload(REPORT, upload_file(edited(reworded)), user=people["thuongtruc"])
    client = login("thuongtruc")
    response = client.post(reverse("documents:template_reset", args=[REPORT]))
    assert response.status_code == 302
    template.refresh_from_db()
    assert not template.active
    assert template.history.first().history_change_reason == "documents.template.reset"
    assert template_for(REPORT) == DEFAULT
    page = client.get(reverse("documents:templates")).content.decode()
    assert "Đang dùng mẫu mặc định" in page
    assert reverse("documents:template_file", args=[template.pk]) in page


def test_downloads_return_the_right_bytes(login, people, media):
    client = login("thuongtruc")
    current = reverse("documents:template_download", args=[REPORT])
    assert b"".join(client.get(current).streaming_content) == DEFAULT.read_bytes()
    content = edited(reworded)
    template = template_upload(REPORT, upload_file(content), user=people["thuongtruc"])
    assert b"".join(client.get(current).streaming_content) == content
    kept = client.get(reverse("documents:template_file", args=[template.pk]))
    assert b"".join(kept.streaming_content) == content
    assert 'filename="mau-bao-cao.docx"' in kept["Content-Disposition"]


def test_a_missing_default_is_said_not_crashed(login, monkeypatch, tmp_path):
    monkeypatch.setitem(DEFAULT_TEMPLATES, TemplateKind.LETTER, tmp_path / "cong-van.docx")
    client = login("thuongtruc")
    page = client.get(reverse("documents:templates"))
    assert page.status_code == 200
    assert "Chưa có mẫu mặc định (cong-van.docx)" in page.content.decode()
    assert client.get(reverse("documents:template_download", args=["letter"])).status_code == 404


def test_the_office_only(login, people, media):
    template = template_upload(REPORT, upload_file(edited()), user=people["thuongtruc"])
    office = login("thuongtruc")
    assert office.get(reverse("documents:template_upload", args=[REPORT])).status_code == 405
    assert office.get(reverse("documents:template_download", args=["don-vi"])).status_code == 404
    client = login("daumoi")
    assert client.get(reverse("documents:template_file", args=[template.pk])).status_code == 403
    upload = {"file": upload_file(edited())}
    assert (
        client.post(reverse("documents:template_upload", args=[REPORT]), upload).status_code == 403
    )
    assert client.post(reverse("documents:template_reset", args=[REPORT])).status_code == 403
    assert client.get(reverse("documents:template_download", args=[REPORT])).status_code == 403
    assert list(Template.objects.filter(active=True)) == [template]
