"""The report form, per-item saving with htmx, the workflow buttons and the body page's due list."""

import pytest
import time_machine
from django.urls import reverse

from theodoi.bodies.models import Body
from theodoi.reporting.models import Report, ReportState
from theodoi.reporting.services.reports import report_item_save, report_open

from .conftest import vn


@pytest.fixture
def opened(period, people):
    return report_open(period=period, body=people["daumoi"].body)


def form_url(report):
    return reverse("reporting:report", args=[report.body_id, report.period_id])


def test_a_focal_officer_sees_his_tasks_grouped_and_his_kpi(login, opened):
    page = login("daumoi").get(form_url(opened)).content.decode()
    assert "Nhiệm vụ chủ trì" in page and "Xây dựng kho dữ liệu" in page
    assert "Tỷ lệ hồ sơ trực tuyến" in page and "Tử số" in page
    assert "Gửi báo cáo" in page


def test_the_lead_sees_what_the_supporting_body_wrote(login, opened, period, people):
    health = report_open(period=period, body=Body.objects.get(name="Sở Y tế"))
    part = health.items.get()
    report_item_save(
        item=part,
        data={"results": "Đã cấp dữ liệu y tế"},
        user=people["daumoi.yte"],
        seen_version=1,
    )
    page = login("daumoi").get(form_url(opened)).content.decode()
    assert "Đã cấp dữ liệu y tế" in page and "Sở Y tế" in page
    item = opened.items.get()
    url = reverse("reporting:item_save", args=[opened.body_id, item.pk])
    login("daumoi").post(url, {"seen_version": "1", "results": "Tổng hợp"})
    page = login("daumoi").get(form_url(opened)).content.decode()
    assert "Tổng hợp" in page and "Đã cấp dữ liệu y tế" in page  # still beside the saved item


def test_an_item_saved_with_htmx_answers_with_its_status_not_the_fields_being_typed_in(
    login, opened
):
    item = opened.items.get()
    url = reverse("reporting:item_save", args=[opened.body_id, item.pk])
    data = {"seen_version": "1", "state": "in_progress", "percent": "30", "results": "Đang làm"}
    response = login("daumoi").post(url, data, HTTP_HX_REQUEST="true")
    answer = response.content.decode()
    assert "Đã lưu lúc" in answer and f'id="status-item-{item.pk}"' in answer
    assert 'name="results"' not in answer and "<textarea" not in answer
    assert f'id="seen-item-{item.pk}" name="seen_version" value="2" hx-swap-oob="true"' in answer
    item.refresh_from_db()
    assert (item.percent, item.version) == (30, 2)


def test_a_bad_date_shows_its_message_and_keeps_what_was_typed(login, opened):
    item = opened.items.get()
    url = reverse("reporting:item_save", args=[opened.body_id, item.pk])
    data = {"seen_version": "1", "state": "done", "percent": "100", "results": "Giữ lại chữ này"}
    response = login("daumoi").post(url, {**data, "evidence_date": "32/13/2026"})
    page = response.content.decode()
    assert "ngày/tháng/năm" in page and "Giữ lại chữ này" in page and "32/13/2026" in page
    item.refresh_from_db()
    assert item.results == "" and item.version == 1


def test_an_officer_cannot_save_another_bodys_item_through_his_own_body(login, period, opened):
    health = report_open(period=period, body=Body.objects.get(name="Sở Y tế"))
    item = health.items.get()
    url = reverse("reporting:item_save", args=[opened.body_id, item.pk])
    assert login("daumoi").post(url, {"seen_version": "1"}).status_code == 403


def seen(report, **data) -> dict:
    """A button's form: what it posts, with the report's version as the page shows it."""
    return {"seen_version": str(Report.objects.get(pk=report.pk).version), **data}


def test_the_report_goes_through_the_buttons(client, login, opened, people):
    args = [opened.body_id, opened.period_id]
    sent = {"seen_version": "1", "confirm_empty": "1"}  # its items are empty
    login("daumoi").post(reverse("reporting:report_submit", args=args), sent)
    opened.refresh_from_db()
    assert opened.state == ReportState.SUBMITTED
    login("lanhdao")
    response = client.post(reverse("reporting:report_return", args=args), seen(opened, comment=""))
    assert "Hãy ghi lý do trả lại." in client.get(response["Location"]).content.decode()
    returned = seen(opened, comment="Thiếu số liệu")
    client.post(reverse("reporting:report_return", args=args), returned)
    opened.refresh_from_db()
    assert opened.state == ReportState.RETURNED
    assert "Thiếu số liệu" in login("daumoi").get(form_url(opened)).content.decode()
    client.post(reverse("reporting:report_submit", args=args), seen(opened, confirm_empty="1"))
    login("lanhdao").post(reverse("reporting:report_approve", args=args), seen(opened))
    login("thuongtruc").post(reverse("reporting:report_accept", args=args), seen(opened))
    opened.refresh_from_db()
    assert opened.state == ReportState.ACCEPTED


