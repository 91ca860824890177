"""Text copied from a legal web database: table cells between lone ``|`` lines.

The shapes are those of real copies: thuvienphapluat.vn's stored page text
writes each cell then a ``|`` line with no row boundary; reader tools write
``|`` before and after each cell, rows apart by a doubled ``|`` or a blank line.
"""

from theodoi.importer import parse_bytes
from theodoi.importer.model import Paragraph, Table
from theodoi.importer.readers.text import read_text

HEADER = ["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"]
ROWS = [
    ["I", "NÂNG CAO NHẬN THỨC", None, None],
    [
        "1",
        "Tổ chức hội nghị quán triệt\nKế hoạch của tỉnh",
        "Sở Thông tin và Truyền thông",
        "Quý II/2025",
    ],
    ["2", "Tuyên truyền trên báo, đài", None, "Quý III/2025"],
    ["3", "Tập huấn cán bộ", "Sở Nội vụ", "Năm 2025"],
]
SITE_BEFORE = "THƯ VIỆN PHÁP LUẬT\nTrang chủ\nVăn bản liên quan\nĐăng nhập\n"
SITE_AFTER = (
    "Văn bản liên quan\nNghị định 63/2010/NĐ-CP\n"
    "Bạn phải đăng nhập để xem\nChúng tôi dùng cookie.\n"
)
OFFICIAL = "ỦY BAN NHÂN DÂN\nTỈNH AN GIANG\n"


def cells(*texts, bold=False):
    mark = "**" if bold else ""
    return [f"{mark}{t}{mark}" if t and bold else t for t in texts]


def blocks(text):
    return read_text(text, "copy.txt").blocks


def only_table(text):
    [table] = [b for b in blocks(text) if isinstance(b, Table)]
    return table


def test_rows_apart_by_a_doubled_pipe():
    text = (
        "|\n"
        + "|\n|\n".join(
            "".join(f"{c}\n|\n" for c in r)[:-2]
            for r in [
                cells(*HEADER, bold=True),
                cells("I", "NÂNG CAO NHẬN THỨC", bold=True),
                [
                    "1",
                    "Tổ chức hội nghị quán triệt\nKế hoạch của tỉnh",
                    "Sở Thông tin và Truyền thông",
                    "Quý II/2025",
                ],
                ["2", "Tuyên truyền trên báo, đài", "Quý III/2025"],
                ["3", "Tập huấn cán bộ", "Sở Nội vụ", "Năm 2025"],
            ]
        )
        + "|\n"
    )
    table = only_table(text)
    assert table.rows == [HEADER, *ROWS]
    assert table.bold == [True, True, False, False, False]


def test_rows_apart_by_a_blank_line_and_an_empty_cell_kept():
    rows = [HEADER, ["1", "Việc một", "", "Năm 2025"], ["2", "Việc hai", "Sở Y tế", "2026"]]
    text = "\n".join(
        "|\n" + "".join(f"{c}\n|\n" for c in r).replace("|\n\n|", "|\n|") for r in rows
    )
    table = only_table(text.replace("|\n|\n|\nNăm", "|\n|\n\n|\nNăm"))
    assert table.rows[0] == HEADER
    assert table.rows[2] == ["2", "Việc hai", "Sở Y tế", "2026"]
    assert len(table.rows) == 3


def test_without_row_boundaries_rows_are_cut_at_the_header_width_and_tt_codes():
    flat = [
        *HEADER,
        "I",
        "NÂNG CAO NHẬN THỨC",
        "1",
        "Tổ chức hội nghị quán triệt\nKế hoạch của tỉnh",
        "Sở Thông tin và Truyền thông",
        "Quý II/2025",
        "2",
        "Tuyên truyền trên báo, đài",
        "Quý III/2025",
        "3",
        "Tập huấn cán bộ",
        "Sở Nội vụ",
        "Năm 2025",
    ]
    text = "Phụ lục\n\n" + "".join(f"{c}\n|\n" for c in flat) + "Nơi nhận:\n"
    table = only_table(text)
    assert table.rows == [HEADER, *ROWS]
    assert Paragraph("Phụ lục") in blocks(text)


