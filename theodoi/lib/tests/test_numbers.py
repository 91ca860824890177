from decimal import Decimal

import pytest

from theodoi.lib.numbers import format_number, parse_number


@pytest.mark.parametrize(
    "value, places, text",
    [
        (14.5, None, "14,5"),
        (Decimal("14.50"), None, "14,5"),
        (1234, None, "1.234"),
        (1234567.25, None, "1.234.567,25"),
        (Decimal("100"), None, "100"),
        (Decimal("1E+2"), None, "100"),
        (14.5, 2, "14,50"),
        (1234.5, 0, "1.234"),
        (-3.25, None, "-3,25"),
        (None, None, ""),
        ("", None, ""),
    ],
)
def test_format_number(value, places, text):
    assert format_number(value, places) == text


@pytest.mark.parametrize(
    "text, number",
    [
        ("14,5", Decimal("14.5")),
        ("1.234,5", Decimal("1234.5")),
        ("1.234", Decimal("1234")),
        ("-12.345.678", Decimal("-12345678")),
        ("14.5", Decimal("14.5")),
        (" 1 234 ", Decimal("1234")),
        ("0", Decimal("0")),
        ("", None),
        (None, None),
    ],
)
def test_parse_number(text, number):
    assert parse_number(text) == number


@pytest.mark.parametrize("text", ["abc", "1,2,3", "Infinity", "NaN", "14,5%"])
def test_parse_number_refuses_what_is_not_a_number(text):
    with pytest.raises(ValueError):
        parse_number(text)


@pytest.mark.parametrize("value", [Decimal("14.5"), Decimal("1234.5"), Decimal("-7")])
def test_a_formatted_number_parses_back(value):
    assert parse_number(format_number(value)) == value
