"""The stored figures of a period, recomputed whenever something that moves them happens.

``period_rollup(period)`` reads the period's plan as it stood at ``as_of`` (the cut-off
once it has passed, else now) and replaces the period's ``PeriodSnapshot``, its
``BodyPeriodStat`` rows and its ``KpiPoint`` rows, in one transaction and a fixed
number of queries whatever the number of bodies, tasks and reports.

What counts, and why:

- A task's class is the reporting area's (``reporting.status.task_status``), from each
  lead body's latest item in the sent reports (submitted, approved, accepted) of this
  period and the ones before it — a report sent after the cut-off still tells where the
  work stood in its data window. Parent tasks and tasks without a lead are not counted,
  as on the plan page (``reporting.selectors.progress.plan_statuses``).
- A body is expected to report when the plan gives it work (an open task, or a KPI it
  leads); a period already over when the plan was published is owed only by the bodies
  that began a report of it, as the scheduler chases it.
- A body's task counts are those of the plan page's summary over its lead tasks
  (``Summary``): the tasks fallen due, those of them done, done on time; overdue.
- A KPI's point gathers the period's sent values the way ``kpi_actuals`` gathers the
  latest ones: a rate is Σ numerators / Σ denominators × 100, a single body's value
  is its value, several bodies' plain values have no common value (bodies_reported says
  how many reported).
"""

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import F

from theodoi.bodies.models import Body
from theodoi.core import clock
from theodoi.lib.forecast import forecast
from theodoi.plans.models import Assignment, AssignmentRole, Indicator, Plan, Task
from theodoi.reporting.models import KpiValue, Period, Report, ReportItem
from theodoi.reporting.selectors.board import board_state
from theodoi.reporting.selectors.progress import REPORTED, value_of, working_days_until
from theodoi.reporting.services.reports import is_rate
from theodoi.reporting.status import (
    KpiStatus,
    LeadProgress,
    Status,
    Summary,
    TaskFacts,
    TaskStatus,
    assignment_status,
    kpi_status,
    task_status,
)

from ..models import BodyPeriodStat, KpiPoint, PeriodSnapshot
from .scorecard import scorecard_store

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Item:
    """A lead body's item in a sent report, with what orders it (latest last)."""

    key: tuple  # (period cut-off, sent at)
    state: str
    done_on: date | None
    results: str


def as_of(period: Period, now: datetime) -> datetime:
    return period.cutoff if period.cutoff <= now else now


@transaction.atomic
def period_rollup(period: Period, *, now=None, year=True) -> PeriodSnapshot:
    """Recompute and store the period's figures (see the module's docstring). The
    period's row is locked first: two rollups of a period (a report step and a tick)
    take turns, the second reading what the first could not see."""
    list(Period.objects.select_for_update().filter(pk=period.pk).values_list("pk"))
    moment = as_of(period, clock.now(now))
    today = clock.today(moment)
    read = _Read(period, moment)
    statuses = {task.pk: read.status(task, today) for task in read.tasks if read.leads[task.pk]}
    parents = {task.parent_id for task in read.tasks if task.parent_id}
    counted = [task for task in read.tasks if task.pk in statuses and task.pk not in parents]
    summary = Summary()
    overdue = []
    sections: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for task in counted:  # in the plan's order: the overdue are sorted by due day, then it
        facts, found = statuses[task.pk]
        summary.add(found)
        sections[str(task.section_id)][found.status.value] += 1
        if found.status == Status.OVERDUE:
            overdue.append(read.overdue_entry(task, facts, today))
    overdue.sort(key=lambda entry: entry["due"])
    stats = read.body_stats(counted, statuses, today)
    owed = [stat for stat in stats if stat.expected]
    snapshot, _created = PeriodSnapshot.objects.update_or_create(
        period=period,
        defaults={
            "plan_id": period.plan_id,
            "as_of": moment,
            "computed_at": clock.now(now),
            "classes": {status.value: n for status, n in summary.counts.items()},
            "total": summary.total,
            "overdue": overdue,
            "sections": sections,
            "reports_expected": len(owed),
            "reports_sent": sum(stat.sent for stat in owed),
            "reports_on_time": sum(stat.on_time for stat in owed),
        },
    )
    BodyPeriodStat.objects.filter(period=period).delete()
    BodyPeriodStat.objects.bulk_create(stats)
    KpiPoint.objects.filter(period=period).delete()
    KpiPoint.objects.bulk_create(_with_forecasts(read.kpi_points(), read.indicators, period))
    if year:  # the year's rows of the bodies (a backfill stores them once, at its end)
        scorecard_store(period.plan, year=period.ends_on.year, now=now)
    return snapshot


