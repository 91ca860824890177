"""The document's header, its bases and its reporting duties, as the genre writes them."""

import pytest

from theodoi.importer.build import build_plan
from theodoi.importer.build.bases import read_bases
from theodoi.importer.build.reporting import read_reporting
from theodoi.importer.model import Paragraph, RawDocument, Table

TASKS = Table(rows=[["TT", "Nội dung", "Cơ quan chủ trì"], ["1", "Việc", "Sở Y tế"]])


def document(*lines, blocks=()):
    raw = RawDocument("x.docx", [*blocks, *(Paragraph(line) for line in lines), TASKS])
    return build_plan(raw)["document"]


def test_the_header_in_a_two_column_layout_table_is_read():
    header = Table(
        rows=[
            ["ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập"],
            ["Số: 12/KH-UBND", "Lâm Đồng, ngày 05 tháng 01 năm 2026"],
        ]
    )
    doc = document("KẾ HOẠCH", "Tuyên truyền năm 2026", "I. MỤC ĐÍCH", blocks=[header])
    assert doc["number"] == "12/KH-UBND"
    assert doc["date"] == "2026-01-05"
    assert doc["place"] == "Lâm Đồng"
    assert doc["issuer"] == "Ủy ban nhân dân tỉnh Lâm Đồng"
    assert doc["title"] == "Tuyên truyền năm 2026"


def test_number_and_place_on_one_pdf_line_are_told_apart():
    doc = document(
        "THỦ TƯỚNG CHÍNH PHỦ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 844/QĐ-TTg Hà Nội, ngày 13 tháng 5 năm 2026",
        "QUYẾT ĐỊNH",
        "Ban hành Kế hoạch thực hiện Chỉ thị số 52-CT/TW ngày 03 tháng 10 năm 2025",
        "––––––",
        "THỦ TƯỚNG CHÍNH PHỦ",
        "Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;",
    )
    assert doc["place"] == "Hà Nội"
    assert doc["issuer"] == "Thủ tướng Chính phủ"
    assert not doc["title"].endswith("–")
    assert doc["year"] == 2026  # not the year of the Chỉ thị's date in the title


