"""Every numeric parameter is read, never trusted (``core.params``): a value no page
sends (``²``, twenty digits, letters, a sign) in a list's filter, a page number or a
save's field is ignored or refused — never a 500.

The walk reuses ``test_access``'s URL list and rows: a view added later is walked too.
"""

import pytest
from django.urls import reverse

from theodoi.core.params import id_of, int_param, parse_int
from theodoi.core.tests.test_access import ALL_VIEWS, url_for
from theodoi.core.tests.test_access import ids as ids  # the fixture, under its own name

BAD = ["²", "99999999999999999999", "abc", "-1"]
# What the lists and pages read from the address.
GET_NAMES = ["don-vi", "phan", "muc", "trang", "nam", "thang", "id", "item", "loai", "nhom"]
# What the forms post; with a few fixed values that take the views past their first checks.
POST_NAMES = [
    *GET_NAMES,
    "seen_version",
    "percent",
    "numerator",
    "denominator",
    "value",
    "section",
    "import",
    "body_id",
    "reporting_day",
    "year",
    "split_at",
    "add",
    "remove",
]
FIXED = {"kind": "task", "field": "title", "op": "split"}
# Forms that do real work on the placeholder files of ``ids`` (a "PK" for a .docx).
NOT_POSTED = {"documents:draft_generate"}


def _client(login, view):
    """The body's own officer for a body's pages (Sở Y tế's rows), the office otherwise."""
    return login("daumoi.yte" if view.access == "body" else "thuongtruc")


def _pairs(value):
    return {"set": f"body:{value}", "flip": f"task:{value}", "thang": f"{value}-{value}"}


@pytest.mark.parametrize(("name", "route", "view"), ALL_VIEWS, ids=[p[1] for p in ALL_VIEWS])
def test_no_page_fails_on_a_bad_number_in_its_address(login, ids, name, route, view):
    url = url_for(name, route, ids)
    for value in BAD:
        query = {key: value for key in GET_NAMES} | _pairs(value)
        response = _client(login, view).get(url, query)
        assert response.status_code < 500, (route, value)


@pytest.mark.parametrize(("name", "route", "view"), ALL_VIEWS, ids=[p[1] for p in ALL_VIEWS])
def test_no_form_fails_on_a_bad_number_posted(login, ids, name, route, view):
    if name in NOT_POSTED:
        pytest.skip("generates documents from placeholder files")
    url = url_for(name, route, ids)
    for value in BAD:
        data = {key: value for key in POST_NAMES} | _pairs(value) | FIXED
        response = _client(login, view).post(url, data)
        assert response.status_code < 500, (route, value)


def test_the_plan_page_ignores_a_filter_it_cannot_read(login, ids):
    url = reverse("plans:detail", args=[ids["plan_id"]])
    client = login("thuongtruc")
    for query in ["don-vi=²", "phan=99999999999999999999", "thang=2026-²", "muc=abc"]:
        response = client.get(f"{url}?{query}")
        assert response.status_code == 200, query
        assert "Nhiệm vụ thử" in response.content.decode()  # the filter was ignored


def test_ticking_a_body_no_form_sends_reminds_nobody_and_fails_nothing(login, ids):
    url = reverse("reporting:board_chase", args=[ids["period_id"]])
    response = login("thuongtruc").post(url, {"don-vi": ["²", "99999999999999999999"]})
    assert response.status_code == 302


NUMBERS = [("12", 12), (" 7 ", 7), ("0", 0), ("", None), (None, None), ("²", None)]
NOT_NUMBERS = ["٣", "-1", "+1", "1 2", "99999999999999999999", str(2**31), "1.5"]


@pytest.mark.parametrize(("text", "number"), [*NUMBERS, *[(text, None) for text in NOT_NUMBERS]])
def test_a_number_is_ascii_digits_within_the_databases_integer(text, number):
    assert parse_int(text) == number


def test_a_filter_keeps_to_its_range_and_a_bad_id_is_no_rows():
    assert int_param({"m": "13"}, "m", minimum=1, maximum=12) is None
    assert int_param({"m": "12"}, "m", minimum=1, maximum=12) == 12
    assert int_param({}, "m") is None
    assert id_of("²") == id_of("0") == id_of("99999999999999999999") == 0
    assert id_of("42") == 42
