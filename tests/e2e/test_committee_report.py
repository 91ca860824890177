"""The committee's report of October 2026, on the demo's plans: Sở Tài chính and a
commune reported the month and the office accepted; the office opens the draft for
tháng 10/2026, rewrites a passage, generates the report, waits for its PDF and
downloads the Word file and the PDF — both say what the office wrote."""

import io

import pdfplumber
import pytest
from docx import Document
from playwright.sync_api import expect

from tests.e2e.conftest import no_sideways_scroll
from tests.e2e.journeys import sign_in
from theodoi.devtools.demo_plans import demo_plans_load
from theodoi.documents.services.committees import committee_of
from theodoi.documents.services.renditions import soffice
from theodoi.plans.models import Plan
from theodoi.reporting.models import Period
from theodoi.reporting.services import workflow
from theodoi.reporting.services.reports import report_item_save, report_open
from theodoi.reporting.tests.conftest import vn

pytestmark = pytest.mark.browser

RESULTS = "Đã số hóa 1.250 hồ sơ thủ tục hành chính trong tháng"
DIFFICULTIES = "Thiếu máy quét chuyên dụng tại bộ phận một cửa"
EDITED = "Trong tháng 10, Sở Tài chính đã số hóa 1.250 hồ sơ, đạt 62% kế hoạch năm"


def report_month(period, officer, head, office, texts):
    """The body's report of ``period``: its first task item filled, sent, accepted."""
    report = report_open(period=period, body=officer.body)
    item = report.items.filter(assignment__task__isnull=False).order_by("pk").first()
    data = {"state": "in_progress", "percent": "60", **texts}
    report_item_save(item=item, data=data, user=officer, seen_version=None)
    workflow.report_submit(report=report, user=officer)
    if head is not None:
        workflow.report_approve(report=report, user=head)
    workflow.report_accept(report=report, user=office)


@pytest.fixture
def october(people, media):
    office = people["thuongtruc"]
    demo_plans_load(user=office, now=vn(2026, 2, 26, 9, 0))
    plan = Plan.objects.get(year=2026)
    period = Period.objects.get(plan=plan, label="Tháng 10/2026")
    texts = {"results": RESULTS, "difficulties": DIFFICULTIES}
    report_month(period, people["daumoi"], people["lanhdao"], office, texts)
    commune = {"results": "Cấp xã đã tiếp nhận hồ sơ trực tuyến", "proposals": "Cấp máy quét"}
    report_month(period, people["daumoi.xa"], None, office, commune)
    return plan


def downloaded(page, testid) -> bytes:
    with page.expect_download() as info:
        page.get_by_test_id(testid).first.click()
    with open(info.value.path(), "rb") as stream:
        return stream.read()


def test_the_office_drafts_edits_and_generates_the_october_report(
    live_server, people, page, phone, screenshot, october
):
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) không có: không tạo được PDF")
    committee = committee_of(october)
    sign_in(page, live_server.url, "thuongtruc")
    page.goto(live_server.url + "/van-ban/")
    card = page.get_by_test_id("committee").filter(has_text=committee.name)
    form = card.get_by_test_id("draft-open")
    if not form.is_visible():
        card.locator("summary", has_text="Mở dự thảo báo cáo").click()
    form.get_by_label("Báo cáo theo", exact=True).select_option("month")
    form.get_by_label("Năm", exact=True).fill("2026")
    form.get_by_label("Kỳ thứ", exact=True).fill("10")
    form.get_by_role("button", name="Mở dự thảo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dự thảo báo cáo tháng 10/2026")

    passage = page.get_by_test_id("passage").filter(has_text=RESULTS)
    expect(passage).to_contain_text("(Sở Tài chính — ")
    expect(page.get_by_test_id("passage").filter(has_text=DIFFICULTIES)).to_have_count(1)
    passage.get_by_test_id("edit").click()
    editor = passage.get_by_test_id("edit-form")
    editor.get_by_label("Đoạn văn sẽ in trong báo cáo").fill(EDITED)
    editor.get_by_role("button", name="Lưu đoạn văn").click()
    edited = page.get_by_test_id("passage").filter(has_text=EDITED)
    expect(edited).to_contain_text("Đã sửa")
    edited.locator("summary", has_text="Xem đoạn gốc").click()
    expect(edited.locator("details")).to_contain_text(RESULTS)

    # The test server runs tasks at once: the PDF is made (LibreOffice) inside this request,
    # which on a busy machine takes longer than a click's default 15 s.
    page.get_by_role("button", name="Tạo văn bản").click(timeout=120_000)
    generation = page.get_by_test_id("rendition").first
    expect(generation).to_contain_text("Lần 1")
    expect(generation.get_by_test_id("download-pdf")).to_be_visible(timeout=90_000)

    word = Document(io.BytesIO(downloaded(page, "download-docx")))
    text = "\n".join(p.text for p in word.paragraphs)
    assert EDITED in text and RESULTS not in text
    with pdfplumber.open(io.BytesIO(downloaded(page, "download-pdf"))) as pdf:
        pdf_text = " ".join((p.extract_text() or "") for p in pdf.pages)
    assert "đạt 62% kế hoạch năm" in " ".join(pdf_text.split())
    screenshot(page, "documents-draft-1280")  # after the clicks: a full-page shot moves the page

    # On a phone: the same page, nothing wider than the screen.
    sign_in(phone, live_server.url, "thuongtruc")
    phone.goto(page.url)
    expect(phone.get_by_test_id("passage").filter(has_text=EDITED)).to_have_count(1)
    assert no_sideways_scroll(phone)
    screenshot(phone, "documents-draft-360")
    page.goto(live_server.url + "/van-ban/")
    screenshot(page, "documents-draft-home-1280")
    phone.goto(live_server.url + "/van-ban/")
    assert no_sideways_scroll(phone)
    screenshot(phone, "documents-draft-home-360")
