"""Tables the importer has never seen: column roles from header and cells, section rows
in every form, tables split over pages, and the office's corrections."""

import pytest

from theodoi.importer import ImportFailure, parse_bytes
from theodoi.importer.build import build_plan
from theodoi.importer.model import Paragraph, RawDocument, Table


def plan(*tables, corrections=None):
    return build_plan(RawDocument("x.docx", [Paragraph("KẾ HOẠCH"), *tables]), corrections)


def roles(result, table=0):
    return [c["role"] for c in result["tables"][table]["columns"]]


def test_a_title_header_never_seen_is_read_from_its_cells_and_warned_of():
    table = Table(
        rows=[
            ["STT", "Việc cần làm", "Đầu mối", "Hạn"],
            ["1", "Xây dựng cơ sở dữ liệu đất đai toàn tỉnh và kết nối quốc gia", "Sở Nội vụ", ""],
            ["2", "Số hóa hồ sơ thủ tục hành chính còn hiệu lực của tỉnh", "Sở Y tế", "6/2026"],
        ]
    )
    result = plan(table)
    assert roles(result) == ["code", "title", "lead", "deadline"]
    by = {c["header"]: c["by"] for c in result["tables"][0]["columns"]}
    assert by["Việc cần làm"] == "cells" and by["STT"] == "header"
    assert result["tasks"][1]["title"].startswith("Số hóa hồ sơ")
    guessed = {w["values"]["header"] for w in result["warnings"] if w["code"] == "column_guessed"}
    assert guessed == {"Việc cần làm", "Đầu mối"}


def test_a_header_read_by_its_key_words():
    table = Table(
        rows=[
            [
                "TT",
                "Tên nhiệm vụ/dự án",
                "Đơn vị chủ trì thực hiện",
                "Trách nhiệm phối hợp",
                "Lộ trình",
            ],
            ["1", "Đề án chuyển đổi số", "Sở Khoa học và Công nghệ", "Sở Tài chính", "2026-2027"],
        ]
    )
    result = plan(table)
    assert roles(result) == ["code", "title", "lead", "support", "deadline"]
    assert result["tasks"][0]["deadline"]["due"] == "2027-12-31"


def test_a_short_header_gives_way_to_cells_that_say_otherwise():
    # "Đơn vị" names the unit in a KPI table, but here its cells are bodies.
    table = Table(
        rows=[
            ["TT", "Nội dung", "Đơn vị", "Thời gian"],
            ["1", "Việc một", "Sở Y tế", "2026"],
            ["2", "Việc hai", "Sở Nội vụ", "2026"],
        ]
    )
    assert roles(plan(table))[2] == "lead"


def test_section_rows_in_one_merged_cell_and_parts_a_b_c():
    table = Table(
        rows=[
            ["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì"],
            ["A. NHIỆM VỤ CHUNG", None, None],
            ["I. NÂNG CAO NHẬN THỨC", None, None],
            ["1", "Tuyên truyền", "Sở Văn hóa, Thể thao và Du lịch"],
            ["B", "NHIỆM VỤ RIÊNG", ""],
            ["C", "TỔ CHỨC THỰC HIỆN", ""],
            ["I", "Kiểm tra", ""],
            ["1", "Kiểm tra định kỳ", "Sở Nội vụ"],
        ],
        across={(1, 1), (1, 2), (2, 1), (2, 2)},
    )
    result = plan(table)
    assert [(s["path"], s["title"]) for s in result["sections"]] == [
        ("A", "NHIỆM VỤ CHUNG"),
        ("A/I", "NÂNG CAO NHẬN THỨC"),
        ("B", "NHIỆM VỤ RIÊNG"),
        ("C", "TỔ CHỨC THỰC HIỆN"),
        ("C/I", "Kiểm tra"),
    ]
    assert [(t["section"], t["code"]) for t in result["tasks"]] == [("A/I", "1"), ("C/I", "1")]


