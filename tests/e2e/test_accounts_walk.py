"""Accounts and approval, in the browser (issue 12, points 6 and 7): the office
imports accounts from an XLSX file and sees on the body list who has one; a commune
without a head sends its report straight to the office; once the office requires
the head's approval, it approves on the head's behalf, with a reason."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook
from playwright.sync_api import expect

from theodoi.accounts.models import User
from theodoi.notify.models import Kind, Notification
from theodoi.reporting.models import Approval, Report, ReportState

from .conftest import no_sideways_scroll
from .journeys import plan_with_period, sign_in
from .test_reporting_month import COMMUNE_PLAN

pytestmark = pytest.mark.browser


@pytest.fixture
def month(people):
    return plan_with_period(COMMUNE_PLAN, people["thuongtruc"])


def accounts_xlsx() -> bytes:
    book = Workbook()
    for row in [
        ["Họ và tên", "E-mail", "Điện thoại", "Đơn vị", "Vai trò"],
        ["Võ Thị Thu", "thu@stp.angiang.gov.vn", "0296 3852 111", "Sở Tư pháp", "đầu mối"],
        ["Đặng Văn Long", "long@stp.angiang.gov.vn", "", "Sở Tư pháp", "lãnh đạo"],
    ]:
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def send(officer):
    officer.get_by_role("button", name="Gửi báo cáo").click()
    officer.get_by_test_id("send-confirm").click()  # the check before sending


def test_the_office_imports_accounts_and_a_commune_without_head_finishes(
    live_server, people, page, phone, screenshot, month
):
    url = live_server.url
    commune = people["daumoi.xa"].body
    report_url = url + reverse("reporting:report", args=[commune.pk, month.pk])

    # The office imports two accounts from a spreadsheet: preview first, then create.
    sign_in(page, url, "thuongtruc")
    page.goto(url + reverse("accounts:import"))
    page.get_by_label("Tệp danh sách tài khoản (.csv hoặc .xlsx)").set_input_files(
        files=[
            {
                "name": "tai-khoan.xlsx",
                "mimeType": "application/octet-stream",
                "buffer": accounts_xlsx(),
            }
        ]
    )
    page.get_by_role("button", name="Xem trước").click()
    expect(page.get_by_test_id("import-preview")).to_contain_text("Sẽ tạo 2 tài khoản")
    screenshot(page, "accounts-import-preview")
    page.get_by_test_id("import-confirm").click()
    expect(page.locator(".messages")).to_contain_text("Đã tạo 2 tài khoản")
    assert User.objects.filter(body__name="Sở Tư pháp").count() == 2
    assert Notification.objects.filter(kind=Kind.WELCOME).count() == 2

    # The body list says who has accounts; the filter keeps those without.
    page.goto(url + reverse("bodies:list") + "?q=Sở Tư pháp")
    row = page.get_by_test_id("body-row").filter(has_text="Sở Tư pháp")
    expect(row.get_by_test_id("focal-count")).to_have_text("1")
    expect(row.get_by_test_id("head-count")).to_have_text("1")
    page.goto(url + reverse("bodies:list") + "?tai-khoan=chua-co")
    expect(page.get_by_test_id("body-row").filter(has_text="Sở Tư pháp")).to_have_count(0)
    expect(page.get_by_test_id("body-row").first).to_contain_text("chưa có")
    screenshot(page, "accounts-body-list")

    # The commune has no head: its officer sends, and the report reaches the office.
    sign_in(phone, url, "daumoi.xa")
    phone.goto(report_url)
    with phone.expect_navigation():  # a visit writes nothing: the officer opens it
        phone.get_by_role("button", name="Bắt đầu báo cáo").click()
    send(phone)
    expect(phone.get_by_test_id("report-state")).to_have_text("Chờ thường trực tiếp nhận")
    expect(phone.get_by_test_id("approval-note")).to_have_text(
        "Đơn vị không có lãnh đạo duyệt: báo cáo chuyển thẳng tới thường trực"
    )
    assert no_sideways_scroll(phone)
    screenshot(phone, "accounts-commune-sent-phone")

    # The office returns it, and requires the head's approval for this commune.
    page.goto(report_url)
    page.get_by_label("Lý do trả lại").fill("Bổ sung số liệu tháng")
    page.get_by_role("button", name="Trả lại").click()
    expect(page.get_by_test_id("report-state")).to_have_text("Bị trả lại")
    page.goto(url + reverse("bodies:edit", args=[commune.pk]))
    page.get_by_label("Lãnh đạo đơn vị duyệt báo cáo").select_option("required")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_test_id("account-coverage")).to_contain_text("Lãnh đạo: 0")
    screenshot(page, "accounts-body-detail")

    # Sent again, it waits for a head the commune does not have: the page says so.
    phone.goto(report_url)
    send(phone)
    expect(phone.get_by_test_id("report-state")).to_have_text("Đã gửi, chờ lãnh đạo duyệt")
    expect(phone.get_by_test_id("no-approver")).to_be_visible()

    # The office is told, and approves on the head's behalf with a reason.
    assert Notification.objects.filter(
        recipient=people["thuongtruc"], kind=Kind.SUBMITTED, subject__contains="không có ai duyệt"
    ).exists()
    page.goto(report_url)
    expect(page.get_by_test_id("no-approver")).to_be_visible()
    screenshot(page, "accounts-office-approve-on-behalf")
    page.get_by_label("Lý do duyệt thay lãnh đạo đơn vị").fill("Xã chưa có tài khoản lãnh đạo")
    page.get_by_role("button", name="Thường trực duyệt thay").click()
    expect(page.get_by_test_id("approval-note")).to_contain_text(
        "Thường trực duyệt thay: Xã chưa có tài khoản lãnh đạo"
    )
    report = Report.objects.get(period=month, body=commune)
    assert report.state == ReportState.APPROVED and report.approval == Approval.OFFICE
    screenshot(page, "accounts-office-approved-on-behalf")
    phone.goto(report_url)
    expect(phone.get_by_test_id("approval-note")).to_contain_text("Thường trực duyệt thay")
    assert no_sideways_scroll(phone)
    screenshot(phone, "accounts-approved-on-behalf-phone")

    # The office's pages of this walk fit a phone too.
    phone.context.clear_cookies()
    sign_in(phone, url, "thuongtruc")
    for path in [reverse("accounts:import"), reverse("bodies:list") + "?tai-khoan=chua-co"]:
        phone.goto(url + path)
        assert no_sideways_scroll(phone), path
        screenshot(phone, "accounts-" + ("import" if "nhap" in path else "body-list") + "-phone")
