"""The office edits a plan's reporting rule and sees the next cut-offs follow as it types."""

import pytest
from playwright.sync_api import expect

from tests.e2e.journeys import sign_in
from theodoi.plans.services.drafts import plan_draft_create
from theodoi.plans.services.publish import plan_publish
from theodoi.reporting.tests.conftest import SMALL_PLAN

pytestmark = pytest.mark.browser


def test_the_office_previews_and_saves_a_rule_then_locks_a_period(
    live_server, people, page, screenshot
):
    plan = plan_draft_create(data=SMALL_PLAN)
    plan_publish(plan=plan, user=people["thuongtruc"], confirm_gaps=True)
    sign_in(page, live_server.url, "thuongtruc")
    page.wait_for_url("**/thuong-truc/**")
    page.goto(live_server.url + plan.get_absolute_url())
    page.get_by_role("link", name="Chế độ báo cáo, hạn nộp").click()
    expect(page.get_by_text("Văn bản không quy định chế độ báo cáo")).to_be_visible()
    page.get_by_role("link", name="Sửa").click()

    page.get_by_label("Hạn nộp: ngày").fill("25")
    page.get_by_label("Hạn nộp: giờ").fill("16:00")
    preview = page.locator("#rule-preview")
    expect(preview).to_contain_text("16:00 25/")
    page.get_by_label("Hạn nộp: ngày").fill("0")  # the browser lets 0 through
    expect(preview).to_contain_text("Ngày hạn nộp phải từ 1 đến 31.")
    page.get_by_label("Hạn nộp: ngày").fill("25")
    expect(preview).to_contain_text("16:00 25/")
    screenshot(page, "reporting-rule-edit")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu chế độ báo cáo")).to_be_visible()

    page.get_by_role("link", name="Xem các kỳ báo cáo").click()
    row = page.get_by_role("row").filter(has_text="Tháng 3/2026")
    expect(row).to_contain_text("16:00 25/03/2026")
    expect(row).to_contain_text("Thứ Tư")
    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="Khóa sổ").click()
    expect(page.get_by_role("row").filter(has_text="Tháng 3/2026")).to_contain_text("đã khóa lúc")
    screenshot(page, "reporting-periods")
