"""A stale item save is a conflict (409) whose answer is the card again, with the
message and what was typed, for htmx to put in place (``report-form.js``); a save
without its version is refused (400); a bad figure is a message in the card (200)."""

import pytest
from django.urls import reverse

from theodoi.reporting.services.reports import report_item_save, report_open

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def item(period, people):
    return report_open(period=period, body=people["daumoi"].body).items.get()


def save_url(item):
    return reverse("reporting:item_save", args=[item.report.body_id, item.pk])


def test_a_stale_save_is_a_conflict_shown_in_place(login, item, people):
    report_item_save(
        item=item, data={"results": "Của lãnh đạo"}, user=people["lanhdao"], seen_version=1
    )
    typed = {"seen_version": "1", "results": "Tôi vừa gõ"}
    answer = login("daumoi").post(save_url(item), typed, headers=HTMX)
    assert answer.status_code == 409
    assert answer["HX-Retarget"] == f"#item-{item.pk}" and answer["HX-Reswap"] == "outerHTML"
    card = answer.content.decode()
    assert 'data-testid="item-error"' in card and "Người khác vừa sửa mục này" in card
    assert "Tôi vừa gõ" in card  # what was typed is not lost
    item.refresh_from_db()
    assert item.results == "Của lãnh đạo"


def test_a_save_without_its_version_is_refused_in_place(login, item):
    answer = login("daumoi").post(save_url(item), {"results": "Ghi đè"}, headers=HTMX)
    assert answer.status_code == 400 and answer["HX-Retarget"] == f"#item-{item.pk}"
    item.refresh_from_db()
    assert item.results == ""


def test_a_bad_date_is_a_message_in_the_card(login, item):
    data = {"seen_version": "1", "done_on": "32/13/2026"}
    answer = login("daumoi").post(save_url(item), data, headers=HTMX)
    assert answer.status_code == 200 and "Ngày hoàn thành không hợp lệ" in answer.content.decode()