def _with_forecasts(points: list[KpiPoint], indicators: dict, period: Period) -> list[KpiPoint]:
    """Each point with a value gets the KPI's year-end forecast from the values of the
    year's periods up to this one (the earlier ones as stored) — computed here, once,
    not by each page. One query."""
    year = period.ends_on.year
    earlier = KpiPoint.objects.filter(
        plan_id=period.plan_id,
        period__ends_on__year=year,
        period__cutoff__lt=period.cutoff,
        value__isnull=False,
    ).values_list("indicator_id", "period__ends_on", "value")
    series = defaultdict(list)
    for indicator_id, ends_on, value in earlier:
        series[indicator_id].append((ends_on, value))
    for point in points:
        if point.value is not None:
            indicator = indicators[point.indicator_id]
            found = forecast(
                [*series[point.indicator_id], (period.ends_on, point.value)],
                target=indicator.target_value,
                op=indicator.target_op,
                year_end=date(year, 12, 31),
            )
            point.forecast = found.as_json()
    return points


def plan_rollup(plan: Plan, *, now=None) -> int:
    """Every period of the plan (a backfill); returns how many."""
    periods = list(Period.objects.filter(plan=plan).order_by("cutoff"))
    for period in periods:
        period_rollup(period, now=now, year=False)
    for year in sorted({period.ends_on.year for period in periods}):
        scorecard_store(plan, year=year, now=now)
    return len(periods)


def rollup_safely(period: Period, *, now=None) -> None:
    """``period_rollup`` in its own transaction; a failure is logged, never raised
    (a report step or the scheduler must not stop because a figure could not be stored)."""
    try:
        period_rollup(period, now=now)
    except Exception:
        logger.exception("dashboard: rollup of period %s failed", period.pk)


