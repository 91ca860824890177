"""The report form as people live it (issue 12, points 4, 5, 9 and 12): a commune's
officer on a phone — items that save as she types, the progress, the next empty item,
the check before sending; nothing typed is lost when she sends; and the head's summary
of what changed since the previous period."""

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS, no_sideways_scroll
from tests.e2e.journeys import sign_in
from theodoi.plans.services.drafts import plan_draft_create
from theodoi.plans.services.publish import plan_publish
from theodoi.reporting.models import ItemState, Period, Report, ReportingRule, ReportState
from theodoi.reporting.services.reports import kpi_value_save, report_item_save, report_open
from theodoi.reporting.services.workflow import report_submit

pytestmark = pytest.mark.browser

SENT = {ReportState.SUBMITTED, ReportState.APPROVED}  # a body without a head: straight on


def plan_for(body_name: str, tasks: int) -> dict:
    return {
        "document": {"type": "Kế hoạch", "title": "Kế hoạch chuyển đổi số", "year": 2026},
        "sections": [{"code": "I", "path": "I", "title": "Nhiệm vụ"}],
        "tasks": [
            {
                "section": "I",
                "code": str(n),
                "title": f"Nhiệm vụ số {n}: triển khai nền tảng số cho người dân và doanh nghiệp",
                "lead": [body_name],
                "support": [],
                "deadline": {"text": "Thường xuyên", "recurrence": "continuous"},
                "deliverable": "Báo cáo",
            }
            for n in range(1, tasks + 1)
        ],
        "indicators": [
            {
                "code": "1",
                "name": "Số hồ sơ trực tuyến",
                "unit": "hồ sơ",
                "target": {"text": "≥ 100", "op": ">=", "value": 100},
                "lead": [body_name],
                "support": [],
            }
        ],
    }


def period_of(plan, label: str, days_to_cutoff: int) -> Period:
    rule = plan.reporting_rules.first() or ReportingRule.objects.create(
        plan=plan, frequency="monthly", due_day=25, due_time="16:00"
    )
    cutoff_day = timezone.localdate() + timedelta(days=days_to_cutoff)
    return Period.objects.create(
        rule=rule,
        plan=plan,
        label=label,
        starts_on=cutoff_day - timedelta(days=30),
        ends_on=cutoff_day - timedelta(days=5),
        cutoff=timezone.make_aware(datetime.combine(cutoff_day, time(16, 0))),
    )


@pytest.fixture
def commune_month(people):
    """The commune's plan (four tasks, one KPI) and its open month."""
    plan = plan_draft_create(data=plan_for("UBND xã, phường, đặc khu", 4))
    plan_publish(plan=plan, user=people["thuongtruc"], confirm_gaps=True)
    return period_of(plan, "Tháng này", 3)


def open_report(page, base_url, username, period, body_id):
    sign_in(page, base_url, username)
    page.goto(base_url + reverse("reporting:report", args=[body_id, period.pk]))
    start = page.get_by_role("button", name="Bắt đầu báo cáo")  # not opened yet
    if start.count():
        with page.expect_navigation():  # to the report, loaded with its scripts
            start.click()
    return page


def items_of(page):
    return page.get_by_test_id("report-item")


def leaving_asks(page) -> bool:
    """Whether leaving the page now would ask first (the beforeunload handler)."""
    return page.evaluate(
        "() => { const e = new Event('beforeunload', {cancelable: true});"
        " window.dispatchEvent(e); return e.defaultPrevented; }"
    )


