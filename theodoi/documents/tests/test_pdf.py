"""The DOCX through LibreOffice headless, read back with pdfplumber."""

import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest

from theodoi.documents.official import render_docx
from theodoi.documents.tests.conftest import make_document

SOFFICE = shutil.which("soffice")
SCREENSHOTS = Path(__file__).resolve().parents[3] / "var/screenshots"

pytestmark = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed: no PDF to check"
)


def to_pdf(docx_bytes, directory):
    source = directory / "report.docx"
    source.write_bytes(docx_bytes)
    profile = (directory / "lo-profile").as_uri()
    command = [SOFFICE, "--headless", f"-env:UserInstallation={profile}"]
    subprocess.run(
        [*command, "--convert-to", "pdf", "--outdir", str(directory), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return directory / "report.pdf"


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    directory = tmp_path_factory.mktemp("official-pdf")
    path = to_pdf(render_docx(make_document("state")), directory)
    with pdfplumber.open(path) as document:
        yield document


def flat(text):
    return " ".join(text.split())


def top_line(page):
    """The words of the highest line on the page."""
    words = page.extract_words()
    top = min(w["top"] for w in words)
    return [w for w in words if abs(w["top"] - top) < 3]


def test_text_holds_the_form(pdf):
    text = flat("\n".join(page.extract_text() or "" for page in pdf.pages))
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA" in text
    assert "ngày 05 tháng 01 năm" in text
    assert "BÁO CÁO" in text
    assert "Kết quả thực hiện tháng 12/2025 & nhiệm vụ trọng tâm" in text
    assert "Sở Tài chính" in text and "Sở Xây dựng" in text
    assert "Nơi nhận:" in text and "- Lưu: VT, BCĐ." in text
    assert "TRƯỞNG BAN" in text and "Nguyễn Văn An" in text


def test_page_one_is_a4_and_rendered_to_png(pdf):
    first = pdf.pages[0]
    assert abs(first.width - 595) <= 1 and abs(first.height - 842) <= 1
    assert [w["text"] for w in top_line(first)][:2] == ["UBND", "TỈNH"], "no number on page 1"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    first.to_image(resolution=80).save(SCREENSHOTS / "official-page1.png")


def test_page_two_shows_its_number_at_the_top_centre(pdf):
    assert len(pdf.pages) >= 3
    second = pdf.pages[1]
    top = top_line(second)
    assert [w["text"] for w in top] == ["2"]
    assert top[0]["top"] < 20 * 2.835, "in the top margin, above the text"
    centre = (top[0]["x0"] + top[0]["x1"]) / 2
    # Centred in the text block: left margin 30 mm, right 15 mm (1 mm ≈ 2.835 pt).
    assert abs(centre - (30 + (210 - 45) / 2) * 2.835) < 10


def test_landscape_appendix_page(pdf):
    last = pdf.pages[-1]
    assert abs(last.width - 842) <= 1 and abs(last.height - 595) <= 1
    text = flat(last.extract_text())
    assert "Phụ lục 1" in text and "Sở Xây dựng" in text and "Đ12" in text
    assert [w["text"] for w in top_line(last)] == [str(len(pdf.pages))]


def test_party_form_in_pdf(tmp_path):
    path = to_pdf(render_docx(make_document("party", landscape=False)), tmp_path)
    with pdfplumber.open(path) as document:
        text = flat(document.pages[0].extract_text())
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "Số 12-BC/BCĐ" in text
    assert "CỘNG HÒA" not in text


def test_recipients_bottom_left_beside_the_signer(pdf):
    page = next(p for p in pdf.pages if "Nơi nhận:" in (p.extract_text() or ""))
    words = page.extract_words()
    where = next(w for w in words if w["text"] == "Nơi")
    signer = next(w for w in words if w["text"] == "TM.")
    assert where["x0"] < 35 * 2.835 < signer["x0"]  # left column, right column
    assert abs(where["top"] - signer["top"]) < 5  # on the same line