class _Read:
    """Everything the period's figures need, read in a fixed number of queries."""

    def __init__(self, period: Period, moment: datetime):
        self.period, self.moment = period, moment
        self.counter = working_days_until(clock.today(moment))  # 1 query
        plan_id = period.plan_id
        self.assignments = list(  # 1 query
            Assignment.objects.filter(plan_id=plan_id)
            .exclude(task__closed_at__isnull=False)
            .exclude(indicator__closed_at__isnull=False)
            .values_list("pk", "task_id", "indicator_id", "body_id", "role")
        )
        self.leads: dict[int, list[tuple[int, int]]] = defaultdict(list)  # task -> (pk, body)
        for pk, task_id, _kpi, body_id, role in self.assignments:
            if task_id and role == AssignmentRole.LEAD:
                self.leads[task_id].append((pk, body_id))
        self.periods = list(  # 1 query: this period and the ones before it
            Period.objects.filter(plan_id=plan_id, cutoff__lte=period.cutoff)
            .annotate(published_at=F("plan__published_at"))
            .order_by("cutoff")
        )
        self.this = next(p for p in self.periods if p.pk == period.pk)
        cutoffs = {p.pk: p.cutoff for p in self.periods}
        self.reports = list(  # 1 query
            Report.objects.filter(period__in=self.periods).only(
                "pk", "body_id", "period_id", "state", "version", "submitted_at", "late"
            )
        )
        self.sent = {(r.body_id, r.period_id) for r in self.reports if r.state in REPORTED}
        self.begun = {(r.body_id, r.period_id) for r in self.reports}
        self.own = {r.body_id: r for r in self.reports if r.period_id == period.pk}
        self.items: dict[int, list[_Item]] = defaultdict(list)  # assignment -> items, oldest first
        rows = ReportItem.objects.filter(  # 1 query
            report__period__in=self.periods,
            report__state__in=REPORTED,
            assignment__role=AssignmentRole.LEAD,
        ).values_list(
            "assignment_id",
            "report__period_id",
            "report__submitted_at",
            "state",
            "done_on",
            "results",
        )
        for assignment_id, period_id, sent_at, state, done_on, results in rows:
            if state == "done" and done_on is None and sent_at:
                done_on = clock.today(sent_at)
            key = (cutoffs[period_id], sent_at or cutoffs[period_id])
            self.items[assignment_id].append(_Item(key, state, done_on, results.strip()))
        for found in self.items.values():
            found.sort(key=lambda item: item.key)
        self.tasks = list(  # 1 query
            Task.objects.filter(plan_id=plan_id, closed_at__isnull=True).order_by("position", "pk")
        )
        ids = {row[3] for row in self.assignments} | set(self.own)
        self.names = dict(  # 1 query, in the board's order
            Body.objects.filter(pk__in=ids).order_by("kind", "name").values_list("pk", "name")
        )
        self.indicators = {  # 1 query
            i.pk: i for i in Indicator.objects.filter(plan_id=plan_id, closed_at__isnull=True)
        }
        rows = KpiValue.objects.filter(  # 1 query
            report__period=period, report__state__in=REPORTED
        ).annotate(body_id=F("report__body_id"))
        # (KPI id, body id) -> the value in the body's sent report of the period
        self.values = {(row.indicator_id, row.body_id): row for row in rows}

    def missing(self, body_id: int) -> tuple[tuple[date, str], ...]:
        """The periods up to ``as_of`` the body owed and has not reported, oldest first."""
        return tuple(
            (clock.today(p.cutoff), p.label)
            for p in self.periods
            if max(p.cutoff, p.grace_until or p.cutoff) <= self.moment
            and self.owes(body_id, p)
            and (body_id, p.pk) not in self.sent
        )

    def owes(self, body_id: int, period: Period) -> bool:
        before_publication = period.published_at and period.cutoff < period.published_at
        return not before_publication or (body_id, period.pk) in self.begun

    def progress(self, assignment_id: int, body_id: int, recurring: bool) -> LeadProgress:
        items = self.items.get(assignment_id)
        latest = items[-1] if items else None
        return LeadProgress(
            body_id,
            latest.state if latest else "",
            latest.done_on if latest else None,
            missing=self.missing(body_id) if recurring else (),
        )

    def facts(self, task: Task) -> TaskFacts:
        leads = tuple(
            self.progress(pk, body_id, bool(task.recurrence)) for pk, body_id in self.leads[task.pk]
        )
        return TaskFacts(task.due, task.recurrence, task.condition, task.condition_met_on, leads)

    def status(self, task: Task, today: date) -> tuple[TaskFacts, TaskStatus]:
        facts = self.facts(task)
        return facts, task_status(facts, today=today, working_days_until=self.counter)

    def overdue_entry(self, task: Task, facts: TaskFacts, today: date) -> dict:
        behind = {p.body_id for p in facts.leads if not p.done}
        said = [
            item
            for pk, _body in self.leads[task.pk]
            for item in self.items.get(pk, ())
            if item.results
        ]
        return {
            "task": task.pk,
            "code": task.code,
            "title": task.title,
            "leads": [
                [body_id, self.names[body_id]] for body_id in self.names if body_id in behind
            ],
            "due": task.due.isoformat(),
            "days_late": (today - task.due).days,
            "last_report": max(said, key=lambda item: item.key).results if said else "",
        }

    def body_stats(self, counted: list[Task], statuses: dict, today: date) -> list[BodyPeriodStat]:
        period = self.period
        values, indicators = self.values, self.indicators
        working = {
            body_id
            for _pk, task_id, kpi_id, body_id, role in self.assignments
            if task_id or role == AssignmentRole.LEAD
        }
        summaries: dict[int, Summary] = defaultdict(Summary)
        # body id -> {section id: {Status value: count}} of its lead tasks
        classes: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
        for task in counted:
            facts, _found = statuses[task.pk]
            for progress in facts.leads:
                found = assignment_status(
                    facts, progress, today=today, working_days_until=self.counter
                )
                summaries[progress.body_id].add(found)
                classes[progress.body_id][str(task.section_id)][found.status.value] += 1
        met: dict[int, int] = defaultdict(int)
        assessed: dict[int, int] = defaultdict(int)
        for _pk, _task, kpi_id, body_id, role in self.assignments:
            if kpi_id and role == AssignmentRole.LEAD and kpi_id in indicators:
                kpi = indicators[kpi_id]
                value = values.get((kpi_id, body_id))
                status = kpi_status(
                    value_of(value) if value else None, op=kpi.target_op, target=kpi.target_value
                )
                assessed[body_id] += status != KpiStatus.NO_DATA
                met[body_id] += status == KpiStatus.MET
        stats = []
        for body_id in self.names:
            report = self.own.get(body_id)
            sent = report is not None and report.state in REPORTED
            summary = summaries.get(body_id, Summary())
            stats.append(
                BodyPeriodStat(
                    period=period,
                    plan_id=period.plan_id,
                    body_id=body_id,
                    expected=body_id in working and self.owes(body_id, self.this),
                    sent=sent,
                    on_time=sent and not report.late,
                    sent_at=report.submitted_at if sent else None,
                    state=board_state(report),
                    tasks_fallen_due=summary.fallen_due,
                    tasks_done=summary.done_due,
                    tasks_done_on_time=summary.done_on_time_due,
                    tasks_overdue=summary.overdue,
                    classes=classes.get(body_id, {}),
                    kpis_met=met[body_id],
                    kpis_assessed=assessed[body_id],
                )
            )
        return stats

    def kpi_points(self) -> list[KpiPoint]:
        indicators = self.indicators
        gathered: dict[int, list[KpiValue]] = defaultdict(list)
        for (kpi_id, _body), row in self.values.items():
            if value_of(row) is None or kpi_id not in indicators:
                continue
            gathered[kpi_id].append(row)
            parent_id = indicators[kpi_id].parent_id
            if parent_id in indicators:
                gathered[parent_id].append(row)
        return [
            _point(indicator, gathered[pk], self.period) for pk, indicator in indicators.items()
        ]


def _point(indicator: Indicator, rows: list[KpiValue], period: Period) -> KpiPoint:
    """As ``reporting.selectors.results._actual`` gathers a KPI's values."""
    point = KpiPoint(
        indicator=indicator,
        period=period,
        plan_id=period.plan_id,
        bodies_reported=len({row.body_id for row in rows}),
    )
    if rows and is_rate(indicator) and all(r.numerator is not None and r.denominator for r in rows):
        point.numerator = sum(r.numerator for r in rows)
        point.denominator = sum(r.denominator for r in rows)
        point.value = (Decimal(100) * point.numerator / point.denominator).quantize(Decimal("0.01"))
    elif len(rows) == 1:
        point.value = value_of(rows[0])
    return point
