"""The chair's screen in a browser: the tiles, the tasks, the heat map at 1280 and
360 px; an at-risk KPI's tile opens the KPI's page; a member sees only his bodies."""

from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import no_sideways_scroll
from tests.e2e.journeys import sign_in
from theodoi.dashboard.tests.factories import NOW, plan_with_history, rollup_all

pytestmark = pytest.mark.browser


@pytest.fixture
def history(people):
    found = plan_with_history(people)
    kpi = found.kpis["ho_so"]
    kpi.target_value, kpi.target_text = Decimal(1000), "≥ 1.000"  # far beyond its trend
    kpi.save()
    rollup_all(found.plan, now=NOW)
    return found


def test_the_chair_reads_the_screen_and_opens_an_at_risk_kpi(
    live_server, history, page, phone, screenshot
):
    url = live_server.url + reverse("dashboard:plan", args=[history.plan.pk])
    sign_in(page, live_server.url, "chutich")
    page.wait_for_url("**/tong-quan/**")
    page.get_by_role("link", name="Điều hành").first.click()
    page.get_by_role("link", name=history.plan.title).click()
    page.wait_for_url(url)
    page.set_viewport_size({"width": 1280, "height": 900})
    tiles = page.get_by_test_id("kpi-tile")
    expect(tiles).to_have_count(2)
    expect(tiles.first).to_have_attribute("data-state", "at_risk")  # worst first
    expect(tiles.first).to_contain_text("Dự báo cuối năm")
    expect(page.get_by_test_id("overdue")).to_contain_text("Số hóa hồ sơ")
    expect(page.get_by_test_id("heat-map")).to_contain_text("Sở Y tế")
    page.get_by_text("Bảng theo đơn vị").click()
    expect(page.get_by_test_id("discipline-bodies")).to_be_visible()
    screenshot(page, "dashboard-chair-1280")
    page.emulate_media(media="print")  # A4 landscape: no menu, every table open
    expect(page.locator(".topbar")).to_be_hidden()
    expect(page.get_by_test_id("task-classes")).to_be_visible()
    screenshot(page, "dashboard-chair-print")
    page.emulate_media(media="screen")

    sign_in(phone, live_server.url, "chutich")
    phone.goto(url)
    expect(phone.get_by_test_id("kpi-tile").first).to_be_visible()
    assert no_sideways_scroll(phone)
    screenshot(phone, "dashboard-chair-360")

    tiles.first.get_by_role("link", name=history.kpis["ho_so"].name).click()
    page.wait_for_url("**" + reverse("plans:indicator", args=[history.kpis["ho_so"].pk]))
    expect(page.get_by_role("heading", level=1)).to_contain_text(history.kpis["ho_so"].name)


def test_a_member_sees_only_his_bodies(live_server, history, page, screenshot):
    sign_in(page, live_server.url, "thanhvien")  # oversees Sở Y tế
    page.wait_for_url("**/tong-quan/**")
    page.goto(live_server.url + reverse("dashboard:plan", args=[history.plan.pk]))
    heat = page.get_by_test_id("heat-map")
    expect(heat.locator("tbody tr")).to_have_count(1)
    expect(heat).to_contain_text("Sở Y tế")
    expect(heat).not_to_contain_text("Sở Tài chính")
    expect(page.get_by_test_id("kpi-tile")).to_have_count(1)
    expect(page.get_by_test_id("scorecard-top").locator("tbody tr")).to_have_count(1)
    screenshot(page, "dashboard-member")


def test_the_heat_map_pages_in_place(live_server, people, page, phone, screenshot):
    many = plan_with_history(people, extra_bodies=27)  # 30 bodies: two pages of the heat map
    rollup_all(many.plan, now=NOW)
    url = live_server.url + reverse("dashboard:plan", args=[many.plan.pk])
    sign_in(page, live_server.url, "chutich")
    page.wait_for_url("**/tong-quan/**")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(url)
    heat = page.get_by_test_id("heat-map")
    expect(heat.locator("tbody tr")).to_have_count(20)
    expect(page.get_by_test_id("heat-count")).to_contain_text("30 cơ quan, đơn vị; đang xem 1–20.")
    page.evaluate("window.stayed = true")  # gone if the whole page were loaded again
    page.locator("#discipline nav.pager").first.get_by_role("link", name="Trang sau »").click()
    expect(page.get_by_test_id("heat-count")).to_contain_text("đang xem 21–30.")
    expect(heat.locator("tbody tr")).to_have_count(10)
    assert page.evaluate("window.stayed === true")
    assert page.url.endswith("?trang=2")
    screenshot(page, "dashboard-heat-page2-1280")
    sign_in(phone, live_server.url, "chutich")
    phone.goto(url + "?trang=2")  # the address the chair shares: the same page of bodies
    expect(phone.get_by_test_id("heat-map").locator("tbody tr")).to_have_count(10)
    assert no_sideways_scroll(phone)
    screenshot(phone, "dashboard-heat-page2-360")
