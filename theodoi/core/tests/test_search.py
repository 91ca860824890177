from theodoi.core.search import fold


def test_folding_removes_diacritics_and_case():
    assert fold("Chuyển  Đổi số") == "chuyen doi so"
    assert fold("Uỷ ban") == fold("Ủy ban") == "uy ban"