def test_the_commune_officer_fills_and_sends_the_report_on_a_phone(
    live_server, people, phone, page, screenshot, commune_month
):
    commune = people["daumoi.xa"].body
    officer = open_report(phone, live_server.url, "daumoi.xa", commune_month, commune.pk)
    report = Report.objects.get(period=commune_month, body=commune)
    items = items_of(officer)
    progress = officer.get_by_test_id("report-progress")
    expect(progress).to_have_text("0/5 đã nhập")
    # One line per item; the first empty one open.
    expect(officer.locator("details.fold[open]")).to_have_count(1)
    expect(items.nth(1).get_by_label("Kết quả đạt được")).to_be_hidden()
    assert no_sideways_scroll(officer)
    screenshot(officer, "report-phone-folded-360")
    # What the phone shows: the bar with the progress and the send button at the bottom.
    officer.screenshot(path=str(SCREENSHOTS / "report-phone-viewport-360.png"))

    # Typed, not saved by hand: saved all the same, and said so.
    first = items.nth(0)
    first.get_by_label("Kết quả đạt được").fill("Đã lập danh mục dữ liệu của xã")
    expect(first.get_by_test_id("item-saved")).to_contain_text("Đã lưu lúc")
    expect(progress).to_have_text("1/5 đã nhập")
    assert report.items.filter(results="Đã lập danh mục dữ liệu của xã").count() == 1

    # The next empty item: opened and shown.
    officer.get_by_test_id("next-empty").click()
    second = items.nth(1)
    expect(second.get_by_label("Kết quả đạt được")).to_be_visible()
    expect(second.get_by_label("Kết quả đạt được")).to_be_in_viewport()

    # "Hoàn thành" at 30 %: saved, but shown as a problem, and the send is refused.
    second.get_by_label("Tình trạng").select_option(label="Hoàn thành")
    second.get_by_label("Tỷ lệ hoàn thành (%)").fill("30")
    expect(second.get_by_test_id("item-problems")).to_contain_text("chưa tới 100")
    expect(second.get_by_test_id("item-state")).to_contain_text("Hoàn thành · 30%")
    officer.get_by_role("button", name="Gửi báo cáo").click()
    check = officer.get_by_test_id("send-check")
    expect(check.get_by_test_id("send-inconsistent")).to_contain_text("I/2 Nhiệm vụ số 2")
    expect(check.get_by_test_id("send-confirm")).to_have_count(0)
    assert no_sideways_scroll(officer)
    screenshot(officer, "report-phone-inconsistent-360")

    # Corrected: the warning is only about the empty items, and she sends anyway.
    second.get_by_label("Tỷ lệ hoàn thành (%)").fill("100")
    second.get_by_label("Ngày hoàn thành (nếu đã xong)").fill(
        timezone.localdate().strftime("%d/%m/%Y")
    )
    second.get_by_label("Văn bản chứng minh: số, ký hiệu").fill("15/BC-UBND")
    expect(second.get_by_test_id("item-problems")).to_be_hidden()
    expect(progress).to_have_text("2/5 đã nhập")
    officer.get_by_role("button", name="Gửi báo cáo").click()
    expect(check.get_by_test_id("send-empty")).to_contain_text("Còn 3/5 mục chưa nhập")
    assert not leaving_asks(officer)  # everything typed is saved
    screenshot(officer, "report-phone-send-check-360")
    check.get_by_role("button", name="Gửi dù còn 3 mục chưa nhập").click()
    expect(officer.get_by_test_id("report-state")).not_to_have_text("Đang soạn")
    report.refresh_from_db()
    assert report.state in SENT
    done = report.items.get(state=ItemState.DONE)
    assert (done.percent, done.evidence_ref, done.done_on) == (
        100,
        "15/BC-UBND",
        timezone.localdate(),
    )
    assert no_sideways_scroll(officer)
    screenshot(officer, "report-phone-sent-360")

    # The same form at 1280.
    desktop = open_report(page, live_server.url, "thuongtruc", commune_month, commune.pk)
    expect(desktop.get_by_test_id("report-item")).to_have_count(4)
    screenshot(desktop, "report-sent-office-1280")


