"""The report form's pages (issue 12): autosave answers, the check before sending, the
office's rule on empty items, and the head's summary of what changed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from theodoi.plans.services.drafts import plan_draft_create
from theodoi.plans.services.publish import plan_publish
from theodoi.reporting.models import ItemState, Report, ReportingRule, ReportState
from theodoi.reporting.selectors.reports import report_changes, report_form
from theodoi.reporting.services.reports import kpi_value_save, report_item_save, report_open
from theodoi.reporting.services.workflow import report_submit

from .conftest import SMALL_PLAN, month_period, vn


@pytest.fixture
def opened(period, people):
    return report_open(period=period, body=people["daumoi"].body)


def item_url(item):
    return reverse("reporting:item_save", args=[item.report.body_id, item.pk])


def report_url(report, name="reporting:report"):
    return reverse(name, args=[report.body_id, report.period_id])


def test_a_stale_autosave_is_refused_the_text_kept_and_the_page_stays_stale(login, opened, people):
    item = opened.items.get()
    report_item_save(
        item=item, data={"results": "Của người khác"}, user=people["lanhdao"], seen_version=1
    )
    client = login("daumoi")
    typed = {"seen_version": "1", "results": "Tôi vừa gõ"}
    response = client.post(item_url(item), typed, HTTP_HX_REQUEST="true")
    card = response.content.decode()
    assert response["HX-Retarget"] == f"#item-{item.pk}" and response["HX-Reswap"] == "outerHTML"
    assert "Người khác vừa sửa mục này" in card and "Tôi vừa gõ" in card
    # The card keeps the version the page had: the next autosave is refused too.
    assert f'id="seen-item-{item.pk}" name="seen_version" value="1"' in card
    client.post(item_url(item), typed, HTTP_HX_REQUEST="true")
    item.refresh_from_db()
    assert (item.results, item.version) == ("Của người khác", 2)


def test_an_inconsistent_item_is_saved_and_shows_its_problem(login, opened):
    item = opened.items.get()
    data = {"seen_version": "1", "state": ItemState.DONE, "percent": "30"}
    answer = login("daumoi").post(item_url(item), data, HTTP_HX_REQUEST="true").content.decode()
    item.refresh_from_db()
    assert (item.state, item.percent) == (ItemState.DONE, 30)
    assert "Đã lưu lúc" in answer and "tỷ lệ hoàn thành chưa tới 100" in answer
    assert f'id="problems-item-{item.pk}"' in answer


def test_the_progress_counts_what_is_entered_and_follows_each_save(login, opened):
    client = login("daumoi")
    page = client.get(report_url(opened)).content.decode()
    assert "0/2 đã nhập" in page
    item = opened.items.get()
    data = {"seen_version": "1", "results": "Đã làm"}
    assert "1/2 đã nhập" in client.post(item_url(item), data).content.decode()
    kpi = opened.kpi_values.get()
    url = reverse("reporting:kpi_save", args=[opened.body_id, kpi.pk])
    answer = client.post(url, {"seen_version": "1", "value": "14,5"}).content.decode()
    assert "2/2 đã nhập" in answer and 'name="value"' not in answer


def test_the_check_before_sending_names_inconsistent_items_and_blocks(login, opened, people):
    item = opened.items.get()
    report_item_save(
        item=item,
        data={"state": ItemState.DONE, "percent": "100"},
        user=people["daumoi"],
        seen_version=1,
    )
    url = report_url(opened, "reporting:report_check")
    panel = login("daumoi").get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "mâu thuẫn" in panel and f'#item-{item.pk}">I/1 Xây dựng kho dữ liệu</a>' in panel
    assert "chưa ghi ngày hoàn thành" in panel and "chưa có sản phẩm" in panel
    assert 'data-testid="send-confirm"' not in panel and "<html" not in panel


def test_the_check_offers_to_send_with_empty_items_and_the_send_needs_that_answer(login, opened):
    client = login("daumoi")
    panel = client.get(report_url(opened, "reporting:report_check")).content.decode()
    assert "Còn 2/2 mục chưa nhập" in panel and "Gửi dù còn 2 mục chưa nhập" in panel
    assert 'name="confirm_empty" value="1"' in panel and "<html" in panel  # a page of its own
    sent = client.post(report_url(opened, "reporting:report_submit"), {"seen_version": "1"})
    assert "Còn 2 mục chưa nhập" in client.get(sent["Location"]).content.decode()
    assert Report.objects.get(pk=opened.pk).state == ReportState.DRAFT
    sent = {"confirm_empty": "1", "seen_version": "1"}
    client.post(report_url(opened, "reporting:report_submit"), sent)
    assert Report.objects.get(pk=opened.pk).state != ReportState.DRAFT


def test_the_office_sets_on_the_rules_page_whether_empty_items_block(login, plan, people):
    url = reverse("reporting:plan_completeness", args=[plan.pk])
    assert login("daumoi").post(url, {"reports_require_every_item": "on"}).status_code == 403
    office = login("thuongtruc")
    page = office.get(reverse("reporting:rules", args=[plan.pk])).content.decode()
    assert "Báo cáo phải nhập đủ mọi mục mới gửi được" in page
    office.post(url, {"reports_require_every_item": "on"})
    plan.refresh_from_db()
    assert plan.reports_require_every_item
    assert plan.history.latest("history_date").history_user == people["thuongtruc"]
    office.post(url, {})
    plan.refresh_from_db()
    assert not plan.reports_require_every_item


THREE_TASKS = {
    **SMALL_PLAN,
    "tasks": [
        {**SMALL_PLAN["tasks"][0], "code": str(n), "title": f"Nhiệm vụ {n}", "support": []}
        for n in (1, 2, 3)
    ],
}


@pytest.fixture
def two_months(people):
    """A plan with three tasks and a KPI for Sở Tài chính: March sent, April sent."""
    plan = plan_draft_create(data=THREE_TASKS)
    plan_publish(plan=plan, user=people["thuongtruc"], confirm_gaps=True, now=vn(2026, 1, 2))
    rule = ReportingRule.objects.create(plan=plan, frequency="monthly", due_day=25)
    officer = people["daumoi"]
    march = report_open(period=month_period(rule, 3), body=officer.body)
    for item in march.items.all():
        data = {"state": ItemState.IN_PROGRESS, "percent": "40", "results": "Tháng 3"}
        report_item_save(item=item, data=data, user=officer, seen_version=1)
    kpi = march.kpi_values.get()
    kpi_value_save(kpi_value=kpi, data={"value": "10"}, user=officer, seen_version=1)
    report_submit(report=march, user=officer, now=vn(2026, 3, 20))
    april = report_open(period=month_period(rule, 4), body=officer.body)
    first, second, _third = april.items.order_by("assignment__task__position")
    report_item_save(item=first, data={"percent": "60"}, user=officer, seen_version=1)
    report_item_save(
        item=second, data={"difficulties": "Thiếu kinh phí"}, user=officer, seen_version=1
    )
    report_submit(report=april, user=officer, now=vn(2026, 4, 20))
    return april


def test_the_head_sees_what_changed_since_the_previous_period(login, two_months):
    page = login("lanhdao").get(report_url(two_months)).content.decode()
    assert "Thay đổi so với Tháng 3/2026" in page
    assert page.count('data-testid="change"') == 2  # the third task did not change
    assert "40% → 60%" in page and "khó khăn mới" in page
    assert page.count("Kỳ trước: Đang thực hiện, 40%") == 3 and "Kỳ trước: 10" in page


def test_what_changed_is_read_in_three_queries_whatever_the_number_of_items(two_months):
    assert two_months.period.plan_id  # the page has the period at hand already
    form = report_form(two_months)
    with CaptureQueriesContext(connection) as queries:
        changes = report_changes(form)
    assert len(queries) == 3
    assert len(changes.changes) == 2 and all(item.previous for item in form.lead)


def test_the_officer_writing_the_report_gets_no_summary(login, opened):
    page = login("daumoi").get(report_url(opened)).content.decode()
    assert 'data-testid="report-changes"' not in page and "report-form.js" in page


def test_a_first_report_has_no_summary_and_opens_no_item_to_its_reader(login, opened, people):
    writing = login("daumoi").get(report_url(opened)).content.decode()
    assert writing.count('<details class="fold" open>') == 1  # the first empty item
    report_submit(report=opened, user=people["daumoi"], now=vn(2026, 3, 20))
    page = login("lanhdao").get(report_url(opened)).content.decode()
    assert 'data-testid="report-changes"' not in page
    assert '<details class="fold" open>' not in page
