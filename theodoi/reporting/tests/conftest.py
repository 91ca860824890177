"""A published plan with one monthly period, and the reports of its bodies."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from theodoi.plans.services.drafts import plan_draft_create
from theodoi.plans.services.publish import plan_publish
from theodoi.reporting.models import Period, Report, ReportingRule

VN = ZoneInfo("Asia/Ho_Chi_Minh")

SMALL_PLAN = {
    "document": {
        "type": "Kế hoạch",
        "title": "Kế hoạch thử",
        "year": 2026,
        "bases": [{"text": "Căn cứ"}],
    },
    "sections": [{"code": "I", "path": "I", "title": "Phần một"}],
    "tasks": [
        {
            "section": "I",
            "code": "1",
            "title": "Xây dựng kho dữ liệu",
            "lead": ["Sở Tài chính"],
            "support": ["Sở Y tế"],
            "deadline": {"text": "30/6/2026", "due": "2026-06-30"},
            "deliverable": "Kho dữ liệu",
        },
        {
            "section": "I",
            "code": "2",
            "title": "Số hóa hồ sơ",
            "lead": ["UBND xã, phường, đặc khu"],
            "support": [],
            "deadline": {"text": "Thường xuyên", "recurrence": "continuous"},
            "deliverable": "Hồ sơ số",
        },
    ],
    "indicators": [
        {
            "code": "1",
            "name": "Tỷ lệ hồ sơ trực tuyến",
            "unit": "%",
            "target": {"text": "≥ 80", "op": ">=", "value": 80},
            "lead": ["Sở Tài chính"],
            "support": [],
        },
    ],
}


def vn(*args) -> datetime:
    return datetime(*args, tzinfo=VN)


def month_period(rule, month: int, *, due_day: int = 25) -> Period:
    """The rule's period "Tháng <month>/2026": figures from the 15th of the month
    before to the 14th, due on ``due_day`` at 16:00."""
    before = date(2026, month - 1, 15) if month > 1 else date(2025, 12, 15)
    return Period.objects.create(
        rule=rule,
        plan_id=rule.plan_id,
        label=f"Tháng {month}/2026",
        starts_on=before,
        ends_on=date(2026, month, 14),
        cutoff=vn(2026, month, due_day, 16, 0),
    )


@pytest.fixture
def plan(people):
    plan = plan_draft_create(data=SMALL_PLAN)
    # Published at the start of its year, as a plan is: every period is owed.
    plan_publish(plan=plan, user=people["thuongtruc"], confirm_gaps=True, now=vn(2026, 1, 2, 8, 0))
    return plan


@pytest.fixture
def period(plan):
    rule = ReportingRule.objects.create(
        plan=plan, frequency="monthly", due_day=25, due_time="16:00"
    )
    return month_period(rule, 3)


@pytest.fixture
def report(period, people):
    return Report.objects.create(period=period, body=people["daumoi"].body)
