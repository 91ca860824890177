from datetime import date

import pytest

from theodoi.documents.official import place_and_date


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 1, 5), "An Giang, ngày 05 tháng 01 năm 2026"),
        (date(2026, 2, 9), "An Giang, ngày 09 tháng 02 năm 2026"),
        (date(2026, 3, 10), "An Giang, ngày 10 tháng 3 năm 2026"),
        (date(2026, 9, 1), "An Giang, ngày 01 tháng 9 năm 2026"),
        (date(2026, 10, 31), "An Giang, ngày 31 tháng 10 năm 2026"),
        (date(2026, 12, 20), "An Giang, ngày 20 tháng 12 năm 2026"),
    ],
)
def test_leading_zero_for_days_below_ten_and_months_one_and_two(day, expected):
    assert place_and_date("An Giang", day) == expected
