"""The chasing letter in the form of a công văn (Nghị định 30/2020, Phụ lục I), read back
with python-docx, and through LibreOffice with pdfplumber."""

import io
import shutil
from datetime import date
from pathlib import Path

import pdfplumber
import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from theodoi.documents.models import TemplateKind
from theodoi.documents.official import (
    Letterhead,
    OfficialDocument,
    Paragraph,
    Signature,
    render_docx,
)
from theodoi.documents.services.committees import DEFAULT_TEMPLATES
from theodoi.documents.services.letters import letter_generate
from theodoi.reporting.tests.conftest import period, plan  # noqa: F401 (fixtures)

from .test_letters import AFTER, late_bodies, letter, sent_by_health  # noqa: F401 (fixtures)
from .test_pdf import SCREENSHOTS, to_pdf

LETTER_TEMPLATE = DEFAULT_TEMPLATES[TemplateKind.LETTER]
SOFFICE = shutil.which("soffice")
EXCERPT = "V/v đôn đốc gửi báo cáo tháng 3/2026"


def make_letter(addressees):
    return OfficialDocument(
        letterhead=Letterhead("UBND tỉnh An Giang", "Ban Chỉ đạo 57", "Số: 15/BCĐ-VP"),
        place="An Giang",
        date=date(2026, 7, 6),
        kind="",
        subject=EXCERPT,
        excerpt=EXCERPT,
        addressees=addressees,
        body=[Paragraph("Thực hiện Kế hoạch số 12/KH-UBND."), Paragraph("Đề nghị gửi báo cáo./.")],
        signature=Signature("TM. Ban Chỉ đạo", "Trưởng ban", "Nguyễn Văn An"),
        recipients=["- Như trên;", "- Lưu: VT, BCĐ."],
    )


def rendered(document):
    return Document(io.BytesIO(render_docx(document, template=LETTER_TEMPLATE)))


def lines(word):
    return [p.text for p in word.paragraphs if p.text.strip()]


def test_excerpt_under_the_number_and_no_title():
    word = rendered(make_letter(["Sở Tài chính", "Sở Y tế"]))
    left = word.tables[0].rows[0].cells[0]
    texts = [p.text for p in left.paragraphs if p.text.strip()]
    assert texts[-2:] == ["Số: 15/BCĐ-VP", EXCERPT]
    excerpt = left.paragraphs[-1]
    assert excerpt.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert {r.font.size.pt for r in excerpt.runs if r.text} == {13}
    assert "BÁO CÁO" not in lines(word)
    assert EXCERPT not in lines(word)  # only in the letterhead


def test_several_addressees_one_per_line():
    word = rendered(make_letter(["Sở Tài chính", "Sở Y tế", "UBND xã Mỹ Hòa Hưng"]))
    found = lines(word)
    start = found.index("Kính gửi:")
    expected = ["- Sở Tài chính;", "- Sở Y tế;", "- UBND xã Mỹ Hòa Hưng."]
    assert found[start + 1 : start + 4] == expected
    body = next(p for p in word.paragraphs if p.text.startswith("Thực hiện"))
    assert body.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert found.index("Thực hiện Kế hoạch số 12/KH-UBND.") > start + 3


def test_one_addressee_on_one_line():
    found = lines(rendered(make_letter(["Sở Tài chính"])))
    assert "Kính gửi: Sở Tài chính." in found
    assert "Kính gửi:" not in found


@pytest.mark.django_db
def test_the_generated_letter(letter, people, settings, media):  # noqa: F811
    settings.THEODOI_SOFFICE = ""
    rendition = letter_generate(letter, user=people["thuongtruc"], now=AFTER)
    with rendition.docx.open("rb") as stored:
        word = Document(io.BytesIO(stored.read()))
    head = "\n".join(p.text for c in word.tables[0]._cells for p in c.paragraphs)
    assert "V/v đôn đốc" in head and "Số:      /BCĐ-VP" in head
    assert "ngày 06 tháng 7 năm 2026" in head
    found = lines(word)
    assert "Kính gửi:" in found or any(t.startswith("Kính gửi: ") for t in found)
    text = "\n".join(found)
    for name in late_bodies(letter.period):
        assert name in text
    body = [p.text for p in word.paragraphs if p.style.name == "Normal" and p.text.strip()]
    assert body[-1].endswith("./.")
    recipients = [p.text for p in word.tables[-1].rows[0].cells[0].paragraphs if p.text.strip()]
    assert recipients[0] == "Nơi nhận:" and recipients[1] == "- Như trên;"
    assert recipients[-1].startswith("- Lưu")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_through_libreoffice(tmp_path):
    path = to_pdf(render_docx(make_letter(["Sở Tài chính", "Sở Y tế"]), LETTER_TEMPLATE), tmp_path)
    with pdfplumber.open(path) as pdf:
        text = " ".join("\n".join(page.extract_text() for page in pdf.pages).split())
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        pdf.pages[0].to_image(resolution=80).save(SCREENSHOTS / "letter-page1.png")
    assert "V/v đôn đốc gửi báo cáo" in text
    assert "Kính gửi:" in text and "- Sở Tài chính;" in text and "- Sở Y tế." in text
    assert "Đề nghị gửi báo cáo./." in text
    assert "BÁO CÁO" not in text
    assert text.index("Kính gửi:") < text.index("Thực hiện") < text.index("Nơi nhận")


def test_template_script_makes_the_committed_letter_template(tmp_path):
    import importlib.util

    script = Path(__file__).resolve().parents[3] / "scripts/make_official_template.py"
    spec = importlib.util.spec_from_file_location("make_official_template", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    made = Document(module.make_letter(tmp_path / "cong-van.docx"))
    assert made.element.body.xml == Document(LETTER_TEMPLATE).element.body.xml
