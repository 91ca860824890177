"""Reading a time cell into a due date, a recurrence and a condition."""

import pytest

from theodoi.importer.build.deadlines import read_deadline


def due(text, year=2025):
    return read_deadline(text, year).due


def test_it_reads_a_month_as_its_last_day():
    assert due("7/2025") == "2025-07-31"
    assert due("Tháng 4/2026") == "2026-04-30"
    assert due("tháng 11 năm 2025") == "2025-11-30"


def test_it_reads_february_of_a_leap_year_as_the_29th():
    assert due("Tháng 2/2028") == "2028-02-29"
    assert due("2/2027") == "2027-02-28"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Quý I/2026", "2026-03-31"),
        ("Quý II/2026", "2026-06-30"),
        ("Quý III/2026", "2026-09-30"),
        ("quý 4/2025", "2025-12-31"),
        ("Quý II năm 2026", "2026-06-30"),
    ],
)
def test_it_reads_a_quarter_as_its_last_day(text, expected):
    assert due(text) == expected


def test_it_reads_a_day_as_that_day():
    assert due("30/6/2026") == "2026-06-30"
    assert due("ngày 11/9/2026 (thứ Sáu).") == "2026-09-11"
    assert due("ngày 23 tháng 4 năm 2026") == "2026-04-23"


def test_it_reads_a_year_as_its_last_day():
    assert due("Năm 2025") == "2025-12-31"
    assert due("2026") == "2026-12-31"


def test_it_reads_a_range_as_the_end_of_its_last_part():
    assert due("2026 - 2030") == "2030-12-31"
    assert due("Năm 2025-2030") == "2030-12-31"
    assert due("từ ngày 11/9/2026 đến ngày 20/9/2026") == "2026-09-20"
    assert due("từ ngày 11/9 đến hết năm 2026") == "2026-12-31"


def test_it_takes_the_year_from_the_plan_when_the_text_gives_none():
    assert due("Tháng 4", year=2026) == "2026-04-30"
    assert due("Quý I", year=2027) == "2027-03-31"


def test_it_reads_continuous_and_annual_work_as_recurring():
    assert read_deadline("Thường xuyên", 2025).recurrence == "continuous"
    assert read_deadline("Hàng năm", 2025).recurrence == "annual"
    annual = read_deadline("Năm 2025 và các năm tiếp theo", 2025)
    assert (annual.due, annual.recurrence) == ("2025-12-31", "annual")
    both = read_deadline("Tháng 4/2026 và thực hiện thường xuyên", 2026)
    assert (both.due, both.recurrence) == ("2026-04-30", "continuous")


def test_it_keeps_a_condition_apart_from_the_date():
    deadline = read_deadline(
        "Quý II/2026, sau khi có văn bản hướng dẫn từ bộ, ngành Trung ương", 2026
    )
    assert deadline.due == "2026-06-30"
    assert deadline.condition == "sau khi có văn bản hướng dẫn từ bộ, ngành Trung ương"
    only = read_deadline("Khi có Quyết định của Thủ tướng Chính phủ", 2025)
    assert (only.due, only.condition) == (None, "Khi có Quyết định của Thủ tướng Chính phủ")


def test_it_flags_a_deadline_it_cannot_read():
    assert read_deadline("Theo đúng tiến độ", 2026).unreadable
    assert not read_deadline("Thường xuyên", 2026).unreadable
    assert read_deadline(None, 2026).as_dict() == {
        "text": None,
        "due": None,
        "recurrence": None,
        "condition": None,
    }


def test_a_start_with_no_end_has_no_due_date():
    assert due("Từ quý II/2027") is None
    assert due("Từ tháng 5/2026, thường xuyên") is None
    assert due("Từ quý III/2026 đến quý III/2030") == "2030-09-30"


def test_every_year_without_a_year_has_no_one_due_date():
    assert read_deadline("Ban hành kế hoạch trong tháng 01 hằng năm", 2026).due is None
    assert read_deadline("Thường xuyên, hằng năm", 2026).recurrence == "annual"
    assert read_deadline("Năm 2026 và các năm tiếp theo", 2026).due == "2026-12-31"


def test_the_date_of_a_cited_document_is_not_the_deadline():
    text = "Theo Điều 17 Nghị định số 52/2015/NĐ-CP ngày 28/5/2015 của Chính phủ"
    assert due(text, 2026) is None
    assert due("Theo Quyết định số 1441/QĐ-UBND ngày 25/9/2025; tháng 6/2026", 2026) == (
        "2026-06-30"
    )


def test_the_year_after_and_within_the_year():
    assert due("Trước ngày 31/01 năm liền kề", 2026) == "2027-01-31"
    assert due("Thường xuyên trong năm", 2026) == "2026-12-31"


def test_a_day_of_the_next_month_recurs_monthly():
    assert read_deadline("Trước ngày 05 của tháng liền kề", 2026).recurrence == "monthly"


def test_a_condition_keeps_its_delay():
    deadline = read_deadline("Sau 03 tháng kể từ khi có văn bản của Trung ương", 2026)
    assert deadline.condition == "Sau 03 tháng kể từ khi có văn bản của Trung ương"
