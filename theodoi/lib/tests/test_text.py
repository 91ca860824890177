import pytest

from theodoi.lib.text import fold_accents, fold_case, squash_spaces


def test_fold_accents_drops_diacritics_case_and_extra_spaces():
    assert fold_accents("  Chuyển  Đổi\tsố \n") == "chuyen doi so"
    assert fold_accents("Uỷ ban") == fold_accents("Ủy ban") == "uy ban"
    assert fold_accents("ĐẢNG ủy") == "dang uy"


@pytest.mark.parametrize("empty", [None, "", "   "])
def test_fold_accents_of_nothing_is_empty(empty):
    assert fold_accents(empty) == ""


def test_fold_accents_takes_a_spreadsheet_number():
    assert fold_accents(2026) == "2026"


def test_fold_accents_of_decomposed_text_is_that_of_composed_text():
    decomposed = "Ho\u0323 va\u0300 te\u0302n"  # "Họ và tên" as some tools write it
    assert fold_accents(decomposed) == fold_accents("Họ và tên") == "ho va ten"


def test_fold_case_keeps_accents():
    assert fold_case("  Nội   DUNG ") == "nội dung"
    assert fold_case("Nội dung") != fold_case("Noi dung")
    assert fold_case(None) == ""


def test_fold_case_composes_first():
    assert fold_case("N\u00f4\u0323i dung") == fold_case("Nội dung")


def test_squash_spaces_keeps_case_and_accents():
    assert squash_spaces("  Sở\u00a0 Tài   chính \n") == "Sở Tài chính"
    assert squash_spaces("Ho\u0323") == "Họ"
    assert squash_spaces(None) == ""
