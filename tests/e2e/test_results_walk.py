"""What was reported, where people look: Sở Tài chính reported its month and the office
accepted it; the chair opens the plan, the task (the body's results and evidence),
the KPI (its value), and writes an "ý kiến chỉ đạo" on the item; the body's head
finds the notice under the bell and the thread on the report."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, no_sideways_scroll
from tests.e2e.journeys import plan_with_period, sign_in
from theodoi.reporting.models import ItemComment
from theodoi.reporting.services import workflow
from theodoi.reporting.services.evidence import evidence_add
from theodoi.reporting.services.reports import kpi_value_save, report_item_save, report_open

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"

PLAN = {
    "document": {"type": "Kế hoạch", "title": "Kế hoạch chuyển đổi số năm 2026", "year": 2026},
    "sections": [{"code": "I", "path": "I", "title": "Hạ tầng số"}],
    "tasks": [
        {
            "section": "I",
            "code": "1",
            "title": "Nâng cấp trung tâm dữ liệu của tỉnh",
            "lead": ["Sở Tài chính"],
            "support": [],
            "deadline": {"text": "Thường xuyên", "recurrence": "continuous"},
            "deliverable": "Trung tâm dữ liệu",
        }
    ],
    "indicators": [
        {
            "code": "1",
            "name": "Tỷ lệ hồ sơ giải quyết trực tuyến toàn trình",
            "unit": "%",
            "target": {"text": "≥ 80", "op": ">=", "value": 80},
            "lead": ["Sở Tài chính"],
            "support": [],
        }
    ],
}

RESULTS = "Đã lắp đặt 12 máy chủ, chuyển 30 hệ thống lên trung tâm dữ liệu"
ADVICE = "Đề nghị Sở hoàn thành chuyển đổi các hệ thống còn lại trước 30/6"


@pytest.fixture
def accepted(people, media):
    """Sở Tài chính's month, filled by its officer, approved by its head, accepted."""
    period = plan_with_period(PLAN, people["thuongtruc"])
    plan = period.plan
    officer, head = people["daumoi"], people["lanhdao"]
    report = report_open(period=period, body=officer.body)
    item = report.items.get()
    fields = {"state": "in_progress", "percent": "70", "results": RESULTS}
    report_item_save(
        item=item, data={**fields, "evidence_ref": "25/BC-STC"}, user=officer, seen_version=None
    )
    evidence_add(item=item, upload=SimpleUploadedFile("bien-ban.pdf", PDF), user=officer)
    kpi_value_save(
        kpi_value=report.kpi_values.get(),
        data={"numerator": "45", "denominator": "50"},
        user=officer,
        seen_version=None,
    )
    workflow.report_submit(report=report, user=officer)
    workflow.report_approve(report=report, user=head)
    workflow.report_accept(report=report, user=people["thuongtruc"])
    return plan, item


def test_the_chair_reads_the_results_and_the_head_sees_his_advice(
    live_server, people, page, phone, screenshot, accepted
):
    plan, item = accepted

    # The chair: plan list → the plan → the task.
    sign_in(page, live_server.url, "chutich")
    page.goto(live_server.url + "/ke-hoach/")
    page.get_by_role("link", name=plan.title).click()
    kpi_table = page.locator("table.indicators")
    expect(kpi_table.get_by_test_id("kpi-actual")).to_contain_text("90 %")
    expect(kpi_table.get_by_test_id("kpi-actual")).to_contain_text("Đạt")
    kpi_table.scroll_into_view_if_needed()
    screenshot(page, "results-chair-plan-1280")
    page.get_by_role("link", name="Nâng cấp trung tâm dữ liệu của tỉnh").click()
    result = page.get_by_test_id("task-result")
    expect(result).to_contain_text("Sở Tài chính")
    expect(result).to_contain_text(RESULTS)
    expect(result).to_contain_text("25/BC-STC")
    expect(result.get_by_role("link", name="bien-ban.pdf")).to_be_visible()
    expect(result.get_by_role("link", name="Mở báo cáo của đơn vị")).to_be_visible()
    screenshot(page, "results-chair-task-1280")

    # The KPI page: the value, its period and body.
    page.go_back()
    page.get_by_role("link", name="Tỷ lệ hồ sơ giải quyết trực tuyến toàn trình").click()
    expect(page.get_by_test_id("kpi-actual")).to_contain_text("90 %")
    expect(page.get_by_test_id("kpi-actual")).to_contain_text("Sở Tài chính, kỳ Tháng này")
    expect(page.get_by_test_id("indicator-value")).to_contain_text("(45/50)")
    screenshot(page, "results-chair-kpi-1280")
    page.set_viewport_size(PHONE)
    assert no_sideways_scroll(page)
    screenshot(page, "results-chair-kpi-360")
    page.set_viewport_size({"width": 1280, "height": 800})

    # Back on the task, the chair writes his advice on the item.
    page.go_back()
    page.get_by_role("link", name="Nâng cấp trung tâm dữ liệu của tỉnh").click()
    thread = page.get_by_test_id("item-comments")
    thread.locator("summary").click()
    thread.get_by_label("Ý kiến của anh/chị").fill(ADVICE)
    thread.get_by_role("button", name="Gửi ý kiến").click()
    expect(page.get_by_test_id("item-comment")).to_contain_text(ADVICE)
    expect(page.get_by_test_id("item-comment")).to_contain_text("Hồ Văn Mừng")
    assert ItemComment.objects.get().author == people["chutich"]
    page.set_viewport_size(PHONE)
    assert no_sideways_scroll(page)
    screenshot(page, "results-chair-task-360")

    # The head, on his phone: the bell, the notice, the thread under the item.
    sign_in(phone, live_server.url, "lanhdao")
    phone.get_by_test_id("bell").click()
    notice = phone.get_by_test_id("notification").filter(has_text="Ý kiến chỉ đạo về báo cáo")
    expect(notice).to_have_count(1)
    assert no_sideways_scroll(phone)
    screenshot(phone, "results-head-notice-360")
    notice.get_by_role("link").click()
    phone.wait_for_url(f"**#item-{item.pk}")
    card = phone.locator(f"#item-{item.pk}")
    mine = card.get_by_test_id("item-comment")
    expect(mine).to_contain_text(ADVICE)
    if not mine.is_visible():  # the item is folded on the read-only report: he opens it
        card.get_by_test_id("item-summary").click()
    expect(mine).to_be_visible()
    assert no_sideways_scroll(phone)
    screenshot(phone, "results-head-thread-360")
