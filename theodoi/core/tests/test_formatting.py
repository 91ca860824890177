from datetime import UTC, date, datetime

import pytest

from theodoi.core.formatting import format_date, format_datetime
from theodoi.lib.numbers import format_number


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (14.5, "14,5"),
        (1234, "1.234"),
        ("1234567.25", "1.234.567,25"),
        (100, "100"),
        (0, "0"),
        (None, ""),
    ],
)
def test_numbers_are_written_the_vietnamese_way(value, text):
    assert format_number(value) == text


def test_a_number_can_keep_a_fixed_number_of_places():
    assert format_number(14.5, 2) == "14,50"


def test_dates_are_day_month_year():
    assert format_date(date(2026, 4, 5)) == "05/04/2026"


def test_moments_are_shown_in_the_provinces_time_zone(settings):
    utc = datetime(2026, 1, 31, 20, 30, tzinfo=UTC)
    assert format_datetime(utc) == "03:30 01/02/2026"
    assert format_date(utc) == "01/02/2026"
