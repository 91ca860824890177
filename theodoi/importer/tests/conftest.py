"""Fixtures for the reader tests: a hand-made plan and the sample plans in every form.

The forms are written once per session into a temporary folder. The PDF forms
need LibreOffice: without it they skip, except under CI (``CI`` set), where a
missing LibreOffice is a failure, so a green CI run always covers the PDFs.
"""

import os
from pathlib import Path

import pytest

from tests.make_documents import soffice, write_docx, write_pdf, write_xlsx
from theodoi.importer.model import Paragraph, RawDocument, Table
from theodoi.importer.readers.text import read_text

PLANS = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "plans"
SAMPLES = ["000_91be600319c8ab5d", "001_6cb26fb914e0f802"]
TASK_HEADER = ["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian", None]


def handmade_plan() -> RawDocument:
    """A small plan with every kind of merge the genre uses, and a table over two pages."""
    tasks = [
        TASK_HEADER,
        [None, None, None, None, "Bắt đầu", "Hoàn thành"],
        ["I", "Phát triển khoa học, công nghệ và đổi mới sáng tạo", None, None, None, None],
        [
            "1",
            "Tham mưu ban hành Nghị quyết của Hội đồng nhân dân tỉnh\nvề mua sắm tài sản",
            "Sở Khoa học và Công nghệ",
            "Sở Tư pháp;\nSở Tài chính",
            "3/2025",
            "7/2025",
        ],
        [
            "2",
            "Cải thiện Chỉ số đổi mới sáng tạo cấp địa phương",
            "Sở Khoa học và Công nghệ",
            "Các Sở ngành liên quan",
            "",
            "Năm 2025",
        ],
        ["2.1", "Xây dựng Kế hoạch cải thiện chỉ số PII", None, None, "", "Tháng 3/2025"],
        ["2.2", "Báo cáo kết quả chỉ số PII", None, None, "", "Tháng 10/2025"],
        ["3", "Chuyển đổi số trong cơ quan nhà nước", "", "", "", ""],
        ["3.1", "Mở rộng phủ sóng 5G", "Sở Khoa học và Công nghệ", "", "", "Quý IV/2025"],
        ["3.2", "Số hóa hồ sơ thủ tục hành chính", "Văn phòng UBND tỉnh", "Sở Nội vụ", "", ""],
        ["II", "Cải cách hành chính", None, None, None, None],
    ]
    tasks += [
        [
            str(n),
            f"Nhiệm vụ cải cách hành chính số {n}",
            "Sở Nội vụ",
            "Các sở, ban, ngành",
            "",
            "Thường xuyên",
        ]
        for n in range(4, 40)
    ]
    indicators = [
        ["TT", "Chỉ tiêu", "Đơn vị", "Kết quả", "Cơ quan chủ trì"],
        ["1", "Tỷ trọng kinh tế số trong GRDP", "%", "≥ 14,5", "Sở Tài chính"],
        ["2", "Tỷ lệ hồ sơ trực tuyến toàn trình", "%", "100%", "Sở Khoa học và Công nghệ"],
    ]
    return RawDocument(
        source="ke-hoach.docx",
        blocks=[
            Paragraph("ỦY BAN NHÂN DÂN TỈNH AN GIANG"),
            Paragraph("Số: 01/KH-UBND"),
            Paragraph("KẾ HOẠCH"),
            Paragraph("Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị;"),
            Paragraph("Phụ lục I: Các chỉ tiêu"),
            Table(rows=indicators),
            Paragraph("Phụ lục II: Các nhiệm vụ"),
            Table(rows=tasks),
            Paragraph("Nơi nhận:"),
            Paragraph("- Như trên;"),
        ],
    )


@pytest.fixture
def handmade() -> RawDocument:
    return handmade_plan()


def need_soffice() -> None:
    """Skip without LibreOffice, or fail under CI, where it must be installed."""
    if soffice() is not None:
        return
    reason = "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui"
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def handmade_forms(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("handmade")
    forms = {"docx": folder / "ke-hoach.docx", "xlsx": folder / "ke-hoach.xlsx"}
    write_docx(handmade_plan(), forms["docx"])
    write_xlsx(handmade_plan(), forms["xlsx"])
    return forms


@pytest.fixture(scope="session")
def handmade_pdf(handmade_forms, tmp_path_factory) -> Path:
    need_soffice()
    path = tmp_path_factory.mktemp("handmade-pdf") / "ke-hoach.pdf"
    write_pdf(handmade_forms["docx"], path)
    return path


@pytest.fixture(scope="session")
def sample_forms(tmp_path_factory) -> dict[str, dict[str, Path]]:
    """Each sample plan as .txt (the fixture), .docx and .xlsx (from its text blocks)."""
    folder = tmp_path_factory.mktemp("samples")
    forms = {}
    for name in SAMPLES:
        text_path = PLANS / f"{name}.txt"
        raw = read_text(text_path.read_text(encoding="utf-8"), text_path.name)
        forms[name] = {"txt": text_path, "docx": folder / f"{name}.docx"}
        forms[name]["xlsx"] = folder / f"{name}.xlsx"
        write_docx(raw, forms[name]["docx"])
        write_xlsx(raw, forms[name]["xlsx"])
    return forms


@pytest.fixture(scope="session")
def sample_pdfs(sample_forms, tmp_path_factory) -> dict[str, Path]:
    need_soffice()
    folder = tmp_path_factory.mktemp("sample-pdfs")
    pdfs = {}
    for name, forms in sample_forms.items():
        pdfs[name] = folder / f"{name}.pdf"
        write_pdf(forms["docx"], pdfs[name])
    return pdfs
