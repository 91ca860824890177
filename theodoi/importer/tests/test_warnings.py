"""Warnings: a code and values for each, written in Vietnamese or English."""

import pytest

from theodoi.importer import warning_message, warning_where
from theodoi.importer.build import build_plan
from theodoi.importer.model import Paragraph, RawDocument, Table
from theodoi.importer.warning_messages import MESSAGES, warning

TASKS = ["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn"]
KPIS = ["TT", "Chỉ tiêu", "Đơn vị tính", "Chỉ tiêu năm 2025", "Cơ quan chủ trì"]


@pytest.fixture(scope="module")
def warned() -> dict[str, dict]:
    """A plan with one warning of every kind, by code."""
    tasks = Table(
        rows=[
            TASKS,
            ["", "Dòng lạc", "Sở Y tế", "", ""],
            ["1", "Việc một", "", "", "Theo tiến độ"],
            ["3", "Việc ba", "Sở Y tế", "", "2025"],
            ["a", "Việc a", "Sở Y tế", "", "2025"],
        ]
    )
    kpis = Table(
        rows=[KPIS, ["1", "Tăng trưởng", "%", "8", "Sở Tài chính"], ["b", "Lạc", "%", "8", ""]]
    )
    unheaded = Table(
        rows=[
            ["TT", "Tên nhiệm vụ/dự án", "Đầu mối", "Thời hạn"],
            ["1", "Số hóa hồ sơ", "Sở Nội vụ", "2025"],
            ["2", "Kết nối dữ liệu", "Sở Y tế", "2026"],
        ]
    )
    scores = Table(rows=[["Lớp", "Sĩ số", "Điểm"]] + [["10A", "40", "8,5"]] * 4)
    plan = build_plan(RawDocument("x.txt", [Paragraph("KẾ HOẠCH"), tasks, kpis, unheaded, scores]))
    return {w["code"]: w for w in plan["warnings"]}


# code: (where, Vietnamese, English), as the plan above reads.
EXPECTED = {
    "row_unplaced": (
        "tasks",
        "không xếp được dòng: Dòng lạc Sở Y tế",
        "a row that could not be placed: Dòng lạc Sở Y tế",
    ),
    "deadline_unreadable": (
        "tasks 1",
        "không đọc được thời hạn: Theo tiến độ",
        "the deadline could not be read: Theo tiến độ",
    ),
    "code_gap": (
        "tasks 3",
        "số thứ tự không liền mạch: 3 sau 1",
        "the numbering is not continuous: 3 after 1",
    ),
    "code_unreadable": (
        "tasks a",
        "không xếp được dòng có số thứ tự “a”",
        "the row numbered “a” could not be placed",
    ),
    "no_lead": ("tasks 1", "nhiệm vụ không có cơ quan chủ trì", "the task has no lead agency"),
    "indicator_unplaced": ("indicators b", "không xếp được dòng", "the row could not be placed"),
    "column_guessed": (
        "table 3",
        "cột “Đầu mối” được đoán là cơ quan chủ trì; hãy kiểm tra và sửa nếu sai",
        "the column “Đầu mối” was guessed to hold lead body; check it and correct it if wrong",
    ),
    "table_unplaced": (
        "table 4",
        "bảng có 5 dòng không được nhận là bảng nhiệm vụ hay chỉ tiêu (tiêu đề: Lớp | Sĩ số | "
        "Điểm); nội dung của nó không được nhập",
        "a table of 5 rows was not recognised as a table of tasks or indicators (header: "
        "Lớp | Sĩ số | Điểm); its content was not imported",
    ),
}


def test_every_code_is_tested():
    assert set(EXPECTED) == set(MESSAGES)


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_each_warning_keeps_where_and_its_vietnamese_message_and_adds_code_and_values(warned, code):
    where, vi, _en = EXPECTED[code]
    found = warned[code]
    assert set(found) == {"where", "message", "code", "values"}
    assert found["where"] == where
    assert found["message"] == vi


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_each_warning_is_written_in_vietnamese_and_in_english(warned, code):
    _where, vi, en = EXPECTED[code]
    assert warning_message(warned[code], "vi") == vi
    assert warning_message(warned[code], "en") == en
    assert warning_message(warned[code], "en-us") == en


def test_the_values_are_plain_strings_for_the_json():
    found = warning("tasks I/2", "code_gap", code="2.3", previous="2.1")
    assert found == {
        "where": "tasks I/2",
        "message": "số thứ tự không liền mạch: 2.3 sau 2.1",
        "code": "code_gap",
        "values": {"code": "2.3", "previous": "2.1"},
    }


def test_a_warning_without_a_code_or_with_an_unknown_one_shows_its_message():
    old = {"where": "tasks I/12", "message": "không đọc được thời hạn: Quý V"}
    assert warning_message(old, "en") == "không đọc được thời hạn: Quý V"
    assert warning_message(old | {"code": "from_the_future"}, "en") == old["message"]
    assert warning_message(old | {"code": None, "values": None}, "vi") == old["message"]


def test_values_that_do_not_fit_the_message_fall_back_to_it_too():
    stored = {
        "where": "tasks 1",
        "message": "không đọc được thời hạn: x",
        "code": "deadline_unreadable",
    }
    assert warning_message(stored | {"values": {}}, "en") == stored["message"]
    assert warning_message(stored | {"values": ["x"]}, "en") == stored["message"]
    assert warning_message({}, "en") == ""


@pytest.mark.parametrize(
    ("where", "vi", "en"),
    [
        ("tasks I/12", "nhiệm vụ I/12", "tasks I/12"),
        ("tasks 3", "nhiệm vụ 3", "tasks 3"),
        ("tasks", "nhiệm vụ", "tasks"),
        ("indicators I/1.2", "chỉ tiêu I/1.2", "indicators I/1.2"),
        ("members", "thành viên", "members"),
        ("nhiệm vụ II/4", "nhiệm vụ II/4", "tasks II/4"),
        ("chỉ tiêu 2", "chỉ tiêu 2", "indicators 2"),
        ("tasksx 1", "tasksx 1", "tasksx 1"),
        ("", "", ""),
    ],
)
def test_the_place_is_named_in_the_language(where, vi, en):
    assert warning_where(where, "vi") == vi
    assert warning_where(where, "en") == en
