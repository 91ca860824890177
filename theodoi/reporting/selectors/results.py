"""What the bodies reported on a plan, as its pages show it: a task's results and a
KPI's values period by period, a KPI's actual against its target; only the reports
a reader may see."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q

from theodoi.core.access import readable_body_ids
from theodoi.core.roles import Role
from theodoi.plans.models import AssignmentRole, Indicator, Plan, Task

from ..models import EvidenceFile, KpiValue, Period, Report, ReportItem, ReportState
from ..services.reports import is_rate
from ..status import KpiStatus, kpi_status, kpi_status_of_bodies
from .comments import comments_prefetch
from .progress import REPORTED, value_of


def readable_reports(user) -> Q:
    """The reports a reader is shown (a filter on ``Report``).

    Sent reports (submitted, approved, accepted) of the bodies he may see. A draft,
    or a report returned for correction, is work in progress: only the office and
    the body's own people see it, once something was saved in it (a draft never
    saved is still at its first version). The chair and members see what was sent.
    """
    shown = Q(state__in=REPORTED)
    if user.role != Role.VIEWER:
        in_work = Q(state__in=[ReportState.DRAFT, ReportState.RETURNED])
        shown |= in_work & ~Q(state=ReportState.DRAFT, version=1)
    bodies = readable_body_ids(user)  # core.access: the one rule of who reads what
    return shown if bodies is None else shown & Q(body_id__in=bodies)


@dataclass
class PeriodResults:
    """What the bodies reported on one task (or KPI) for one period."""

    period: Period
    rows: list = field(default_factory=list)  # ReportItem or KpiValue, with .report.body


def _by_period(rows) -> list[PeriodResults]:
    """Rows ordered latest period first, grouped by their report's period."""
    grouped: dict[int, PeriodResults] = {}
    for row in rows:
        period = row.report.period
        grouped.setdefault(period.pk, PeriodResults(period)).rows.append(row)
    return list(grouped.values())


def task_results(task: Task, *, user) -> list[PeriodResults]:
    """Each body's item on the task, by period (latest first), leads before supports,
    with its evidence files and comment thread — three queries (four for a member,
    whose bodies are read), whatever the number of bodies and periods."""
    items = (
        ReportItem.objects.filter(
            assignment__task=task, report__in=Report.objects.filter(readable_reports(user))
        )
        .select_related("report__period", "report__body", "assignment__via_group")
        .prefetch_related(
            Prefetch("files", EvidenceFile.objects.order_by("uploaded_at")), comments_prefetch()
        )
        .order_by(
            "-report__period__cutoff",
            "report__period_id",
            "assignment__role",
            "report__body__kind",
            "report__body__name",
        )
    )
    return _by_period(items)


@dataclass
class KpiActual:
    """Where a KPI stands by what was reported: the value, and the status against the
    target (the plan page's counts' own status when bodies lead it)."""

    status: KpiStatus
    value: Decimal | None = None  # one body's value, or Σ numerators / Σ denominators
    numerator: Decimal | None = None  # a rate: the sums over its bodies and parts
    denominator: Decimal | None = None
    latest: KpiValue | None = None  # the newest value reported: its period, its body
    reported: int = 0  # bodies whose latest value is known


def kpi_actuals(plan: Plan) -> dict[int, KpiActual]:
    """Open KPI id -> its actual value, from each body's latest sent value (a KPI split
    in parts gathers its parts'); two queries.

    Over the whole plan, like the KPI counts of the plan page, and judged by the same
    rule (``kpi_status_of_bodies`` over the lead bodies): a value is a fact of the
    plan, not a report's content.
    """
    leads = Count(
        "assignments__body",
        filter=Q(assignments__role=AssignmentRole.LEAD, assignments__closed_at__isnull=True),
        distinct=True,
    )
    indicators = {
        i.pk: i for i in plan.indicators.filter(closed_at__isnull=True).annotate(lead_count=leads)
    }
    rows = (
        KpiValue.objects.filter(indicator__plan=plan, report__state__in=REPORTED)
        .select_related("report__period", "report__body")
        .order_by("indicator_id", "report__body_id", "-report__period__cutoff")
    )
    latest: dict[tuple[int, int], KpiValue] = {}
    for row in rows:
        latest.setdefault((row.indicator_id, row.report.body_id), row)
    gathered: dict[int, list[KpiValue]] = defaultdict(list)
    for (indicator_id, _body), row in latest.items():
        if value_of(row) is None or indicator_id not in indicators:
            continue
        gathered[indicator_id].append(row)
        parent_id = indicators[indicator_id].parent_id
        if parent_id in indicators:
            gathered[parent_id].append(row)
    return {pk: _actual(indicator, gathered[pk]) for pk, indicator in indicators.items()}


def _actual(indicator: Indicator, values: list[KpiValue]) -> KpiActual:
    found = KpiActual(KpiStatus.NO_DATA, reported=len({r.report.body_id for r in values}))
    if not values:
        return found
    found.latest = max(
        values,
        key=lambda r: (r.report.period.cutoff, r.report.submitted_at or r.report.period.cutoff),
    )
    if is_rate(indicator) and all(r.numerator is not None and r.denominator for r in values):
        found.numerator = sum(r.numerator for r in values)
        found.denominator = sum(r.denominator for r in values)
        found.value = (Decimal(100) * found.numerator / found.denominator).quantize(Decimal("0.01"))
    elif len(values) == 1:
        found.value = value_of(values[0])
    target = {"op": indicator.target_op, "target": indicator.target_value}
    if indicator.lead_count:  # as the plan page counts it: every lead body, its own value
        own = [value_of(r) for r in values if r.indicator_id == indicator.pk]
        found.status = kpi_status_of_bodies(own, lead_count=indicator.lead_count, **target)
    else:  # a KPI reported part by part: its gathered value
        found.status = kpi_status(found.value, **target)
    return found


def indicator_values(indicator: Indicator, *, user) -> list[PeriodResults]:
    """The values reported for the KPI and its parts, by period (latest first), each
    with its body — one query (two for a member), bodies the reader may not see left
    out."""
    rows = (
        KpiValue.objects.filter(Q(indicator=indicator) | Q(indicator__parent=indicator))
        .filter(report__in=Report.objects.filter(readable_reports(user)))
        .select_related("report__period", "report__body", "indicator")
        .order_by(
            "-report__period__cutoff",
            "report__period_id",
            "indicator__position",
            "report__body__kind",
            "report__body__name",
        )
    )
    return _by_period(rows)
