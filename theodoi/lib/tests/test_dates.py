from datetime import date, datetime

import pytest

from theodoi.lib.dates import format_date, format_moment, parse_date


def test_format_date():
    assert format_date(date(2026, 3, 5)) == "05/03/2026"
    assert format_date(datetime(2026, 1, 25, 16, 0)) == "25/01/2026"
    assert format_date(None) == ""
    assert format_date("quý I") == "quý I"


def test_format_moment():
    assert format_moment(datetime(2026, 1, 25, 16, 5)) == "16:05 25/01/2026"
    assert format_moment(None) == ""


@pytest.mark.parametrize(
    "text, day",
    [
        ("05/03/2026", date(2026, 3, 5)),
        ("5/3/2026", date(2026, 3, 5)),
        (" 31/12/2025 ", date(2025, 12, 31)),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(text, day):
    assert parse_date(text) == day


@pytest.mark.parametrize("text", ["2026-03-05", "31/02/2026", "hôm nay"])
def test_parse_date_refuses_other_forms(text):
    with pytest.raises(ValueError):
        parse_date(text)


def test_a_formatted_date_parses_back():
    assert parse_date(format_date(date(2026, 2, 17))) == date(2026, 2, 17)
