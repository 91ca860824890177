"""Plan and body pages in the browser: a commune's tasks, a plan filtered with htmx."""

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.journeys import sign_in

pytestmark = pytest.mark.browser

PLANS = Path(__file__).resolve().parents[1] / "fixtures" / "plans"
COMMUNES = "UBND xã, phường, đặc khu"


@pytest.fixture
def plan_2026(people):
    from theodoi.plans.services.drafts import plan_draft_create
    from theodoi.plans.services.publish import plan_publish

    data = json.loads((PLANS / "001_6cb26fb914e0f802.json").read_text("utf-8"))
    plan = plan_draft_create(data=data)
    plan_publish(plan=plan, user=people["thuongtruc"], confirm_gaps=True)
    return plan


def test_a_commune_focal_officer_lands_on_the_tasks_his_commune_leads(
    live_server, people, plan_2026, page, screenshot
):
    sign_in(page, live_server.url, "daumoi.xa")
    page.wait_for_url(f"**/don-vi/{people['daumoi.xa'].body_id}/")
    section = page.get_by_test_id("body-tasks")
    expect(section.get_by_role("heading", name="Nhiệm vụ của đơn vị")).to_be_visible()
    led = section.locator("[data-testid=body-task][data-role=lead]")
    expect(led.first).to_contain_text(f"qua nhóm {COMMUNES}")
    assert led.count() >= 3
    expect(section.get_by_test_id("body-task-counts")).to_contain_text("Chủ trì")
    screenshot(page, "body-commune")
    # Open a task from the list: its page names the group with its member count.
    led.first.get_by_role("link").click()
    expect(page.get_by_test_id("task-bodies")).to_contain_text(f"qua nhóm {COMMUNES} (")


def test_the_body_page_fits_a_360_px_phone(live_server, people, plan_2026, browser, screenshot):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    page = context.new_page()
    sign_in(page, live_server.url, "daumoi.xa")
    page.wait_for_url("**/don-vi/**")
    expect(
        page.get_by_test_id("body-tasks").locator("[data-testid=body-task]").first
    ).to_be_visible()
    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "body-commune-phone")
    context.close()


def test_a_viewer_filters_a_plan_page_by_body_without_reloading_it(
    live_server, people, plan_2026, page, screenshot
):
    from theodoi.bodies.models import Body
    from theodoi.plans.models import Assignment

    finance = Body.objects.get(name="Sở Tài chính")
    expected = (
        Assignment.objects.filter(plan=plan_2026, body=finance, task__isnull=False)
        .values("task_id")
        .distinct()
        .count()
    )
    sign_in(page, live_server.url, "chutich")
    page.wait_for_url("**/tong-quan/")
    page.goto(live_server.url + plan_2026.get_absolute_url())
    rows = page.get_by_test_id("task-row")
    expect(rows).to_have_count(40)
    page.evaluate("window.notReloaded = true")
    page.get_by_label("Đơn vị", exact=True).select_option(label="Sở Tài chính")
    expect(rows).to_have_count(expected)
    expect(page.get_by_test_id("task-counts")).to_contain_text(f"{expected} đang lọc")
    assert page.evaluate("window.notReloaded === true")  # swapped by htmx, not reloaded
    assert f"don-vi={finance.pk}" in page.url  # the filtered view can be shared
    screenshot(page, "plan-filtered-by-body")
    page.get_by_label("Vai trò").select_option(label="Chủ trì")
    expect(page.get_by_test_id("task-counts")).not_to_contain_text(f"{expected} đang lọc")
    expect(rows.first).to_contain_text("Chủ trì")


def test_the_search_box_in_the_top_bar_finds_tasks_without_diacritics(
    live_server, people, plan_2026, page
):
    sign_in(page, live_server.url, "daumoi")
    page.wait_for_url("**/don-vi/**")
    box = page.get_by_role("searchbox", name="Tìm nhiệm vụ trong các kế hoạch")
    box.fill("chuyen doi so")
    box.press("Enter")
    page.wait_for_url("**/ke-hoach/tim-kiem/?q=chuyen+doi+so")
    expect(page.get_by_test_id("task-row").first).to_contain_text("chuyển đổi số")
