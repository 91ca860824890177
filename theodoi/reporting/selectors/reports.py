"""Reads for a body's report: the form's items, and what is due from the body and when.

(The board's reads live in ``selectors.board``; these serve the body's own pages.)
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch

from theodoi.accounts.models import Role
from theodoi.bodies.models import Body
from theodoi.core import clock
from theodoi.plans.models import Assignment, AssignmentRole, PlanStatus

from ..models import EvidenceFile, ItemState, KpiValue, Period, Report, ReportItem, ReportState
from ..services import checks
from ..services.reports import is_rate
from ..services.workflow import EDITABLE_STATES
from .comments import comments_prefetch


@dataclass
class ReportSheet:
    report: Report
    lead: list[ReportItem] = field(default_factory=list)
    support: list[ReportItem] = field(default_factory=list)
    kpis: list[KpiValue] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.lead) + len(self.support) + len(self.kpis)

    @property
    def filled(self) -> int:
        return sum(not row.is_empty for row in [*self.lead, *self.support, *self.kpis])


def report_form(report: Report, *, now=None, folded: bool = False) -> ReportSheet:
    """The items of a report, leads then supports in document order, each lead item with
    ``parts``: the supporting bodies' items on the same task in the same period.

    Each item and KPI value also carries ``is_empty`` and ``problems`` (``checks``), and
    the first empty one ``first_empty``: the form opens there.

    ``folded``: for a page that shows each item as one line (a long report) — only
    whether an item has files (``has_files``), no files, comments nor parts read.
    """
    items = report.items.select_related("assignment__task__section").order_by(
        "assignment__task__position"
    )
    if folded:
        items = items.annotate(
            has_files=Exists(EvidenceFile.objects.filter(item_id=OuterRef("pk")))
        )
    else:
        items = items.select_related("assignment__via_group").prefetch_related(
            Prefetch("files", queryset=EvidenceFile.objects.order_by("uploaded_at")),
            comments_prefetch(),
        )
    form = ReportSheet(report)
    for item in items:
        (form.lead if item.assignment.role == AssignmentRole.LEAD else form.support).append(item)
    if not folded:
        attach_support_parts(report, lead_items=form.lead)
    form.kpis = list(report.kpi_values.select_related("indicator").order_by("indicator__position"))
    for kpi in form.kpis:
        kpi.rate = is_rate(kpi.indicator)
    mark_items(form.lead + form.support, now=now)
    mark_kpis(form.kpis)
    rows = [*form.lead, *form.support, *form.kpis]
    first_empty = next((row for row in rows if row.is_empty), None)
    if first_empty is not None:
        first_empty.first_empty = True
    return form


def attach_support_parts(report: Report, *, lead_items: list[ReportItem]) -> None:
    """Give each lead item ``parts``: the supporting bodies' items on the same task in
    the same period, so that the lead writes the consolidated result."""
    parts = (
        ReportItem.objects.filter(
            report__period_id=report.period_id,
            assignment__role=AssignmentRole.SUPPORT,
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


def mark_items(items: list[ReportItem], *, labels=True, now=None) -> None:
    """Give each item (files prefetched, or ``has_files`` annotated) ``label`` (its
    task's code and title: not when ``labels`` is false, for items read without their
    task), ``is_empty`` and ``problems``."""
    today = clock.today(now)
    for item in items:
        if labels:
            item.label = checks.item_label(item)
        has_files = getattr(item, "has_files", None)
        if has_files is None:
            has_files = bool(item.files.all())
        item.is_empty = checks.item_is_empty(item, has_files=has_files)
        item.problems = checks.item_problems(item, has_files=has_files, today=today)


def mark_kpis(kpis: list[KpiValue]) -> None:
    for kpi in kpis:
        kpi.label = checks.kpi_label(kpi)
        kpi.is_empty = checks.kpi_is_empty(kpi)
        kpi.problems = []


# --- What changed since the body's previous report (for the head's review) --------------


@dataclass
class Before:
    """An item (or KPI value) as the body reported it in its previous period."""

    state: str = ""
    state_label: str = ""
    percent: int = 0
    results: str = ""
    difficulties: str = ""
    value: object = None


@dataclass
class Change:
    row: object  # the ReportItem or KpiValue
    state: bool = False
    percent: bool = False
    new_results: bool = False
    new_difficulties: bool = False
    value: bool = False


@dataclass
class ReportChanges:
    previous: Report | None
    changes: list[Change] = field(default_factory=list)


def report_changes(form: ReportSheet) -> ReportChanges:
    """What changed since the body's previous report of the plan, and ``previous`` (a
    ``Before``) on each item and KPI value of the form: three queries, whatever the size."""
    report = form.report
    previous = (
        Report.objects.filter(
            period__plan_id=report.period.plan_id,
            body_id=report.body_id,
            period__cutoff__lt=report.period.cutoff,
        )
        .select_related("period")
        .order_by("-period__cutoff")
        .first()
    )
    found = ReportChanges(previous)
    if previous is None:
        return found
    labels = dict(ItemState.choices)
    before_items = {
        row.pop("assignment_id"): Before(state_label=labels.get(row["state"], ""), **row)
        for row in ReportItem.objects.filter(report=previous).values(
            "assignment_id", "state", "percent", "results", "difficulties"
        )
    }
    before_kpis = dict(
        KpiValue.objects.filter(report=previous).values_list("indicator_id", "value")
    )
    for item in [*form.lead, *form.support]:
        item.previous = before = before_items.get(item.assignment_id)
        if before is None:
            continue
        change = Change(
            item,
            state=item.state != before.state,
            percent=item.percent != before.percent,
            new_results=bool(item.results.strip()) and item.results != before.results,
            new_difficulties=bool(item.difficulties.strip())
            and item.difficulties != before.difficulties,
        )
        if change.state or change.percent or change.new_results or change.new_difficulties:
            found.changes.append(change)
    for kpi in form.kpis:
        if kpi.indicator_id not in before_kpis:
            continue
        kpi.previous = Before(value=before_kpis[kpi.indicator_id])
        if kpi.value != kpi.previous.value:
            found.changes.append(Change(kpi, value=True))
    return found


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


def due_for_body(body: Body, *, user, now=None) -> list[Due]:
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
    is_head = user.role == Role.HEAD and user.body_id == body.pk
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
