"""Sections, section paths, codes and merged cells in task tables."""

from theodoi.importer.build import build_plan
from theodoi.importer.model import Paragraph, RawDocument, Table

HEADER = ["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn"]


def plan(*rows):
    raw = RawDocument("x.txt", [Paragraph("KẾ HOẠCH"), Table(rows=[HEADER, *rows])])
    return build_plan(raw)


def test_sections_nest_under_letters_and_roman_numerals():
    result = plan(
        ["A", "Phần chung", "", "", ""],
        ["I", "Thể chế", "", "", ""],
        ["I.1", "Văn bản", "", "", ""],
        ["1", "Việc một", "Sở Tư pháp", "", "2025"],
        ["II", "Hạ tầng", "", "", ""],
        ["B", "Phần riêng", "", "", ""],
        ["IV", "Dữ liệu", "", "", ""],
        ["2", "Việc hai", "Sở Y tế", "", "2025"],
    )
    assert [s["path"] for s in result["sections"]] == ["A", "A/I", "A/I/I.1", "A/II", "B", "B/IV"]
    assert [t["section"] for t in result["tasks"]] == ["A/I/I.1", "B/IV"]


def test_a_repeated_heading_code_is_kept_twice():
    result = plan(
        ["IV", "Một", "", "", ""], ["IV", "Hai", "", "", ""], ["1", "Việc", "Sở Y tế", "", ""]
    )
    assert [s["title"] for s in result["sections"]] == ["Một", "Hai"]


def test_codes_lose_their_trailing_period_and_bold_marks():
    result = plan(["**I.**", "Thể chế", "", "", ""], ["1.", "Việc", "Sở Y tế", "", "2025"])
    assert result["sections"][0]["code"] == "I"
    assert result["tasks"][0]["code"] == "1"


def test_a_sub_task_takes_its_parents_bodies_when_its_cells_are_empty():
    result = plan(
        ["5", "Hợp tác", "Sở Khoa học và Công nghệ", "Các Sở ngành liên quan", ""],
        ["5.1", "Kết nối", "", "", "6/2025"],
    )
    child = result["tasks"][1]
    assert child["lead"] == ["Sở Khoa học và Công nghệ"]
    assert child["support"] == ["Các Sở ngành liên quan"]


def test_a_parent_whose_sub_tasks_carry_the_work_keeps_empty_cells_and_no_warning():
    result = plan(["9", "Nâng cấp", "", "", ""], ["9.1", "Đường truyền", "Sở Y tế", "", "2025"])
    assert result["tasks"][0]["lead"] == []
    assert result["warnings"] == []


def test_a_row_with_an_empty_tt_cell_continues_the_row_above():
    result = plan(
        ["1", "Lựa chọn bài toán gắn với", "Sở Khoa học và Công", "", "Tháng 4/2026"],
        ["", "điều kiện thực tiễn", "nghệ", "", ""],
    )
    task = result["tasks"][0]
    assert task["title"] == "Lựa chọn bài toán gắn với điều kiện thực tiễn"
    assert task["lead"] == ["Sở Khoa học và Công nghệ"]


def test_it_warns_of_a_missing_lead_an_unreadable_deadline_and_a_code_out_of_sequence():
    result = plan(
        ["1", "Việc một", "", "", "Theo tiến độ"],
        ["3", "Việc ba", "Sở Y tế", "", "2025"],
    )
    messages = {(w["where"], w["message"].split(":")[0]) for w in result["warnings"]}
    assert ("tasks 1", "nhiệm vụ không có cơ quan chủ trì") in messages
    assert ("tasks 1", "không đọc được thời hạn") in messages
    assert ("tasks 3", "số thứ tự không liền mạch") in messages


def test_a_merged_header_splits_into_start_and_deadline():
    raw = RawDocument(
        "x.docx",
        [
            Table(
                rows=[
                    ["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian", None],
                    [None, None, None, "Bắt đầu", "Hoàn thành"],
                    ["1", "Việc", "Sở Y tế", "3/2025", "7/2025"],
                ]
            )
        ],
    )
    task = build_plan(raw)["tasks"][0]
    assert (task["start"], task["deadline"]["due"]) == ("3/2025", "2025-07-31")
