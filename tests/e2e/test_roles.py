"""Each demo account signs in through the real login page and reaches its home."""

import pytest
from playwright.sync_api import expect

from tests.e2e.journeys import sign_in

pytestmark = pytest.mark.browser

HOMES = {
    "thuongtruc": ("/thuong-truc/", "Trang của cơ quan thường trực"),
    "daumoi": ("/don-vi/", "Sở Tài chính"),
    "lanhdao": ("/don-vi/", "Sở Tài chính"),
    "daumoi.xa": ("/don-vi/", "Xã "),
    "chutich": ("/tong-quan/", "Tổng quan của lãnh đạo Ban Chỉ đạo"),
    "uyvien": ("/tong-quan/", "Tổng quan của lãnh đạo Ban Chỉ đạo"),
}


@pytest.mark.parametrize("username", list(HOMES))
def test_each_demo_account_reaches_its_home_page(live_server, people, page, screenshot, username):
    path, title = HOMES[username]
    sign_in(page, live_server.url, username)
    page.wait_for_url(f"**{path}**")
    heading = page.get_by_test_id("home-title")
    assert title in heading.inner_text()
    assert people[username].display_name in page.get_by_test_id("current-user").inner_text()
    screenshot(page, f"home-{username}")


def test_the_login_page_is_in_vietnamese_and_readable_on_a_phone(
    live_server, db, browser, screenshot
):
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="vi-VN")
    page = context.new_page()
    page.goto(live_server.url + "/dang-nhap/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_role("heading", name="Đăng nhập").is_visible()
    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "login-phone")
    context.close()


def test_the_office_filters_the_registry_without_reloading_the_page(live_server, people, page):
    sign_in(page, live_server.url, "thuongtruc")
    page.wait_for_url("**/thuong-truc/")
    page.get_by_role("link", name="Cơ quan, đơn vị", exact=True).click()
    page.wait_for_url("**/don-vi/")
    rows = page.locator("#body-rows tr")
    assert rows.count() > 100
    page.get_by_placeholder("Tìm theo tên hoặc tên viết tắt").fill("SKHCN")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Sở Khoa học và Công nghệ")


def test_a_wrong_password_shows_a_clear_message(live_server, people, page):
    sign_in(page, live_server.url, "daumoi", "sai")
    assert (
        page.get_by_role("alert")
        .inner_text()
        .startswith("Tên đăng nhập (hoặc e-mail) hoặc mật khẩu không đúng")
    )


def test_the_interface_switches_to_english(live_server, people, page):
    page.goto(live_server.url + "/dang-nhap/")
    page.get_by_role("button", name="EN").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    page.get_by_role("button", name="VI").click()
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