def test_the_heading_rows_of_a_kpi_table_are_sections():
    table = Table(
        rows=[
            ["TT", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu năm 2026"],
            ["I", "Kinh tế số", "", ""],
            ["1", "Tỷ trọng kinh tế số", "%", "≥ 20"],
        ]
    )
    result = plan(table)
    assert result["sections"][0]["path"] == "I"
    assert result["indicators"][0]["section"] == "I"


def test_a_table_repeated_over_pages_is_one_and_keeps_its_section():
    header = ["STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"]
    first = Table(rows=[header, ["I", "Thể chế", "", ""], ["1", "Việc một", "Bộ Y tế", "2026"]])
    second = Table(
        rows=[
            header,
            [None, "tiếp theo của việc một", None, None],
            ["2", "Việc hai", "Bộ Nội vụ", "2027"],
        ]
    )
    result = plan(first, second)
    assert [(t["section"], t["code"]) for t in result["tasks"]] == [("I", "1"), ("I", "2")]
    assert result["tasks"][0]["title"] == "Việc một tiếp theo của việc một"
    assert result["tables"][1]["continues"] == 0


def test_a_tt_cell_merged_over_two_rows_is_one_task_unless_the_second_has_its_own_lead():
    table = Table(
        rows=[
            ["TT", "Nhiệm vụ", "Chủ trì", "Sản phẩm", "Thời hạn"],
            ["1", "Báo cáo chuyên đề", "Bộ Tài chính", "Báo cáo chuyên đề", "Tháng 5/2026"],
            [None, None, None, "Báo cáo kết quả", "Tháng 11/2026"],
            ["2", "Kế hoạch kiểm tra", "Sở Nội vụ", "Kế hoạch của tỉnh", "Tháng 01/2026"],
            [None, None, "Các cơ quan, đơn vị", "Kế hoạch của đơn vị", "Tháng 02/2026"],
        ]
    )
    tasks = plan(table)["tasks"]
    assert [t["code"] for t in tasks] == ["1", "2", "2"]
    assert tasks[0]["deadline"]["text"] == "Tháng 5/2026; Tháng 11/2026"
    assert tasks[0]["lead"] == ["Bộ Tài chính"]
    assert tasks[2]["lead"] == ["Các cơ quan, đơn vị"]


def test_a_lead_cell_spread_over_the_support_column_is_both():
    table = Table(
        rows=[
            ["TT", "Nhiệm vụ", "Chủ trì", "Phối hợp"],
            ["1", "Thực hiện Đề án", "Theo phân công tại Quyết định số 14/QĐ-UBND", None],
        ],
        across={(1, 3)},
    )
    task = plan(table)["tasks"][0]
    assert task["lead"] == task["support"] == ["Theo phân công tại Quyết định số 14/QĐ-UBND"]


def test_sub_rows_marked_with_a_dash_are_tasks():
    table = Table(
        rows=[
            ["TT", "Nội dung", "Chủ trì"],
            ["4", "Hoàn thiện tiêu chuẩn hạ tầng", ""],
            ["-", "Công trình đê điều", "Bộ NN&MT"],
            ["–", "Công trình giao thông", "Bộ Xây dựng"],
        ]
    )
    tasks = plan(table)["tasks"]
    assert [(t["code"], t["lead"]) for t in tasks[1:]] == [
        ("-", ["Bộ NN&MT"]),
        ("-", ["Bộ Xây dựng"]),
    ]


def test_the_office_reassigns_a_column_and_flips_a_row():
    table = Table(
        rows=[
            ["TT", "Nội dung", "Chủ trì", "Ghi chép"],
            ["1", "Nhóm nhiệm vụ thể chế", "", ""],
            ["2", "Ban hành quy chế", "Sở Tư pháp", "Quyết định của UBND tỉnh"],
        ]
    )
    assert plan(table)["tasks"][1]["deliverable"] is None
    result = plan(
        table,
        corrections={
            "columns": [{"table": 0, "column": 3, "role": "deliverable"}],
            "rows": [{"table": 0, "row": 1, "as": "section"}],
        },
    )
    assert result["tables"][0]["columns"][3] | {"confidence": 1.0} == {
        "column": 3,
        "header": "Ghi chép",
        "role": "deliverable",
        "confidence": 1.0,
        "by": "office",
    }
    assert [s["code"] for s in result["sections"]] == ["1"]
    assert result["tasks"][0]["deliverable"] == "Quyết định của UBND tỉnh"
    assert result["tasks"][0]["origin"] == {"table": 0, "row": 2}


def test_a_table_that_is_not_data_is_warned_of_and_its_text_read_as_prose():
    scores = Table(rows=[["Lớp", "Sĩ số", "Điểm"]] + [["10A", "40", "8,5"]] * 4)
    result = plan(Table(rows=[["TT", "Nội dung", "Chủ trì"], ["1", "Việc", "Sở Y tế"]]), scores)
    assert [w["code"] for w in result["warnings"]] == ["table_unplaced"]


def test_a_document_with_no_task_or_indicator_is_refused_with_what_was_looked_for():
    with pytest.raises(ImportFailure) as caught:
        parse_bytes("KẾ HOẠCH\nTriển khai các nhiệm vụ theo chức năng.\n".encode(), "k.txt")
    assert caught.value.code == "nothing_found"
    assert "TT/STT" in caught.value.vi and "TT/STT" in caught.value.en


def test_a_bold_row_without_a_code_is_a_heading_not_the_end_of_the_task_above():
    table = Table(
        rows=[
            ["TT", "Nội dung", "Chủ trì"],
            ["I", "Thể chế", ""],
            ["", "Nhóm văn bản của tỉnh", ""],
            ["1", "Ban hành quy chế", "Sở Tư pháp"],
            ["", "NHÓM VĂN BẢN HƯỚNG DẪN", ""],
            ["2", "Hướng dẫn thực hiện", "Sở Nội vụ"],
            ["II", "Hạ tầng", ""],
            ["3", "Nâng cấp mạng", "Sở Khoa học và Công nghệ"],
        ],
        bold=[True, True, True, False, False, False, True, False],
    )
    result = plan(table)
    assert [(s["code"], s["path"]) for s in result["sections"]] == [
        ("I", "I"),
        ("", "I/Nhóm văn bản của tỉnh"),
        ("", "I/NHÓM VĂN BẢN HƯỚNG DẪN"),
        ("II", "II"),
    ]
    assert [(t["section"], t["title"]) for t in result["tasks"]] == [
        ("I/Nhóm văn bản của tỉnh", "Ban hành quy chế"),
        ("I/NHÓM VĂN BẢN HƯỚNG DẪN", "Hướng dẫn thực hiện"),
        ("II", "Nâng cấp mạng"),
    ]
