"""A month's report, in the browser: a commune's focal officer fills it on a phone and
sends it; the commune's head returns it with a comment; the officer corrects and
sends again; the head approves; the office accepts."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from conftest import PASSWORD
from tests.e2e.journeys import plan_with_period
from theodoi.accounts.models import Role, User
from theodoi.reporting.models import Report, ReportState

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"

COMMUNE_PLAN = {
    "document": {"type": "Kế hoạch", "title": "Kế hoạch chuyển đổi số cấp xã", "year": 2026},
    "sections": [{"code": "I", "path": "I", "title": "Nhiệm vụ"}],
    "tasks": [
        {
            "section": "I",
            "code": "1",
            "title": "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
            "lead": ["UBND xã, phường, đặc khu"],
            "support": [],
            "deadline": {"text": "Thường xuyên", "recurrence": "continuous"},
            "deliverable": "Hồ sơ số",
        }
    ],
    "indicators": [
        {
            "code": "1",
            "name": "Tỷ lệ hồ sơ giải quyết trực tuyến toàn trình",
            "unit": "%",
            "target": {"text": "≥ 80", "op": ">=", "value": 80},
            "lead": ["UBND xã, phường, đặc khu"],
            "support": [],
        }
    ],
}


@pytest.fixture
def month(people):
    """The published plan and an open period whose cut-off is three days ahead."""
    return plan_with_period(COMMUNE_PLAN, people["thuongtruc"])


@pytest.fixture
def commune_head(people):
    commune = people["daumoi.xa"].body
    return User.objects.create_user(
        "lanhdao.xa", "lanhdao.xa@theodoi.local", PASSWORD, role=Role.HEAD, body=commune
    )


def signed_in(browser, base_url, username, **options):
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", **options)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(base_url + "/")
    page.get_by_label("Tên đăng nhập hoặc e-mail").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/" if username == "thuongtruc" else "**/don-vi/**")
    return page


def state_of(period, body) -> str:
    return Report.objects.get(period=period, body=body).state


def test_a_commune_reports_its_month_from_officer_to_head_to_office(
    live_server, people, browser, screenshot, month, commune_head, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    commune = people["daumoi.xa"].body
    phone = {"viewport": {"width": 360, "height": 780}, "is_mobile": True, "has_touch": True}

    # The officer's home says first what is due and when.
    officer = signed_in(browser, live_server.url, "daumoi.xa", **phone)
    due = officer.get_by_test_id("report-due")
    expect(due).to_contain_text("Tháng này")
    expect(due).to_contain_text("còn 3 ngày")
    screenshot(officer, "reporting-phone-due")
    due.get_by_role("link", name="Tháng này").click()
    # A visit writes nothing: the officer opens the report with a button.
    with officer.expect_navigation():  # to the report, loaded with its scripts
        officer.get_by_role("button", name="Bắt đầu báo cáo").click()
    expect(officer.get_by_test_id("report-state")).to_have_text("Đang soạn")

    # One task, saved on its own.
    item = officer.get_by_test_id("report-item").first
    item.get_by_label("Tình trạng").select_option(label="Đang thực hiện")
    item.get_by_label("Tỷ lệ hoàn thành (%)").fill("60")
    item.get_by_label("Kết quả đạt được").fill("Đã số hóa 1.200 hồ sơ")
    item.get_by_label("Ngày văn bản").fill("05/03/2026")
    item.get_by_label("Văn bản chứng minh: số, ký hiệu").fill("15/BC-UBND")
    item.get_by_role("button", name="Lưu mục này").click()
    expect(officer.get_by_test_id("item-saved")).to_be_visible()
    item.get_by_label("Đính kèm tệp").set_input_files(
        files=[{"name": "bien-ban.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    item.get_by_role("button", name="Tải lên").click()
    expect(item.get_by_role("link", name="bien-ban.pdf")).to_be_visible()

    # The KPI is a rate: numerator and denominator, the value follows.
    kpi = officer.get_by_test_id("report-kpi")
    kpi.get_by_test_id("kpi-summary").click()  # items and KPIs fold to one line each
    kpi.get_by_label("Tử số").fill("45")
    kpi.get_by_label("Mẫu số").fill("50")
    kpi.get_by_role("button", name="Lưu chỉ tiêu").click()
    expect(officer.get_by_test_id("kpi-saved")).to_be_visible()
    expect(officer.get_by_label("Giá trị (%)")).to_have_value("90")
    assert officer.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(officer, "reporting-phone-form")

    officer.get_by_role("button", name="Gửi báo cáo").click()  # a check first, then send
    officer.get_by_role("button", name="Xác nhận gửi báo cáo").click()
    expect(officer.get_by_test_id("report-state")).to_have_text("Đã gửi, chờ lãnh đạo duyệt")
    assert state_of(month, commune) == ReportState.SUBMITTED

    # The head finds it waiting for him and returns it with a comment.
    head = signed_in(browser, live_server.url, "lanhdao.xa")
    expect(head.get_by_test_id("report-due")).to_contain_text("Chờ anh/chị duyệt")
    head.get_by_test_id("report-due").get_by_role("link", name="Tháng này").click()
    expect(head.get_by_test_id("report-item")).to_contain_text("Đã số hóa 1.200 hồ sơ")
    head.get_by_label("Lý do trả lại").fill("Bổ sung số hồ sơ của tháng này")
    head.get_by_role("button", name="Trả lại").click()
    expect(head.get_by_test_id("report-state")).to_have_text("Bị trả lại")
    assert state_of(month, commune) == ReportState.RETURNED
    screenshot(head, "reporting-head-returned")

    # The officer sees why, corrects the item and sends again.
    officer.reload()
    expect(officer.get_by_test_id("return-comment")).to_contain_text("Bổ sung số hồ sơ")
    item = officer.get_by_test_id("report-item").first
    item.get_by_test_id("item-summary").click()
    item.get_by_label("Kết quả đạt được").fill("Đã số hóa 1.200 hồ sơ, trong tháng 350 hồ sơ")
    item.get_by_role("button", name="Lưu mục này").click()
    expect(officer.get_by_test_id("item-saved")).to_be_visible()
    screenshot(officer, "reporting-phone-corrected")
    officer.get_by_role("button", name="Gửi báo cáo").click()
    officer.get_by_role("button", name="Xác nhận gửi báo cáo").click()
    expect(officer.get_by_test_id("report-state")).to_have_text("Đã gửi, chờ lãnh đạo duyệt")
    assert state_of(month, commune) == ReportState.SUBMITTED

    # The head approves.
    head.reload()
    expect(head.get_by_test_id("report-item")).to_contain_text("trong tháng 350 hồ sơ")
    head.get_by_role("button", name="Duyệt").click()
    expect(head.get_by_test_id("report-state")).to_have_text("Chờ thường trực tiếp nhận")
    assert state_of(month, commune) == ReportState.APPROVED

    # The office finds it among the reports waiting for it, and accepts.
    office = signed_in(browser, live_server.url, "thuongtruc")
    office.goto(live_server.url + reverse("reporting:review"))
    office.get_by_test_id("review-row").get_by_role("link", name=commune.name).click()
    expect(office.get_by_test_id("report-kpi")).to_contain_text("90")
    office.get_by_test_id("item-summary").first.click()  # items fold to one line each
    with office.expect_download() as download:
        office.get_by_role("link", name="bien-ban.pdf").click()
    assert download.value.suggested_filename == "bien-ban.pdf"
    office.get_by_role("button", name="Tiếp nhận").click()
    expect(office.get_by_test_id("report-state")).to_have_text("Thường trực đã tiếp nhận")
    assert state_of(month, commune) == ReportState.ACCEPTED
    assert not Report.objects.get(period=month, body=commune).late
    screenshot(office, "reporting-office-accepted")

    # The period's board shows it accepted.
    board = reverse("reporting:board", args=[month.pk])
    office.goto(f"{live_server.url}{board}?trang-thai=accepted")
    expect(office.get_by_test_id("board-row")).to_have_count(1)
    expect(office.get_by_test_id("board-row")).to_contain_text(commune.name)


def test_an_item_not_saved_for_a_lost_connection_says_so_and_keeps_the_text(
    live_server, people, browser, month
):
    officer = signed_in(
        browser, live_server.url, "daumoi.xa", viewport={"width": 360, "height": 780}
    )
    officer.goto(
        live_server.url + reverse("reporting:report", args=[people["daumoi.xa"].body_id, month.pk])
    )
    with officer.expect_navigation():  # a visit writes nothing: the officer opens it
        officer.get_by_role("button", name="Bắt đầu báo cáo").click()
    item = officer.get_by_test_id("report-item").first
    item.get_by_label("Kết quả đạt được").fill("Viết khi mất mạng")
    officer.route("**/muc/**", lambda route: route.abort("internetdisconnected"))
    item.get_by_role("button", name="Lưu mục này").click()
    expect(officer.get_by_test_id("item-offline")).to_be_visible()
    expect(item.get_by_label("Kết quả đạt được")).to_have_value("Viết khi mất mạng")
    officer.unroute("**/muc/**")
    item.get_by_role("button", name="Lưu mục này").click()
    expect(officer.get_by_test_id("item-saved")).to_be_visible()
    expect(officer.get_by_test_id("item-offline")).to_be_hidden()
    report = Report.objects.get(period=month, body=people["daumoi.xa"].body)
    assert report.items.get().results == "Viết khi mất mạng"
