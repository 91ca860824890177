"""A red cell asks for an explanation: the chair asks from the overdue task on his
screen, the body's focal officer sees the request under the bell and on the body
page and answers, and the chair sees the answer beside the cell (1280 and 360 px)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import no_sideways_scroll
from tests.e2e.journeys import sign_in
from theodoi.dashboard.services.rollup import plan_rollup
from theodoi.reporting.tests.conftest import period, plan  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


def test_the_chair_asks_the_focal_officer_answers_the_chair_reads(
    live_server,
    people,
    plan,  # noqa: F811
    period,  # noqa: F811 (Tháng 3/2026: task 1 of Sở Tài chính, due 30/06, is overdue)
    page,
    phone,
    screenshot,
):
    plan_rollup(plan)
    task = plan.tasks.get(code="1")
    screen = live_server.url + reverse("dashboard:plan", args=[plan.pk])

    sign_in(page, live_server.url, "chutich")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(screen)
    row = page.locator(f'tr[data-task="{task.pk}"]')
    row.get_by_test_id("explain-open").click()
    form = row.get_by_test_id("explain-form")
    expect(form.get_by_label("Nội dung cần giải trình")).to_have_value(
        "Đề nghị Sở Tài chính giải trình về nhiệm vụ 1. Xây dựng kho dữ liệu."
    )
    deadline = form.get_by_label("Hạn giải trình").input_value()
    screenshot(page, "explain-ask-1280")
    form.get_by_test_id("explain-send").click()
    expect(row.get_by_test_id("explanation-waiting")).to_have_text(
        f"Đang chờ giải trình (hạn {deadline})"
    )

    sign_in(phone, live_server.url, "daumoi")
    expect(phone.get_by_test_id("bell-count")).to_have_text("1")
    phone.get_by_test_id("bell").click()
    phone.get_by_role("link", name="Yêu cầu giải trình: Sở Tài chính").click()
    request = phone.get_by_test_id("explanation-request")
    expect(request).to_contain_text("Xây dựng kho dữ liệu")
    request.get_by_label("Giải trình của đơn vị").fill("Đang chờ bố trí vốn, xong trong tháng 12.")
    screenshot(phone, "explain-answer-360")
    assert no_sideways_scroll(phone)
    request.get_by_test_id("explain-answer").click()
    expect(phone.get_by_text("Đã gửi giải trình.")).to_be_visible()
    expect(phone.get_by_test_id("explanation-requests")).to_have_count(0)

    page.goto(screen)
    answer = page.locator(f'tr[data-task="{task.pk}"]').get_by_test_id("explanation-answer")
    expect(answer).to_have_text("Đang chờ bố trí vốn, xong trong tháng 12.")
    screenshot(page, "explain-answered-1280")
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(screen)
    screenshot(page, "explain-answered-360")
    page.goto(live_server.url + reverse("dashboard:explanations"))
    expect(page.get_by_test_id("explanation-row")).to_have_attribute("data-state", "answered")
    screenshot(page, "explain-list-360")
