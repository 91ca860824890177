"""Targets in KPI cells and levels stated in a task's text."""

from theodoi.importer.build.numbers import to_number
from theodoi.importer.build.targets import read_target, task_target


def test_it_reads_vietnamese_numbers():
    assert to_number("14,5") == 14.5
    assert to_number("05") == 5
    assert to_number("1.000") == 1000


def test_it_reads_a_sign_and_a_number_from_a_kpi_cell():
    assert read_target("≥ 70") == {"text": "≥ 70", "op": ">=", "value": 70}
    assert read_target("≤ 3 Đông Nam Á; ≤ 50 Thế giới")["op"] == "<="


def test_it_reads_latex_remnants_as_the_sign_they_stand_for():
    assert read_target("$\\geq 14,5$") == {"text": "≥ 14,5", "op": ">=", "value": 14.5}


def test_a_bare_number_or_a_percentage_is_an_equality():
    assert read_target("100%") == {"text": "100%", "op": "=", "value": 100}
    assert read_target("05") == {"text": "05", "op": "=", "value": 5}


def test_a_target_in_words_keeps_its_text_without_a_number():
    assert read_target("Đạt mức tiên tiến") == {
        "text": "Đạt mức tiên tiến",
        "op": None,
        "value": None,
    }


def test_a_task_that_states_a_percentage_has_a_target():
    assert task_target("Tỷ lệ hồ sơ trực tuyến đạt 60%.") == {"op": ">=", "value": 60, "unit": "%"}
    assert task_target("Cân đối bố trí ít nhất 3% tổng chi") == {
        "op": ">=",
        "value": 3,
        "unit": "%",
    }


def test_a_task_that_states_a_minimum_count_has_a_target_with_its_unit():
    assert task_target("Lựa chọn tối thiểu 03 bài toán lớn")["unit"] == "bài toán"
    assert task_target("Thí điểm tối thiểu 03 gói mua sắm công")["unit"] == "gói"


def test_a_number_without_a_level_is_no_target():
    assert task_target("Nâng cao năng lực cho 02 Trung tâm") is None