def test_a_stale_submit_is_refused_with_a_message(login, opened):
    args = [opened.body_id, opened.period_id]
    client = login("daumoi")
    response = client.post(reverse("reporting:report_submit", args=args), {"seen_version": "9"})
    assert "Người khác vừa sửa mục này" in client.get(response["Location"]).content.decode()


@time_machine.travel(vn(2026, 3, 22, 9, 0), tick=False)
def test_the_body_page_shows_what_is_due_first_with_days_left(login, period, people):
    page = login("daumoi").get(reverse("bodies:detail", args=[people["daumoi"].body_id]))
    html = page.content.decode()
    assert "Báo cáo phải nộp" in html and "16:00 25/03/2026" in html and "còn 3 ngày" in html
    assert html.index("Báo cáo phải nộp") < html.index("Nhiệm vụ của đơn vị")


@time_machine.travel(vn(2026, 3, 27, 9, 0), tick=False)
def test_an_overdue_report_says_by_how_many_days(login, period, people):
    html = login("daumoi").get(reverse("bodies:detail", args=[people["daumoi"].body_id]))
    assert "quá hạn 2 ngày" in html.content.decode()


@time_machine.travel(vn(2026, 3, 22, 9, 0), tick=False)
def test_the_head_sees_what_waits_for_his_approval(login, opened, people):
    from theodoi.reporting.services.workflow import report_submit

    report_submit(report=opened, user=people["daumoi"])
    html = login("lanhdao").get(reverse("bodies:detail", args=[opened.body_id])).content.decode()
    assert "Chờ anh/chị duyệt" in html


def test_a_member_who_oversees_the_body_reads_the_report_without_a_form(login, period):
    health = report_open(period=period, body=Body.objects.get(name="Sở Y tế"))
    page = login("thanhvien").get(form_url(health)).content.decode()
    assert "Nhiệm vụ phối hợp" in page and "Xây dựng kho dữ liệu" in page
    assert "Lưu mục này" not in page and "Gửi báo cáo" not in page


def test_a_late_report_says_so(login, opened, people):
    from theodoi.reporting.services.workflow import report_submit

    report_submit(report=opened, user=people["daumoi"], now=vn(2026, 3, 26, 8, 0))
    page = login("lanhdao").get(form_url(opened)).content.decode()
    assert "nộp muộn" in page and "Duyệt" in page and "Lý do trả lại" in page


def test_a_completion_date_is_saved_only_for_a_task_done(login, opened, people):
    item = opened.items.get()
    item = report_item_save(
        item=item,
        data={"state": "done", "percent": "100", "done_on": "20/03/2026"},
        user=people["daumoi"],
        seen_version=1,
    )
    assert str(item.done_on) == "2026-03-20"
    item = report_item_save(
        item=item, data={"state": "in_progress"}, user=people["daumoi"], seen_version=2
    )
    assert item.done_on is None


def test_a_locked_period_without_a_report_says_so(login, period, people):
    period.locked_at = vn(2026, 4, 1, 0, 0)
    period.save()
    page = login("thuongtruc").get(
        reverse("reporting:report", args=[people["daumoi"].body_id, period.pk])
    )
    assert "đơn vị không có báo cáo trong kỳ này" in page.content.decode()


@time_machine.travel(vn(2026, 5, 10, 9, 0), tick=False)
def test_a_report_sent_long_ago_leaves_the_due_list_but_one_still_to_write_stays(
    opened, period, people
):
    from theodoi.reporting.selectors.reports import due_for_body
    from theodoi.reporting.services.workflow import report_submit

    officer = people["daumoi"]
    ours = [d for d in due_for_body(officer.body, user=officer) if d.period == period]
    assert [d.overdue_days for d in ours] == [46]
    report_submit(report=opened, user=officer)
    assert period not in [d.period for d in due_for_body(officer.body, user=officer)]


def test_the_office_reaches_the_board_and_the_reports_history_from_the_report(login, opened):
    page = login("thuongtruc").get(form_url(opened)).content.decode()
    assert reverse("reporting:board", args=[opened.period_id]) in page
    assert reverse("reporting:report_history", args=[opened.period_id, opened.body_id]) in page
