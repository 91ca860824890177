import unicodedata

import pytest

from theodoi.bodies.names import name_key


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Ủy ban nhân dân tỉnh", "UBND tỉnh"),
        ("Uỷ ban nhân dân tỉnh", "Ủy ban nhân dân tỉnh"),
        ("Xã Mỹ Hoà Hưng", "xã mỹ hòa hưng"),
        ("Sở,ban , ngành  tỉnh", "Sở, ban, ngành tỉnh"),
        ("Sở KH & CN", "Sở Khoa học và Công nghệ"),
        ("Sở GD&ĐT", "Sở Giáo dục và Đào tạo"),
        ("các Sở ngành liên quan", "Sở ngành liên quan"),
        (unicodedata.normalize("NFD", "Sở Tài chính"), "Sở Tài chính"),
    ],
)
def test_it_gives_one_key_to_two_spellings_of_a_name(one, other):
    assert name_key(one) == name_key(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [("Sở Tài chính", "Sở Tư pháp"), ("Xã Mỹ Hòa", "Xã Mỹ Hóa"), ("UBND tỉnh", "UBND xã")],
)
def test_it_keeps_different_names_apart(one, other):
    assert name_key(one) != name_key(other)
