"""Acceptance (issue 12, point 8): the office publishes the NQ 03 plan — ~380 names of
ministries — with bulk resolution: one choice for "Bộ KH&CN" changes every cell,
undo and redo, ministries marked "ngoài tỉnh" at once; the next plan resolves the
name by itself."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS, no_sideways_scroll
from tests.e2e.journeys import sign_in
from tests.e2e.test_review import upload
from theodoi.bodies.models import Body
from theodoi.bodies.names import is_central_name, name_key
from theodoi.plans.models import AgencyItem, PlanStatus

pytestmark = pytest.mark.browser

NQ03 = Path(__file__).resolve().parents[1] / "fixtures" / "plans" / "nq03-cp-2025.md"
SCIENCE = "Sở Khoa học và Công nghệ"


def items_of(plan):
    return AgencyItem.objects.filter(task__plan=plan) | AgencyItem.objects.filter(
        indicator__plan=plan
    )


def cells_named(plan, text):
    """An independent count of the cells of the draft with this name."""
    return [i for i in items_of(plan) if name_key(i.text) == name_key(text)]


def unknown_count(plan):
    return items_of(plan).filter(body=None, group=None, outside=False, chosen=None).count()


def shot(element, name):
    """The review grid of a 140-task plan is too tall to photograph whole: its part."""
    element.screenshot(path=SCREENSHOTS / f"{name}.png")


def science_row(page):
    """The row of the list for the ministry of science, however the plan spells it."""
    name = page.locator("td.name", has_text=re.compile(r"^\s*Bộ (KH&CN|Khoa học và Công nghệ)"))
    return page.get_by_test_id("unknown-name").filter(has=name).first


def choose_science(page, row):
    row.get_by_role("button", name="Chọn đơn vị…").click()
    picker = page.get_by_test_id("picker")
    picker.get_by_label("Tìm trong danh mục").fill("khoa hoc va cong nghe")
    result = picker.locator("#picker-results li", has_text=SCIENCE).first
    with page.expect_navigation(wait_until="domcontentloaded", timeout=60_000):  # HX-Refresh
        result.get_by_role("button", name="Là đơn vị này").click()


def test_the_office_publishes_nq03_resolving_names_in_bulk(
    live_server, people, page, phone, screenshot
):
    sign_in(page, live_server.url, "thuongtruc")
    plan = upload(page, live_server.url, NQ03)
    science_cells = len(cells_named(plan, "Bộ KH&CN"))
    assert science_cells > 50
    unknown_before = unknown_count(plan)
    assert unknown_before >= 380

    names = page.get_by_test_id("unknown-names")
    rows = names.get_by_test_id("unknown-name")
    expect(rows.first).to_be_visible()
    counts = [int(c) for c in rows.locator("td.count").all_inner_texts()]
    assert counts == sorted(counts, reverse=True) and sum(counts) == unknown_before
    shot(names, "publish-bulk-names")
    page.get_by_role("link", name="Ban hành…").click()
    expect(page.get_by_test_id("unresolved-name")).to_have_count(len(counts))
    screenshot(page, "publish-bulk-refused")
    page.go_back()

    # Before anything is typed the picker does not say "Không tìm thấy".
    row = science_row(page)
    row.get_by_role("button", name="Chọn đơn vị…").click()
    picker = page.get_by_test_id("picker")
    expect(picker.get_by_test_id("same-name")).to_contain_text(f"{science_cells} ô")
    expect(picker).not_to_contain_text("Không tìm thấy")
    picker.get_by_role("button", name="Đóng").click()

    # One choice: every cell with the name.
    choose_science(page, row)
    expect(page.locator(".messages")).to_contain_text(f"Đã áp dụng cho {science_cells} ô")
    science = Body.objects.get(name=SCIENCE)
    assert all(i.body_id == science.pk for i in cells_named(plan, "Bộ KH&CN"))
    assert unknown_count(plan) == unknown_before - science_cells

    # Undo: all of them back, in one step; then again ("redo").
    page.get_by_role("button", name="Hoàn tác thay đổi cuối").click()
    expect(page.locator(".messages")).to_contain_text(f"{science_cells} ô")
    assert unknown_count(plan) == unknown_before
    choose_science(page, science_row(page))
    assert unknown_count(plan) == unknown_before - science_cells

    # Every ministry and central body "ngoài tỉnh" at once.
    central = page.get_by_role("button", name=re.compile("Đánh dấu mọi tên Bộ, ngành trung ương"))
    undecided = items_of(plan).filter(body=None, group=None, outside=False, chosen=None)
    central_cells = sum(1 for i in undecided if is_central_name(i.text))
    central.click()
    expect(page.locator(".messages")).to_contain_text(f"Đã áp dụng cho {central_cells} ô")
    assert items_of(plan).filter(outside=True).count() == central_cells > 200
    shot(page.get_by_test_id("unknown-names"), "publish-bulk-after-central")

    # What is left is mixed ("Bộ, ngành, địa phương"): the office marks each one.
    while page.get_by_test_id("unknown-name").count():
        page.get_by_test_id("unknown-name").first.get_by_role("button", name="Ngoài tỉnh").click()
        page.wait_for_load_state()
    assert unknown_count(plan) == 0
    expect(page.get_by_test_id("unresolved-count")).to_contain_text("Mọi tên đơn vị đã xác định")

    page.get_by_role("link", name="Ban hành…").click()
    confirm = page.get_by_test_id("publish-confirm")
    screenshot(page, "publish-bulk-confirm")
    agree = confirm.get_by_label("Tôi đã xem danh sách và đồng ý ban hành")
    if agree.count():
        agree.check()
    confirm.get_by_role("button", name="Ban hành").click()
    page.wait_for_url(f"**{plan.get_absolute_url()}")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED and plan.year == 2025

    # A second plan with the same name resolves it by itself.
    second = upload(page, live_server.url, NQ03)
    assert all(i.body_id == science.pk for i in cells_named(second, "Bộ KH&CN"))
    assert unknown_count(second) == unknown_before - science_cells

    # The list on a phone.
    sign_in(phone, live_server.url, "thuongtruc")
    phone.goto(live_server.url + reverse("plans:review", args=[second.pk]))
    expect(phone.get_by_test_id("unknown-names")).to_be_visible()
    shot(phone.get_by_test_id("unknown-names"), "publish-bulk-names-phone")
    phone.get_by_test_id("unknown-name").first.get_by_role("button", name="Chọn đơn vị…").click()
    expect(phone.get_by_test_id("picker")).to_be_visible()
    shot(phone.get_by_test_id("picker"), "publish-bulk-picker-phone")
    assert no_sideways_scroll(phone)
    phone.goto(live_server.url + reverse("plans:publish", args=[second.pk]))
    expect(phone.get_by_test_id("publish-refused")).to_be_visible()
    screenshot(phone, "publish-bulk-refused-phone")
    assert no_sideways_scroll(phone)