def test_three_items_typed_without_saving_are_all_saved_when_sending(
    live_server, people, page, screenshot, commune_month
):
    commune = people["daumoi.xa"].body
    officer = open_report(page, live_server.url, "daumoi.xa", commune_month, commune.pk)
    items = items_of(officer)
    for n in range(3):
        if n:  # the first is open already
            items.nth(n).get_by_test_id("item-summary").click()
        items.nth(n).get_by_label("Kết quả đạt được").fill(f"Kết quả mục {n + 1}")
    assert leaving_asks(officer)  # typed, not yet saved
    screenshot(officer, "report-typed-1280")
    officer.get_by_role("button", name="Gửi báo cáo").click()
    officer.get_by_role("button", name="Gửi dù còn 2 mục chưa nhập").click()
    expect(officer.get_by_test_id("report-state")).not_to_have_text("Đang soạn")
    report = Report.objects.get(period=commune_month, body=commune)
    assert report.state in SENT
    saved = set(report.items.exclude(results="").values_list("results", flat=True))
    assert saved == {"Kết quả mục 1", "Kết quả mục 2", "Kết quả mục 3"}


def test_an_item_changed_by_someone_else_is_named_and_the_send_refused(
    live_server, people, page, screenshot, commune_month
):
    commune = people["daumoi.xa"].body
    officer = open_report(page, live_server.url, "daumoi.xa", commune_month, commune.pk)
    report = Report.objects.get(period=commune_month, body=commune)
    first, second = report.items.order_by("assignment__task__position")[:2]
    # Meanwhile, from another device, the second item is changed.
    report_item_save(
        item=second, data={"results": "Từ máy khác"}, user=people["daumoi.xa"], seen_version=1
    )
    items = items_of(officer)
    items.nth(0).get_by_label("Kết quả đạt được").fill("Mục một")
    items.nth(1).get_by_test_id("item-summary").click()
    items.nth(1).get_by_label("Kết quả đạt được").fill("Mục hai, gõ ở đây")
    officer.get_by_role("button", name="Gửi báo cáo").click()
    refusal = officer.get_by_test_id("send-unsaved-items")
    expect(refusal).to_contain_text("I/2 Nhiệm vụ số 2")
    expect(refusal).not_to_contain_text("I/1")
    expect(items.nth(1).get_by_test_id("item-error")).to_contain_text("Người khác vừa sửa mục này")
    expect(items.nth(1).get_by_label("Kết quả đạt được")).to_have_value("Mục hai, gõ ở đây")
    assert leaving_asks(officer)
    screenshot(officer, "report-unsaved-refused-1280")
    report.refresh_from_db()
    second.refresh_from_db()
    first.refresh_from_db()
    assert report.state == ReportState.DRAFT
    assert (first.results, second.results) == ("Mục một", "Từ máy khác")


@pytest.fixture
def finance_two_months(people):
    """Sở Tài chính's last month (sent) and this month (sent, waiting for its head)."""
    plan = plan_draft_create(data=plan_for("Sở Tài chính", 3))
    plan_publish(plan=plan, user=people["thuongtruc"], confirm_gaps=True)
    officer = people["daumoi"]
    last = report_open(period=period_of(plan, "Tháng trước", -27), body=officer.body)
    for item in last.items.all():
        data = {"state": ItemState.IN_PROGRESS, "percent": "40", "results": "Tháng trước"}
        report_item_save(item=item, data=data, user=officer, seen_version=1)
    kpi = last.kpi_values.get()
    kpi_value_save(kpi_value=kpi, data={"value": "40"}, user=officer, seen_version=1)
    report_submit(report=last, user=officer)
    this = report_open(period=period_of(plan, "Tháng này", 3), body=officer.body)
    first, second, _third = this.items.order_by("assignment__task__position")
    report_item_save(item=first, data={"percent": "70"}, user=officer, seen_version=1)
    data = {"difficulties": "Chưa có kinh phí thuê dịch vụ"}
    report_item_save(item=second, data=data, user=officer, seen_version=1)
    kpi = this.kpi_values.get()
    kpi_value_save(kpi_value=kpi, data={"value": "65"}, user=officer, seen_version=1)
    report_submit(report=this, user=officer)
    return this


