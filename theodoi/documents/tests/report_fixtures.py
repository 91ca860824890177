"""The committee's report of March 2026, compiled from the database the day after its
cut-off — the plan, reports and KPI values of ``reporting.tests.test_compiled`` (Sở Y
tế late, Sở Tư pháp never sent, tasks 2 and 3 overdue), with a KPI value of 85,5 to
show the decimal comma, a proposal to UBND tỉnh, a third difficulty and a text with an
ampersand."""

from datetime import date
from decimal import Decimal

import pytest

from theodoi.documents.services.committees import committee_of
from theodoi.reporting.selectors.compiled import report_compile
from theodoi.reporting.tests.test_compiled import (
    BUILDING,
    DAY_AFTER,
    FINANCE,
    HEALTH,
    JUSTICE,
    REPORTS,
    build_plan,
)

__all__ = ["ADDRESSED", "BUILDING", "DAY", "FINANCE", "HEALTH", "JUSTICE", "TITLE", "report_data"]

TITLE = "Kế hoạch chuyển đổi số năm 2026"
ADDRESSED = "Đề nghị UBND tỉnh cấp kinh phí"
DAY = date(2026, 3, 27)
STATE, SENT_ON, LATE, ITEMS, VALUES = range(5)


def _reports() -> dict:
    reports = dict(REPORTS)
    finance = list(reports[(FINANCE, 3)])
    finance[VALUES] = {"1": Decimal("85.5")}
    items = dict(finance[ITEMS])
    items["4"] = ("in_progress", None, "Đã khảo sát", "", ADDRESSED)
    finance[ITEMS] = items
    reports[(FINANCE, 3)] = tuple(finance)
    health = list(reports[(HEALTH, 3)])
    items = dict(health[ITEMS])
    items["9"] = ("done", date(2026, 3, 20), "Xong sớm", "Thiếu máy & thiết bị", "Khen thưởng")
    health[ITEMS] = items
    reports[(HEALTH, 3)] = tuple(health)
    return reports


@pytest.fixture
def report_data(people):
    """(plan, periods, committee, the compiled report of March)."""
    plan, periods = build_plan(people, reports=_reports(), title=TITLE)
    compiled = report_compile(plan, period=periods[3], now=DAY_AFTER)
    return plan, periods, committee_of(plan), compiled
