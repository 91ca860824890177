"""The office follows a period on its board: counts, an htmx name filter, the
late mark, a report's history; the plan page shows each task's class."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.journeys import sign_in
from theodoi.bodies.models import Body
from theodoi.plans.services.drafts import plan_draft_create
from theodoi.plans.services.publish import plan_publish
from theodoi.reporting.models import Report, ReportState
from theodoi.reporting.tests.conftest import SMALL_PLAN, vn

pytestmark = pytest.mark.browser


def test_the_office_narrows_the_board_by_name_and_opens_a_reports_history(
    live_server, people, page, screenshot
):
    plan = plan_draft_create(data=SMALL_PLAN)
    plan_publish(plan=plan, user=people["thuongtruc"], confirm_gaps=True)
    period = plan.periods.order_by("cutoff").first()
    finance = Body.objects.get(name="Sở Tài chính")
    Report.objects.create(
        period=period,
        body=finance,
        state=ReportState.SUBMITTED,
        version=2,
        late=True,
        submitted_at=vn(2026, 1, 20, 8, 0),
    )

    sign_in(page, live_server.url, "thuongtruc")
    page.wait_for_url("**/thuong-truc/**")
    page.goto(live_server.url + reverse("reporting:board", args=[period.pk]))
    expect(page.get_by_test_id("count-submitted")).to_contain_text("1")
    expect(page.get_by_test_id("late-count")).to_have_text("1")
    rows = page.get_by_test_id("board-row")
    assert rows.count() > 100  # every commune of the plan's commune group

    page.get_by_label("Tên đơn vị").fill("so tai chinh")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Nộp muộn")
    assert "q=so%20tai%20chinh" in page.url  # the filter is in the address, for a reload
    screenshot(page, "board-filtered")

    rows.get_by_role("link", name="Lịch sử").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sở Tài chính")

    page.goto(live_server.url + plan.get_absolute_url())
    expect(page.get_by_test_id("plan-status")).to_be_visible()
    expect(page.get_by_test_id("task-status").first).to_be_visible()
    screenshot(page, "plan-status")