def test_the_head_sees_what_changed_since_last_month(
    live_server, people, page, phone, screenshot, finance_two_months
):
    report = finance_two_months
    for viewer, width in [(page, 1280), (phone, 360)]:
        head = open_report(viewer, live_server.url, "lanhdao", report.period, report.body_id)
        changes = head.get_by_test_id("report-changes")
        expect(changes).to_contain_text("Thay đổi so với Tháng trước")
        expect(changes.get_by_test_id("change")).to_have_count(3)  # two items and the KPI
        expect(changes).to_contain_text("40% → 70%")
        expect(changes).to_contain_text("khó khăn mới")
        expect(changes).to_contain_text("giá trị 40 → 65")
        expect(head.get_by_test_id("item-previous")).to_have_count(3)
        expect(head.get_by_test_id("item-previous").first).to_have_text(
            "Kỳ trước: Đang thực hiện, 40%"
        )
        changes.get_by_role("link").nth(1).click()  # the second item: opened
        expect(head.get_by_text("Chưa có kinh phí thuê dịch vụ")).to_be_visible()
        assert no_sideways_scroll(head)
        screenshot(head, f"report-head-changes-{width}")


@pytest.fixture
def long_commune_month(people):
    """A commune's month of thirty tasks (a long report: one line per item), half written."""
    plan = plan_draft_create(data=plan_for("UBND xã, phường, đặc khu", 30))
    plan_publish(plan=plan, user=people["thuongtruc"], confirm_gaps=True)
    period = period_of(plan, "Tháng này", 3)
    officer = people["daumoi.xa"]
    report = report_open(period=period, body=officer.body)
    for item in report.items.order_by("assignment__task__position")[:15]:
        data = {"state": ItemState.IN_PROGRESS, "percent": "40", "results": "Đang triển khai"}
        report_item_save(item=item, data=data, user=officer, seen_version=1)
    return report


@pytest.mark.parametrize("width", [1280, 360])
def test_a_long_report_loads_an_item_when_it_is_opened(
    live_server, people, browser, long_commune_month, width
):
    report = long_commune_month
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="vi-VN")
    officer = open_report(
        context.new_page(), live_server.url, "daumoi.xa", report.period, report.body_id
    )
    items = items_of(officer)
    expect(items).to_have_count(30)
    expect(officer.locator("form[data-autosave]")).to_have_count(2)  # the first empty item, the KPI
    assert no_sideways_scroll(officer)
    officer.screenshot(
        path=str(SCREENSHOTS / f"reportpage_folded_{width}.png"), full_page=width > 400
    )
    first = items.nth(0)
    first.get_by_test_id("item-summary").click()  # loaded now
    expect(first.get_by_label("Kết quả đạt được")).to_have_value("Đang triển khai")
    # Meanwhile, from another device, the item is changed: the save is refused in place.
    item = report.items.order_by("assignment__task__position").first()
    report_item_save(
        item=item, data={"results": "Từ máy khác"}, user=people["daumoi.xa"], seen_version=2
    )
    first.get_by_label("Kết quả đạt được").fill("Gõ ở đây")
    expect(first.get_by_test_id("item-error")).to_contain_text("Người khác vừa sửa mục này")
    expect(first.get_by_label("Kết quả đạt được")).to_have_value("Gõ ở đây")
    first.screenshot(path=str(SCREENSHOTS / f"reportpage_conflict_{width}.png"))
    # Another item, opened and saved.
    second = items.nth(1)
    second.get_by_test_id("item-summary").click()
    second.get_by_label("Tỷ lệ hoàn thành (%)").fill("55")
    expect(second.get_by_test_id("item-saved")).to_contain_text("Đã lưu lúc")
    expect(second.get_by_test_id("item-state")).to_contain_text("55%")
    officer.screenshot(path=str(SCREENSHOTS / f"reportpage_opened_{width}.png"))
    # "Mục chưa nhập tiếp theo" opens a folded item, loads it and puts the cursor in it.
    officer.get_by_test_id("next-empty").click()  # the first empty one, open already
    officer.get_by_test_id("next-empty").click()
    expect(items.nth(16).get_by_label("Tình trạng")).to_be_focused()
    context.close()
