"""Reads for a body's report: the form's items, and what is due from the body and when.

(The board's reads live in ``selectors.py``; these serve the body's own pages.)
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from theodoi.accounts.models import Role as UserRole
from theodoi.bodies.models import Body
from theodoi.core import clock
from theodoi.plans.models import Assignment, PlanStatus, Role

from .models import EvidenceFile, KpiValue, Period, Report, ReportItem, ReportState
from .services.reports import is_rate
from .services.workflow import EDITABLE_STATES


@dataclass
class ReportForm:
    report: Report
    lead: list[ReportItem] = field(default_factory=list)
    support: list[ReportItem] = field(default_factory=list)
    kpis: list[KpiValue] = field(default_factory=list)


def report_form(report: Report) -> ReportForm:
    """The items of a report, leads then supports in document order, each lead item with
    ``parts``: the supporting bodies' items on the same task in the same period."""
    items = (
        report.items.select_related("assignment__task__section", "assignment__via_group")
        .prefetch_related(Prefetch("files", queryset=EvidenceFile.objects.order_by("uploaded_at")))
        .order_by("assignment__task__position")
    )
    form = ReportForm(report)
    for item in items:
        (form.lead if item.assignment.role == Role.LEAD else form.support).append(item)
    attach_support_parts(report, form.lead)
    form.kpis = list(report.kpi_values.select_related("indicator").order_by("indicator__position"))
    for kpi in form.kpis:
        kpi.rate = is_rate(kpi.indicator)
    return form


def attach_support_parts(report: Report, lead_items: list[ReportItem]) -> None:
    """Give each lead item ``parts``: the supporting bodies' items on the same task in
    the same period, so that the lead writes the consolidated result."""
    parts = (
        ReportItem.objects.filter(
            report__period_id=report.period_id,
            assignment__role=Role.SUPPORT,
            assignment__task_id__in=[i.assignment.task_id for i in lead_items],
        )
        .exclude(report__body_id=report.body_id)
        .select_related("report__body", "assignment")
        .order_by("report__body__name")
    )
    by_task: dict[int, list[ReportItem]] = {}
    for part in parts:
        by_task.setdefault(part.assignment.task_id, []).append(part)
    for item in lead_items:
        item.parts = by_task.get(item.assignment.task_id, [])


@dataclass
class Due:
    period: Period
    report: Report | None
    days_left: int  # negative: overdue by that many days
    waits_for_me: bool  # the head: submitted, waiting for his approval

    @property
    def state_label(self) -> str:
        return self.report.get_state_display() if self.report else ReportState.DRAFT.label

    @property
    def open(self) -> bool:
        return self.report is None or self.report.state in EDITABLE_STATES

    @property
    def overdue_days(self) -> int:
        return -self.days_left


# A report already sent stays in the list this many days after its cut-off, to show its state.
RECENT_DAYS = 31


def due_for_body(body: Body, user, now=None) -> list[Due]:
    """The open periods (data window begun, not locked) of published plans in which the
    body has work, soonest cut-off first, with the body's report and its state.

    A period whose report is sent drops out a month after its cut-off; one still to
    write (or waiting for the head's approval) stays until the office locks it. A
    period already over when the plan was published is not owed (unless a report
    was written for it anyway).
    """
    moment = clock.now(now)
    today = clock.today(moment)
    plan_ids = set(
        Assignment.objects.filter(body=body, plan__status=PlanStatus.PUBLISHED).values_list(
            "plan_id", flat=True
        )
    )
    periods = list(
        Period.objects.filter(plan_id__in=plan_ids, locked_at__isnull=True, starts_on__lte=today)
        .select_related("plan")
        .order_by("cutoff")
    )
    reports = {
        r.period_id: r for r in Report.objects.filter(body=body, period__in=[p.pk for p in periods])
    }
    is_head = user.role == UserRole.HEAD and user.body_id == body.pk
    due = []
    for period in periods:
        report = reports.get(period.pk)
        if report is None and period.cutoff < period.plan.published_at:
            continue
        cutoff_day = clock.today(max(period.cutoff, period.grace_until or period.cutoff))
        entry = Due(
            period=period,
            report=report,
            days_left=(cutoff_day - today).days,
            waits_for_me=is_head and report is not None and report.state == ReportState.SUBMITTED,
        )
        if entry.open or entry.waits_for_me or entry.days_left >= -RECENT_DAYS:
            due.append(entry)
    return due
