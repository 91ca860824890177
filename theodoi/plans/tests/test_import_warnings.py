"""The importer's warnings on the review grid, in the reader's language."""

from pathlib import Path

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from theodoi.importer import parse_file
from theodoi.plans.services.drafts import plan_draft_create

PLANS = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "plans"

# Two warnings the grid cannot put at a row: one with a code, one stored before
# warnings had codes (only "where" and "message").
UNPLACED = {
    "where": "indicators I/1.2",
    "message": "không xếp được dòng",
    "code": "indicator_unplaced",
    "values": {"code": "1.2"},
}
OLD = {"where": "tasks 99", "message": "ghi chú cũ của trình đọc"}


@pytest.fixture(autouse=True)
def _language_restored():
    """A request with the English cookie leaves English active in this thread
    (LocaleMiddleware does not undo it): put back the language found."""
    before = translation.get_language()
    yield
    if before:
        translation.activate(before)
    else:
        translation.deactivate()


@pytest.fixture
def warned_plan(registry):
    data = parse_file(PLANS / "001_6cb26fb914e0f802.txt")
    data["warnings"] += [UNPLACED, OLD]
    return plan_draft_create(data=data)


def test_the_grid_in_english_shows_the_warnings_in_english(login, warned_plan):
    client = login("thuongtruc")
    client.cookies["django_language"] = "en"
    page = client.get(reverse("plans:review", args=[warned_plan.pk])).content.decode()
    assert "⚠ the deadline could not be read: Theo đúng tiến độ" in page
    assert "không đọc được thời hạn" not in page
    assert "<strong>indicators I/1.2</strong>: the row could not be placed" in page
    assert "<strong>tasks 99</strong>: ghi chú cũ của trình đọc" in page


def test_the_grid_in_vietnamese_keeps_them_in_vietnamese(login, warned_plan):
    page = login("thuongtruc").get(reverse("plans:review", args=[warned_plan.pk])).content
    page = page.decode()
    assert "⚠ không đọc được thời hạn: Theo đúng tiến độ" in page
    assert "the deadline could not be read" not in page
    assert "<strong>chỉ tiêu I/1.2</strong>: không xếp được dòng" in page
    assert "<strong>nhiệm vụ 99</strong>: ghi chú cũ của trình đọc" in page


def test_a_row_sent_back_after_an_edit_shows_its_warning_in_english(login, warned_plan):
    client = login("thuongtruc")
    client.cookies["django_language"] = "en"
    task = warned_plan.tasks.get(code="31", section__path="VII")
    url = reverse("plans:review_cell", args=[warned_plan.pk])
    row = client.get(url, {"kind": "task", "id": task.pk, "cancel": "1"}, HTTP_HX_REQUEST="true")
    assert "⚠ the deadline could not be read: Theo đúng tiến độ" in row.content.decode()


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("vi", "nhiệm vụ I/2: số thứ tự không liền mạch: 2 sau 0|ghi chú cũ của trình đọc|x"),
        ("en", "tasks I/2: the numbering is not continuous: 2 after 0|ghi chú cũ của trình đọc|x"),
    ],
)
def test_the_filters_follow_the_active_language(lang, expected):
    template = Template(
        "{% load import_warnings %}{{ w.where|warning_place }}: {{ w|warning_text }}"
        "|{{ old|warning_text }}|{{ bare|warning_text }}"
    )
    gap = {
        "where": "tasks I/2",
        "message": "số thứ tự không liền mạch: 2 sau 0",
        "code": "code_gap",
        "values": {"code": "2", "previous": "0"},
    }
    with translation.override(lang):
        assert template.render(Context({"w": gap, "old": OLD, "bare": "x"})) == expected