def test_the_official_header_of_a_thuvienphapluat_copy_is_a_two_column_table():
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH KON TUM\n-------\n|\nCỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM\n|\n"
        "Số: 547/QĐ-UBND\n|\nKon Tum, ngày 27\ntháng 8 năm 2024\n|\nQUYẾT ĐỊNH\n"
    )
    [table, title] = blocks(text)
    assert table.rows == [
        ["ỦY BAN NHÂN DÂN\nTỈNH KON TUM\n-------", "CỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM"],
        ["Số: 547/QĐ-UBND", "Kon Tum, ngày 27\ntháng 8 năm 2024"],
    ]
    assert title == Paragraph("QUYẾT ĐỊNH")


def test_two_tables_in_one_run_of_pipes_are_split_at_the_tt_header():
    text = (
        "ỦY BAN NHÂN DÂN\n|\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n|\nKẾ HOẠCH\nTT\n|\nNội dung\n|\n"
        "Thời hạn\n|\n1\n|\nViệc một\n|\nNăm 2025\n|\n"
    )
    found = blocks(text)
    assert [type(b).__name__ for b in found] == ["Table", "Paragraph", "Table"]
    assert found[2].rows == [["TT", "Nội dung", "Thời hạn"], ["1", "Việc một", "Năm 2025"]]


def test_the_site_around_the_document_is_dropped():
    text = SITE_BEFORE + OFFICIAL + "KẾ HOẠCH\nCăn cứ Luật;\nNơi nhận:\n- Như trên;\n" + SITE_AFTER
    texts = [b.text for b in blocks(text)]
    assert texts[0] == "ỦY BAN NHÂN DÂN"
    assert texts[-1] == "- Như trên;"
    assert not any("đăng nhập" in t.lower() or "cookie" in t for t in texts)


def test_a_banner_line_is_kept_when_there_is_no_official_header_to_tell_it_by():
    text = "Trang chủ\nKẾ HOẠCH\nTổ chức hội nghị\n"
    assert [b.text for b in blocks(text)] == ["Trang chủ", "KẾ HOẠCH", "Tổ chức hội nghị"]


def test_a_document_that_says_dang_nhap_keeps_it():
    text = OFFICIAL + "Người dân đăng nhập một lần vào Cổng dịch vụ công.\n"
    assert blocks(text)[-1] == Paragraph("Người dân đăng nhập một lần vào Cổng dịch vụ công.")


MARKDOWN = (
    "ỦY BAN NHÂN DÂN TỈNH AN GIANG\n\nKẾ HOẠCH\n\n"
    "| TT | Nội dung nhiệm vụ | Cơ quan chủ trì | Thời gian hoàn thành |\n|---|---|---|---|\n"
    "| **I** | **NÂNG CAO NHẬN THỨC** | | |\n"
    "| 1 | Tổ chức hội nghị quán triệt | Sở Thông tin và Truyền thông | Quý II/2025 |\n"
    "| 2 | Tập huấn cán bộ | Sở Nội vụ | Năm 2025 |\n"
)
PIPES = (
    SITE_BEFORE
    + "ỦY BAN NHÂN DÂN TỈNH AN GIANG\n\nKẾ HOẠCH\n\n"
    + "".join(
        f"{c}\n|\n"
        for c in [
            *HEADER,
            "**I**",
            "**NÂNG CAO NHẬN THỨC**",
            "1",
            "Tổ chức hội nghị quán triệt",
            "Sở Thông tin và Truyền thông",
            "Quý II/2025",
            "2",
            "Tập huấn cán bộ",
            "Sở Nội vụ",
            "Năm 2025",
        ]
    )
    + SITE_AFTER
)


def test_a_pipe_copy_gives_the_tasks_of_its_markdown_version():
    def tasks(text, name):
        plan = parse_bytes(text.encode("utf-8"), name)
        return [(t["code"], t["title"], t["lead"], t["deadline"]["text"]) for t in plan["tasks"]]

    assert tasks(PIPES, "ke-hoach.txt") == tasks(MARKDOWN, "ke-hoach.md")
    assert len(tasks(MARKDOWN, "ke-hoach.md")) == 2
