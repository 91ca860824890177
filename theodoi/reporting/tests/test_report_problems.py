"""What is empty or inconsistent in a report, and the refusal to send it (issue 12, point 5)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from theodoi.reporting.models import (
    EvidenceFile,
    ItemState,
    KpiValue,
    Report,
    ReportItem,
    ReportState,
)
from theodoi.reporting.services.checks import report_problems, report_progress
from theodoi.reporting.services.reports import (
    kpi_value_save,
    plan_completeness_set,
    report_item_save,
    report_open,
)
from theodoi.reporting.services.workflow import report_submit

from .conftest import vn

MOMENT = vn(2026, 3, 20, 8, 0)  # the 20th of March: before the cut-off


@pytest.fixture
def opened(period, people):
    return report_open(period=period, body=people["daumoi"].body)


def save(report, user, **data):
    item = report.items.get()
    return report_item_save(item=item, data=data, user=user, seen_version=item.version)


def fill_kpi(report, user):
    kpi = report.kpi_values.get()
    kpi_value_save(kpi_value=kpi, data={"value": "12"}, user=user, seen_version=kpi.version)


def empty_in_db(report) -> int:
    """An independent count: items as opened (nothing typed) and KPI values without one."""
    items = ReportItem.objects.filter(
        report=report,
        state=ItemState.NOT_STARTED,
        percent=0,
        results="",
        difficulties="",
        proposals="",
        evidence_ref="",
        evidence_date__isnull=True,
        done_on__isnull=True,
        files__isnull=True,
    ).count()
    return items + KpiValue.objects.filter(report=report, value__isnull=True).count()


DONE = {"state": ItemState.DONE, "percent": "100", "done_on": "10/03/2026"}


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({**DONE, "percent": "30", "evidence_ref": "12/BC"}, "tỷ lệ hoàn thành chưa tới 100"),
        ({**DONE, "done_on": "", "evidence_ref": "12/BC"}, "chưa ghi ngày hoàn thành"),
        (DONE, "chưa có sản phẩm"),
        ({"state": ItemState.IN_PROGRESS, "percent": "100"}, "chưa là “Hoàn thành”"),
        ({"state": ItemState.NOT_STARTED, "percent": "20"}, "“Chưa triển khai” nhưng tỷ lệ"),
        ({**DONE, "done_on": "30/03/2026", "evidence_ref": "12/BC"}, "30/03/2026 chưa tới"),
    ],
)
def test_an_inconsistent_item_is_saved_but_blocks_sending_named(opened, people, data, problem):
    officer = people["daumoi"]
    saved = save(opened, officer, results="Đã làm", **data)  # saving never refuses for this
    fill_kpi(opened, officer)
    assert saved.version == 2
    found = report_problems(opened, now=MOMENT)
    assert [item.pk for item, _ in found.inconsistent] == [saved.pk]
    assert any(problem in text for text in found.inconsistent[0][1])
    with pytest.raises(ValidationError) as refusal:
        report_submit(report=opened, user=officer, now=MOMENT, confirm_empty=True)
    assert "mâu thuẫn" in refusal.value.messages[0]
    assert "I/1 Xây dựng kho dữ liệu" in refusal.value.messages[0]
    assert Report.objects.get(pk=opened.pk).state == ReportState.DRAFT


def test_a_consistent_done_item_with_a_file_as_its_product_is_sent(opened, people):
    officer = people["daumoi"]
    item = save(opened, officer, **DONE)
    EvidenceFile.objects.create(
        item=item,
        file="evidence/bien-ban.pdf",
        original_name="bien-ban.pdf",
        content_type="application/pdf",
        size=10,
        uploaded_by=officer,
    )
    fill_kpi(opened, officer)
    found = report_problems(opened, now=MOMENT)
    assert (found.inconsistent, found.empty_count, found.filled) == ([], 0, 2)
    sent = report_submit(report=opened, user=officer, now=MOMENT, confirm_empty=False)
    assert sent.state in {ReportState.SUBMITTED, ReportState.APPROVED}


def test_empty_items_need_the_officers_confirmation(opened, people):
    officer = people["daumoi"]
    found = report_problems(opened, now=MOMENT)
    assert found.empty_count == empty_in_db(opened) == 2
    assert not found.blocks
    with pytest.raises(ValidationError) as refusal:
        report_submit(report=opened, user=officer, now=MOMENT, confirm_empty=False)
    assert "Còn 2 mục chưa nhập" in refusal.value.messages[0]
    assert Report.objects.get(pk=opened.pk).state == ReportState.DRAFT
    sent = report_submit(report=opened, user=officer, now=MOMENT, confirm_empty=True)
    assert sent.state != ReportState.DRAFT


def test_a_plan_that_requires_every_item_refuses_empty_ones_even_confirmed(opened, people, plan):
    officer = people["daumoi"]
    plan_completeness_set(plan=plan, require_every_item=True, user=people["thuongtruc"])
    save(opened, officer, state=ItemState.IN_PROGRESS, percent="40", results="Đang làm")
    found = report_problems(opened, now=MOMENT)
    assert found.empty_count == empty_in_db(opened) == 1 and found.blocks
    with pytest.raises(ValidationError) as refusal:
        report_submit(report=opened, user=officer, now=MOMENT, confirm_empty=True)
    assert "yêu cầu nhập đủ mọi mục, còn 1 mục chưa nhập" in refusal.value.messages[0]
    fill_kpi(opened, officer)
    assert report_submit(report=opened, user=officer, now=MOMENT).state != ReportState.DRAFT


def test_only_the_office_sets_the_rule_and_the_change_is_recorded(plan, people):
    with pytest.raises(PermissionDenied):
        plan_completeness_set(plan=plan, require_every_item=True, user=people["daumoi"])
    plan_completeness_set(plan=plan, require_every_item=True, user=people["thuongtruc"])
    plan.refresh_from_db()
    assert plan.reports_require_every_item
    last = plan.history.latest("history_date")
    assert last.history_user == people["thuongtruc"]
    assert last.history_change_reason == "reporting.plan.completeness_set"
    assert last.reports_require_every_item


def test_a_completion_date_is_in_the_future_only_after_today(opened, people):
    save(opened, people["daumoi"], **DONE, evidence_ref="12/BC")
    assert report_problems(opened, now=vn(2026, 3, 10, 8, 0)).inconsistent == []
    assert ReportItem.objects.get(report=opened).done_on == date(2026, 3, 10)
    assert report_problems(opened, now=vn(2026, 3, 9, 23, 0)).inconsistent


EMPTY_FIELDS = {
    "state": ItemState.NOT_STARTED,
    "percent": 0,
    "done_on": None,
    "evidence_date": None,
    "results": "",
    "difficulties": "",
    "proposals": "",
    "evidence_ref": "",
}


@pytest.mark.parametrize(
    "change",
    [
        {},
        "blanks",  # saved as blanks only: still empty
        {"results": "Đã họp"},
        {"proposals": "Đề nghị"},
        {"evidence_ref": "12/BC"},
        {"percent": 30},
        {"state": ItemState.IN_PROGRESS},
        {"done_on": date(2026, 3, 2)},
        {"evidence_date": date(2026, 3, 2)},
        "file",
        "kpi",
    ],
)
def test_the_counted_progress_is_what_the_problems_say(opened, people, change):
    """``report_progress`` counts in the database what ``report_problems`` finds item by item."""
    ReportItem.objects.filter(report=opened).update(**EMPTY_FIELDS)
    item = opened.items.get()
    if change == "file":
        EvidenceFile.objects.create(
            item=item,
            file="evidence/a.pdf",
            original_name="a.pdf",
            content_type="application/pdf",
            size=10,
            uploaded_by=people["daumoi"],
        )
    elif change == "blanks":
        save(opened, people["daumoi"], results="  \n ", state=ItemState.NOT_STARTED, percent="0")
    elif change == "kpi":
        fill_kpi(opened, people["daumoi"])
    else:
        ReportItem.objects.filter(pk=item.pk).update(**change)
    found, counted = report_problems(opened, now=MOMENT), report_progress(opened)
    assert (counted.filled, counted.total) == (found.filled, found.total)
    assert counted.filled == (0 if change in ({}, "blanks") else 1)
