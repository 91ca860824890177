"""A focal officer's bell: the unread count in the header, the list, one marked read
and the bell showing one less, without the page being loaded again."""

import pytest
from playwright.sync_api import expect

from tests.e2e.journeys import sign_in
from theodoi.notify.tests.test_inbox import notices

pytestmark = pytest.mark.browser


def test_a_focal_officer_marks_a_notification_read_and_the_bell_follows(
    live_server, people, page, screenshot
):
    notices(people["daumoi"], 2)
    notices(people["daumoi.yte"], 3)  # someone else's: not counted

    sign_in(page, live_server.url, "daumoi")
    bell = page.get_by_test_id("bell")
    expect(page.get_by_test_id("bell-count")).to_have_text("2")
    expect(bell).to_have_attribute("aria-label", "2 thông báo chưa đọc")

    bell.click()
    page.wait_for_url("**/thong-bao/")
    items = page.get_by_test_id("notification")
    expect(items).to_have_count(2)
    page.evaluate("window.notReloaded = true")  # gone if the page were loaded again

    items.first.get_by_role("button", name="Đánh dấu đã đọc").click()

    expect(items.first.get_by_text("Chưa đọc", exact=True)).to_have_count(0)
    expect(page.get_by_test_id("bell-count")).to_have_text("1")
    expect(page.get_by_test_id("bell")).to_have_attribute("aria-label", "1 thông báo chưa đọc")
    assert page.evaluate("window.notReloaded") is True
    screenshot(page, "notifications-one-read")
