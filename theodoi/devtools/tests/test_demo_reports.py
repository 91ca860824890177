"""The demo's months of reports: through the real workflow, dated in their month,
some on time, some late, a few never, KPI values on both sides of their targets."""

import pytest

from theodoi.dashboard.models import BodyPeriodStat, KpiPoint, PeriodSnapshot
from theodoi.devtools.demo import demo_load
from theodoi.devtools.demo_plans import demo_plans_load
from theodoi.devtools.demo_reports import MORE_BODIES, demo_reports_load
from theodoi.plans.models import DutyFrequency, Plan
from theodoi.reporting.models import KpiValue, Period, Report, ReportItem, ReportState
from theodoi.reporting.status import KpiStatus, kpi_status
from theodoi.reporting.tests.conftest import vn

NOW = vn(2026, 7, 10, 9, 0)


@pytest.fixture
def plan(people):
    demo_plans_load(user=people["thuongtruc"], now=vn(2026, 1, 5, 8, 0))
    return Plan.objects.get(year=2026)


def monthly(plan):
    return Period.objects.filter(plan=plan, rule__frequency=DutyFrequency.MONTHLY)


def snapshot():
    return {
        "reports": sorted(Report.objects.values_list("pk", "state", "version", "submitted_at")),
        "items": sorted(ReportItem.objects.values_list("pk", "version")),
        "kpis": sorted(KpiValue.objects.values_list("pk", "value", "version")),
        "history": (Report.history.count(), ReportItem.history.count()),
    }


def test_the_months_up_to_now_are_reported_through_the_workflow(plan, people):
    demo_reports_load(now=NOW, say=lambda line: None)

    reports = Report.objects.filter(period__plan=plan).select_related("period", "body")
    past = monthly(plan).filter(cutoff__lt=vn(2026, 6, 30))
    bodies = {r.body.name for r in reports}
    assert {"Sở Tài chính", people["daumoi.xa"].body.name} <= bodies
    assert len(bodies & set(MORE_BODIES)) >= 10
    for period in past:
        assert reports.filter(period=period).count() >= len(bodies) // 2, period.label
    assert not reports.filter(period__starts_on__gt=NOW.date()).exists()

    sent = reports.exclude(submitted_at=None)
    assert all(r.submitted_at <= NOW for r in sent)
    assert sent.filter(late=True).exists() and sent.filter(late=False).exists()
    assert all(r.late == (r.submitted_at > r.period.cutoff) for r in sent)
    missing = [(p, b) for p in past for b in bodies if not reports.filter(period=p, body__name=b)]
    assert missing, "a few reports are never sent"

    # The real workflow: the head approved Sở Tài chính's, the office accepted, all recorded.
    finance = reports.filter(body__name="Sở Tài chính", state=ReportState.ACCEPTED).first()
    assert finance.approved_by == people["lanhdao"]
    codes = list(finance.history.order_by("history_date").values_list("history_change_reason"))
    assert [c for (c,) in codes if c] == [
        "reporting.report.submitted",
        "reporting.report.approved",
        "reporting.report.accepted",
    ]
    accepted = finance.history.get(history_change_reason="reporting.report.accepted")
    assert accepted.history_user == people["thuongtruc"]
    assert accepted.history_date > finance.submitted_at  # dated in its month, not today
    assert accepted.history_date < NOW
    assert ReportItem.history.filter(history_change_reason="reporting.item.saved").exists()

    # Tasks done and not; KPI values on both sides of their targets.
    items = ReportItem.objects.filter(report__in=sent)
    assert items.filter(state="done").exists() and items.filter(state="in_progress").exists()
    values = KpiValue.objects.filter(report__in=sent, value__isnull=False).select_related(
        "indicator"
    )
    statuses = {
        kpi_status(v.value, op=v.indicator.target_op, target=v.indicator.target_value)
        for v in values
    }
    assert {KpiStatus.MET, KpiStatus.NOT_MET} <= statuses

    # The chair's first look: every period's figures computed once, at the end.
    assert PeriodSnapshot.objects.filter(plan=plan).count() == plan.periods.count()
    stats = BodyPeriodStat.objects.filter(plan=plan, sent=True)
    assert stats.filter(on_time=True).exists() and stats.filter(on_time=False).exists()
    assert KpiPoint.objects.filter(plan=plan, value__isnull=False).exists()


def test_a_second_run_changes_nothing(plan):
    demo_reports_load(now=NOW, say=lambda line: None)
    before = snapshot()
    demo_reports_load(now=NOW, say=lambda line: None)
    assert snapshot() == before
    assert before["reports"]


@pytest.mark.parametrize("reports", [True, False])
def test_the_demo_loads_the_reports_once_its_plans_are_committed(
    settings, registry, django_capture_on_commit_callbacks, reports
):
    settings.THEODOI_DEMO_PLANS = True
    settings.THEODOI_DEMO_REPORTS = reports
    with django_capture_on_commit_callbacks() as callbacks:
        demo_load()
    assert (demo_reports_load in callbacks) == reports
