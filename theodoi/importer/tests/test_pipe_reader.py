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


# --- thuvienphapluat's close-only shape: rows with merged cells are short --------

WIDE = ["TT", "Nội dung, nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Sản phẩm", "Thời hạn"]
FULL = [
    [
        "1",
        "Rà soát văn bản quy phạm pháp luật",
        "Sở Tư pháp",
        "Các sở, ngành",
        "Báo cáo",
        "Quý I/2026",
    ],
    ["2", "Tập huấn nghiệp vụ cho cán bộ", "Sở Nội vụ", "UBND các xã", "Lớp tập huấn", "Năm 2026"],
]


def flat(*rows, bold_header=True):
    """The stored text of a thuvienphapluat page: each cell, then "|"; no row marks."""
    texts = [f"**{c}**" if bold_header else c for c in rows[0]]
    texts += [c for row in rows[1:] for c in row]
    return "".join(f"{c}\n|\n" for c in texts)


def test_a_header_the_vocabulary_does_not_know_runs_to_the_first_tt_code():
    table = only_table(flat(WIDE, *FULL))
    assert table.rows == [WIDE, *FULL]


def test_a_section_whose_code_and_title_share_a_cell_is_a_row_across_the_table():
    table = only_table(flat(WIDE, ["I. Hoàn thiện thể chế"], *FULL))
    assert table.rows[1] == ["I. Hoàn thiện thể chế", *[None] * 5]
    assert {(1, c) for c in range(1, 6)} <= table.across
    assert table.rows[2:] == FULL


def test_the_cells_a_short_row_lacks_are_told_by_what_its_cells_hold():
    rows = [
        *FULL,
        ["3", "Kiểm tra việc thực hiện", "Sở Tư pháp", "Quý II/2026"],  # support, product merged
        ["4", "Tổng kết, đánh giá", "Sở Nội vụ", "Báo cáo tổng kết"],  # support, time merged
    ]
    table = only_table(flat(WIDE, *rows))
    assert table.rows[3] == [
        "3",
        "Kiểm tra việc thực hiện",
        "Sở Tư pháp",
        None,
        None,
        "Quý II/2026",
    ]
    assert table.rows[4] == [
        "4",
        "Tổng kết, đánh giá",
        "Sở Nội vụ",
        None,
        "Báo cáo tổng kết",
        None,
    ]


def test_a_row_without_a_tt_code_lacks_its_first_cells():
    second = ["Báo cáo sơ kết công tác", "Quý IV/2026"]  # a second product under task 2
    table = only_table(
        flat(WIDE, *FULL, second, ["3", "Việc ba", "Sở Y tế", "Sở Nội vụ", "Kế hoạch", "Năm 2026"])
    )
    assert table.rows[3] == [None, None, None, None, "Báo cáo sơ kết công tác", "Quý IV/2026"]
    assert table.rows[4][0] == "3"


def test_bullet_rows_follow_bullet_rows_and_a_dash_in_a_row_is_a_cell():
    header = ["TT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian"]
    rows = [
        ["1", "Hoàn thiện tiêu chuẩn", "Sở Xây dựng", "-", "Năm 2026"],
        ["-", "Công trình đê điều", "Sở Nông nghiệp và Môi trường", "Sở Xây dựng", "Năm 2026"],
        ["-", "Công trình giao thông", "Sở Xây dựng"],
        ["-", "Công trình năng lượng", "Sở Công Thương"],
        ["2", "Cập nhật bản đồ rủi ro", "Sở Nông nghiệp và Môi trường", "Các sở", "Năm 2027"],
    ]
    table = only_table(flat(header, *rows))
    assert table.rows[1] == rows[0]
    assert table.rows[3] == ["-", "Công trình giao thông", "Sở Xây dựng", None, None]
    assert table.rows[4] == ["-", "Công trình năng lượng", "Sở Công Thương", None, None]
    assert table.rows[5] == rows[4]


def test_a_task_whose_sub_tasks_follow_is_a_heading_and_a_bare_sub_task_shares_the_row_above():
    rows = [
        ["1.", "Rà soát, hoàn thiện thể chế"],
        ["1.1", "Nghiên cứu cơ chế", "Sở Tài chính", "Các sở", "Cơ chế", "Quý IV/2026"],
        ["1.2", "Hướng dẫn thực hiện cơ chế"],  # lead … time merged with 1.1's
    ]
    table = only_table(flat(WIDE, *rows))
    assert table.rows[1] == ["1.", "Rà soát, hoàn thiện thể chế", *[None] * 4]
    assert (1, 2) in table.across
    assert table.rows[3] == ["1.2", "Hướng dẫn thực hiện cơ chế", *[None] * 4]
    assert (3, 2) not in table.across


def test_a_row_the_page_cut_after_the_header_ends_the_header():
    cut = ["", "phần còn lại của nhiệm vụ", "", "và các xã", "", ""]
    table = only_table(flat(WIDE, cut, *FULL))
    assert table.rows == [WIDE, cut, *FULL]


def test_a_header_repeated_in_the_run_starts_a_new_piece_of_the_table():
    plan = parse_bytes(
        (OFFICIAL + "KẾ HOẠCH\n" + flat(WIDE, FULL[0]) + flat(WIDE, FULL[1])).encode(), "copy.txt"
    )
    assert [t["code"] for t in plan["tasks"]] == ["1", "2"]
    assert plan["tasks"][1]["lead"] == ["Sở Nội vụ"]


def test_the_web_rendering_joins_a_table_the_print_cut_over_pages():
    from tests.make_documents import write_web_text
    from theodoi.importer.model import RawDocument

    first = Table(
        rows=[WIDE, FULL[0], ["2", "Tập huấn nghiệp vụ", "Sở Nội vụ", "UBND", "Lớp", "Năm"]]
    )
    second = Table(
        rows=[
            WIDE,
            ["", "cho cán bộ", "", "các xã", "tập huấn", "2026"],
            ["3", "Việc ba", "Sở Y tế", "Các sở", "Kế hoạch", "Năm 2027"],
        ]
    )
    raw = RawDocument(
        source="x.pdf",
        blocks=[
            first,
            Paragraph("CÔNG BÁO/Số 242/Ngày 22-04-2026 58"),
            second,
            Paragraph("Nơi nhận:"),
        ],
    )
    text = write_web_text(raw)
    assert text.count("**TT**") == 1
    assert "CÔNG BÁO" not in text
    assert "Tập huấn nghiệp vụ\ncho cán bộ\n|\nSở Nội vụ\n|\nUBND\ncác xã\n|" in text
    assert text.index("Việc ba") < text.index("Nơi nhận:")
