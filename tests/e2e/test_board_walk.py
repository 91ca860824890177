"""The period board in the browser: the chair and a member read it from their
overview (their bodies only, no action); the office ticks two late bodies and
presses "Nhắc ngay"; the error pages are Vietnamese, in the site's frame."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, no_sideways_scroll
from tests.e2e.journeys import plan_with_period, sign_in
from theodoi.bodies.models import Body
from theodoi.notify.models import Kind, Notification
from theodoi.reporting.models import Period
from theodoi.reporting.tests.conftest import SMALL_PLAN

pytestmark = pytest.mark.browser


@pytest.fixture
def late_period(people):
    """A published plan (Sở Tài chính, Sở Y tế and every commune) whose only period
    closed three days ago, with no report sent."""
    period = plan_with_period(
        SMALL_PLAN, people["thuongtruc"], cutoff_in_days=-3, label="Tháng vừa qua"
    )
    # The board's latest period is this one.
    Period.objects.filter(plan=period.plan).exclude(pk=period.pk).delete()
    return period


def new_page(browser, **options):
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", **options)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def open_board_from_overview(page, base_url):
    page.goto(base_url + reverse("accounts:viewer_home"))
    page.get_by_test_id("plan-board-link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tình hình báo cáo")


def test_readers_and_the_office_on_the_board(live_server, people, browser, screenshot, late_period):
    bodies = Body.objects.filter(assignments__plan=late_period.plan).distinct()
    board_url = live_server.url + reverse("reporting:board", args=[late_period.pk])

    # The chair reads every body, from his overview; nothing to press.
    chair = new_page(browser)
    sign_in(chair, live_server.url, "chutich")
    open_board_from_overview(chair, live_server.url)
    assert chair.url == board_url
    expect(chair.get_by_test_id("board-row")).to_have_count(bodies.count())
    expect(chair.get_by_role("button", name="Nhắc ngay")).to_have_count(0)
    screenshot(chair, "board-walk-chair-1280")

    # A member, on a phone, reads only the bodies he oversees.
    member = new_page(browser, viewport=PHONE, is_mobile=True, has_touch=True)
    sign_in(member, live_server.url, "uyvien")
    open_board_from_overview(member, live_server.url)
    overseen = bodies.filter(overseers=people["uyvien"])
    rows = member.get_by_test_id("board-row")
    expect(rows).to_have_count(overseen.count())
    assert sorted(rows.locator("td.name").all_inner_texts()) == sorted(
        overseen.values_list("name", flat=True)
    )
    expect(member.get_by_role("button", name="Nhắc ngay")).to_have_count(0)
    assert no_sideways_scroll(member)
    screenshot(member, "board-walk-member-360")

    # The office ticks two late bodies and presses "Nhắc ngay".
    office = new_page(browser)
    sign_in(office, live_server.url, "thuongtruc")
    office.goto(board_url)
    commune = people["daumoi.xa"].body
    office.get_by_label("Chọn Sở Tài chính").check()
    office.get_by_label(f"Chọn {commune.name}").check()
    office.get_by_role("button", name="Nhắc ngay").click()
    expect(office.locator(".messages")).to_contain_text("Đã nhắc 2 đơn vị (3 người nhận)")
    told = sorted(
        Notification.objects.filter(kind=Kind.CHASE).values_list("recipient__username", flat=True)
    )
    assert told == ["daumoi", "daumoi.xa", "lanhdao"]
    for name in ["Sở Tài chính", commune.name]:
        row = office.get_by_test_id("board-row").filter(has_text=name).first
        expect(row.get_by_test_id("last-reminded")).not_to_have_text("—")
    untouched = office.get_by_test_id("board-row").filter(has_text="Sở Y tế").first
    expect(untouched.get_by_test_id("last-reminded")).to_have_text("—")
    expect(untouched.get_by_test_id("accounts")).to_contain_text("Chưa có lãnh đạo")
    office.get_by_label("Tên đơn vị", exact=True).fill("so tai chinh")  # narrows as one types
    expect(office.get_by_test_id("board-row")).to_have_count(1)
    screenshot(office, "board-walk-office-1280")

    # "Chọn tất cả chưa gửi", then the bodies without an account, on a phone.
    phone = new_page(browser, viewport=PHONE, is_mobile=True, has_touch=True)
    sign_in(phone, live_server.url, "thuongtruc")
    phone.goto(board_url + "?chua-tai-khoan=1&loai=department")
    expect(phone.get_by_test_id("board-row")).to_have_count(1)  # Sở Y tế: no head
    phone.get_by_test_id("pick-unsent").check()
    expect(phone.get_by_label("Chọn Sở Y tế")).to_be_checked()
    assert no_sideways_scroll(phone)
    screenshot(phone, "board-walk-office-360")


def test_the_error_pages_are_vietnamese_in_the_frame(
    live_server, people, browser, screenshot, late_period
):
    for size, options in [
        ("1280", {}),
        ("360", {"viewport": PHONE, "is_mobile": True, "has_touch": True}),
    ]:
        officer = new_page(browser, **options)
        sign_in(officer, live_server.url, "daumoi")
        officer.goto(live_server.url + "/khong-co-trang-nay/")
        expect(officer.get_by_role("heading", level=1)).to_have_text("Không tìm thấy trang này")
        expect(officer.get_by_test_id("current-user")).to_be_attached()  # in the menu
        expect(officer.get_by_test_id("error-home")).to_have_text("Về trang chủ")
        assert no_sideways_scroll(officer)
        screenshot(officer, f"board-walk-404-{size}")
        officer.get_by_test_id("error-back").click()  # back where he was: his body's page
        expect(officer).not_to_have_url(live_server.url + "/khong-co-trang-nay/")
        expect(officer.get_by_test_id("error-page")).to_have_count(0)

        officer.goto(live_server.url + reverse("reporting:board", args=[late_period.pk]))
        expect(officer.get_by_role("heading", level=1)).to_have_text(
            "Anh/Chị không có quyền xem trang này"
        )
        assert "Forbidden" not in officer.content()
        assert no_sideways_scroll(officer)
        screenshot(officer, f"board-walk-403-{size}")