def test_a_signer_after_a_stray_mark_and_a_rank_with_capitals():
    doc = document("KẾ HOẠCH", "Việc", "KT. THỦ TƯỚNG", "PHÓ THỦ TƯỚNG", "[", "Phạm Thị Thanh Trà")
    assert doc["signer"] == {"name": "Phạm Thị Thanh Trà", "position": "Phó Thủ tướng"}
    doc = document("KẾ HOẠCH", "Việc", "Nơi nhận:", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An")
    assert doc["signer"]["position"] == "Phó Chủ tịch"


def test_a_doubled_opener_and_a_basis_given_as_thuc_hien():
    bases = read_bases(
        [
            "Căn cứ Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;",
            "Thực hiện Kết luận số 210-KL/TW ngày 12 tháng 11 năm 2025 của Ban Chấp hành"
            " Trung ương Đảng khóa XIII về tổ chức bộ máy;",
            "Theo đề nghị của Bộ trưởng Bộ Nội vụ;",
        ]
    )
    assert bases[0]["text"].startswith("Luật Tổ chức Chính phủ")
    assert bases[1]["ref"] == "210-KL/TW"
    assert len(bases) == 2


def test_thuc_hien_alone_opening_a_plan_is_no_basis():
    assert read_bases(["Thực hiện Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ"]) == []


def test_reporting_duties_every_year_half_year_and_next_year():
    prose = (
        "Các sở báo cáo kết quả về Sở Nội vụ trước ngày 15/11 hằng năm. "
        "Định kỳ 06 tháng, các cơ quan báo cáo Ủy ban nhân dân tỉnh. "
        "Các bộ gửi báo cáo tổng kết trước ngày 30 tháng 01 của năm tiếp theo."
    )
    duties = read_reporting(prose, 2025, "2025-03-01")
    assert [(d["frequency"], d["day"], d["date"]) for d in duties] == [
        ("yearly", 15, None),
        ("half-yearly", None, None),
        ("yearly", 30, None),
    ]


def test_two_dates_in_one_sentence_are_two_duties():
    prose = "Các sở báo cáo sơ kết trước ngày 15/6/2026 và ngày 15/12/2026 về Sở Nội vụ."
    dates = [d["date"] for d in read_reporting(prose, 2026, "2026-01-10")]
    assert dates == ["2026-06-15", "2026-12-15"]


def test_a_date_without_a_year_before_the_plan_falls_in_the_next_year():
    duties = read_reporting("Các sở gửi báo cáo trước ngày 10/01.", 2025, "2025-06-01")
    assert duties[0]["date"] == "2026-01-10"


# --- Common phrasings of a reporting rule (issue 12) -----------------------------------


@pytest.mark.parametrize(
    ("prose", "expected"),
    [
        ("Định kỳ hằng tháng, trước ngày 20, các sở gửi báo cáo về Sở Nội vụ.", ("monthly", 20)),
        ("Các đơn vị gửi báo cáo chậm nhất ngày 20 hàng tháng về Văn phòng.", ("monthly", 20)),
        ("Định kỳ hằng tháng (trước ngày 20), báo cáo kết quả về Sở Nội vụ.", ("monthly", 20)),
        ("Báo cáo hàng tháng gửi về Sở Tài chính trước ngày 20 của tháng.", ("monthly", 20)),
        ("Các cơ quan báo cáo định kỳ hàng tháng vào ngày 25.", ("monthly", 25)),
        (
            "Định kỳ hàng quý, trước ngày 15 của tháng cuối quý, các cơ quan báo cáo UBND tỉnh.",
            ("quarterly", 15),
        ),
        ("Các đơn vị báo cáo kết quả trước ngày 20 hằng tháng.", ("monthly", 20)),
    ],
)
def test_common_phrasings_of_a_periodic_report_give_its_day(prose, expected):
    duties = read_reporting(prose, 2025, "2025-03-01")
    assert [(d["frequency"], d["day"]) for d in duties] == [expected]


def test_a_periodic_report_without_a_day_leaves_the_day_unknown():
    duties = read_reporting("Định kỳ 06 tháng, các cơ quan báo cáo UBND tỉnh.", 2025, None)
    assert [(d["frequency"], d["day"]) for d in duties] == [("half-yearly", None)]


# --- The plan's year ---------------------------------------------------------------------


def header_of(title: str, dated: str) -> dict:
    raw = RawDocument(
        source="nq.txt",
        blocks=[
            Paragraph("CHÍNH PHỦ"),
            Paragraph("Số: 03/NQ-CP"),
            Paragraph(f"Hà Nội, {dated}"),
            Paragraph("NGHỊ QUYẾT"),
            Paragraph(title),
            Paragraph("Căn cứ Luật Tổ chức Chính phủ;"),
            TASKS,
        ],
    )
    return build_plan(raw)["document"]


@pytest.mark.parametrize(
    ("title", "dated", "year"),
    [
        (
            "Ban hành Chương trình hành động thực hiện Nghị quyết số 57-NQ/TW năm 2024 "
            "của Bộ Chính trị",
            "ngày 09 tháng 01 năm 2025",
            2025,
        ),
        (
            "Phê duyệt Đề án phát triển doanh nghiệp công nghệ số đến năm 2030, "
            "tầm nhìn đến năm 2045",
            "ngày 04 tháng 6 năm 2026",
            2026,
        ),
        ("Kế hoạch cải cách hành chính năm 2026", "ngày 20 tháng 12 năm 2025", 2026),
        ("Kế hoạch cải cách hành chính", "ngày 20 tháng 12 năm 2025", 2025),
    ],
)
def test_the_plan_year_is_its_date_s_unless_the_title_names_its_own_year(title, dated, year):
    assert header_of(title, dated)["year"] == year
