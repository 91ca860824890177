"""A body's own report as an official document: read back with python-docx, and
through LibreOffice with pdfplumber.

Sở Tài chính leads task 1 and KPI 1 of a small plan and supports task 3; its report
of March 2026 is filled in the database, and the document must say the same.
"""

import io
import shutil
from datetime import date
from decimal import Decimal

import pdfplumber
import pytest
from django.urls import reverse
from django.utils import translation
from docx import Document

from theodoi.documents.body_report import body_report_docx, short_name
from theodoi.documents.pdf import docx_to_pdf
from theodoi.documents.tests.test_pdf import SCREENSHOTS
from theodoi.plans.services.drafts import plan_draft_create
from theodoi.plans.services.publish import plan_publish
from theodoi.reporting.models import KpiValue, ReportingRule, ReportItem
from theodoi.reporting.services.reports import report_open
from theodoi.reporting.tests.conftest import SMALL_PLAN, month_period, vn

pytestmark = pytest.mark.django_db

SUPPORTED = {
    "section": "I",
    "code": "3",
    "title": "Đào tạo cán bộ",
    "lead": ["Sở Y tế"],
    "support": ["Sở Tài chính"],
    "deadline": {"text": "31/12/2026", "due": "2026-12-31"},
    "deliverable": "Lớp học",
}
TEXTS = {
    "1": ("in_progress", 60, "Đã dựng 3/5 phân hệ & nhập 1.200 hồ sơ", "Thiếu máy chủ", "Cấp vốn"),
    "3": ("done", 100, "Cử 12 người dự lớp <cơ bản>", "", ""),
}


def filled_report(people, *, title="Kế hoạch chuyển đổi số"):
    """Sở Tài chính's report of March 2026, every item and its KPI filled."""
    data = {**SMALL_PLAN, "tasks": [*SMALL_PLAN["tasks"], SUPPORTED]}
    data = {**data, "document": {**SMALL_PLAN["document"], "title": title}}
    plan = plan_draft_create(data=data)
    plan_publish(plan=plan, user=people["thuongtruc"], confirm_gaps=True, now=vn(2026, 1, 2, 8))
    rule = ReportingRule.objects.create(plan=plan, frequency="monthly", due_day=25)
    report = report_open(period=month_period(rule, 3), body=people["daumoi"].body)
    for item in report.items.select_related("assignment__task"):
        state, percent, results, difficulties, proposals = TEXTS[item.assignment.task.code]
        item.state, item.percent, item.results = state, percent, results
        item.difficulties, item.proposals = difficulties, proposals
        item.save()
    report.kpi_values.update(value=Decimal("82.5"), numerator=165, denominator=200)
    return report


@pytest.fixture
def report(people):
    return filled_report(people)


def all_texts(docx):
    texts = [p.text for p in docx.paragraphs]
    for table in docx.tables:
        for cell in table._cells:
            texts += [p.text for p in cell.paragraphs]
    return [t for t in texts if t.strip()]


def test_short_name_is_the_folded_initials():
    assert short_name("Sở Tài chính") == "STC"
    assert short_name("Sở Khoa học và Công nghệ") == "SKHVCN"
    assert short_name("Đài Phát thanh") == "DPT"


def test_the_docx_says_what_the_database_holds(report, people):
    docx = Document(io.BytesIO(body_report_docx(report, day=date(2026, 3, 24), number=7)))
    texts = all_texts(docx)
    joined = "\n".join(texts)
    assert "UBND TỈNH AN GIANG" in joined and "SỞ TÀI CHÍNH" in joined
    assert "Số: 7/BC-STC" in joined
    assert "ngày 24 tháng 3 năm 2026" in joined
    assert "Kết quả thực hiện Kế hoạch chuyển đổi số tháng 3/2026" in texts
    lead = texts.index("1. Nhiệm vụ chủ trì")
    support = texts.index("2. Nhiệm vụ phối hợp")
    assert lead < support, "the tasks the body leads come first"
    for item in ReportItem.objects.filter(report=report).select_related("assignment__task"):
        assert f"Kết quả đạt được: {item.results}" in texts
        if item.difficulties:
            assert f"Khó khăn, vướng mắc: {item.difficulties}" in texts
            assert f"Đề xuất, kiến nghị: {item.proposals}" in texts
    assert "Tình trạng: Đang thực hiện; tỷ lệ hoàn thành: 60%." in texts
    assert texts.index("Kết quả đạt được: Cử 12 người dự lớp <cơ bản>") > support
    kpi = KpiValue.objects.get(report=report)
    row = next(r for r in docx.tables if r.rows[0].cells[0].text == "STT").rows[1]
    cells = [c.text for c in row.cells]
    assert cells[1] == kpi.indicator.name and cells[3] == "≥ 80"
    assert cells[4] == "82,5 (165/200)"
    assert "GIÁM ĐỐC SỞ" in texts and "Lê Văn Hùng" in texts  # the head's account
    assert "- Ban Chỉ đạo (qua Thường trực);" in texts and "- Lưu: VT." in texts


def test_without_a_head_account_the_head_signs_by_title(report, people):
    people["lanhdao"].delete()
    texts = all_texts(Document(io.BytesIO(body_report_docx(report, day=date(2026, 3, 24)))))
    assert "THỦ TRƯỞNG CƠ QUAN" in texts
    assert "Số:      /BC-STC" in "\n".join(texts)


def test_the_document_stays_vietnamese_for_a_reader_in_english(report):
    with translation.override("en"):
        docx = body_report_docx(report, day=date(2026, 3, 24))
    assert "Tình trạng: Hoàn thành; tỷ lệ hoàn thành: 100%." in all_texts(
        Document(io.BytesIO(docx))
    )


def test_the_body_downloads_its_report_others_are_refused(report, login):
    url = reverse("documents:body_report_docx", args=[report.pk])
    for username in ("daumoi", "lanhdao", "thuongtruc", "uyvien", "chutich"):
        response = login(username).get(url)
        assert response.status_code == 200, username
        assert response["Content-Disposition"].endswith('bao-cao-so-tai-chinh-thang-3-2026.docx"')
        Document(io.BytesIO(response.content))
    for username in ("daumoi.yte", "thanhvien"):
        assert login(username).get(url).status_code == 403, username


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is missing")
def test_the_pdf_through_libreoffice_says_the_same(report):
    pdf = docx_to_pdf(body_report_docx(report, day=date(2026, 3, 24)))
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        text = " ".join(" ".join(p.extract_text() or "" for p in document.pages).split())
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        document.pages[0].to_image(resolution=80).save(SCREENSHOTS / "body-report-page1.png")
    assert "UBND TỈNH AN GIANG" in text and "SỞ TÀI CHÍNH" in text
    assert "BÁO CÁO" in text and "Số: /BC-STC" in text
    assert "Đã dựng 3/5 phân hệ & nhập 1.200 hồ sơ" in text
    assert "Cử 12 người dự lớp <cơ bản>" in text
    assert "82,5 (165/200)" in text
    assert "Lê Văn Hùng" in text
