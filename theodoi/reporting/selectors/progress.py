"""Reads of where a plan stands: each task's and KPI's class, the plan page's and the
chair's overview's summaries, a body's class on each of its tasks. Every read here runs
a fixed number of queries, whatever the number of tasks or bodies (the latest items are
grouped in Python from one ordered query, never fetched per task).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import F, Window
from django.db.models.functions import RowNumber

from theodoi.bodies.models import Body
from theodoi.core import clock
from theodoi.core.access import readable_body_ids
from theodoi.plans.models import Assignment, AssignmentRole, Plan, Task

from ..models import KpiValue, Period, Report, ReportItem, ReportState
from ..status import (
    KpiStatus,
    LeadProgress,
    Status,
    Summary,
    TaskFacts,
    TaskStatus,
    assignment_status,
    kpi_status_of_bodies,
    task_status,
    working_days_counter,
)
from .board import recent_periods
from .calendar import calendar_days

# Beyond this many days a due date is not "due soon", whatever the days off (Tết
# takes at most ten).
DUE_SOON_HORIZON = 31

# A report counts as "reported" once its focal officer sent it and no one returned it.
REPORTED = [ReportState.SUBMITTED, ReportState.APPROVED, ReportState.ACCEPTED]


def working_days_until(today: date):
    """``due -> working days after today up to due`` (-1 once past), from the
    calendar's days off, read in one query."""
    days_off, working_days = calendar_days(today, today + timedelta(days=DUE_SOON_HORIZON))
    count = working_days_counter(today, days_off, working_days)

    def until(due: date) -> int:
        if (due - today).days > DUE_SOON_HORIZON:
            return (due - today).days  # far off: the exact count does not matter
        return count(due)

    return until


def latest_of(assignments: list[tuple[int, int, int]]) -> dict[int, tuple[str, date | None]]:
    """Assignment id -> (state, done date) of its latest reported item, for these
    task assignments, as (id, body id, plan id); two queries (three when some
    assignment is missing from its body's latest report).

    An assignment's latest item is nearly always in its body's latest reported
    report of the plan (a report holds an item per open task): the items of those
    reports are read, one per assignment however many periods were reported. An
    assignment missing there (its task closed since, or added after that report)
    is looked for in the earlier reports, the database ranking its items latest
    first.
    """
    if not assignments:
        return {}
    reports = Report.objects.filter(
        state__in=REPORTED,
        period__plan_id__in={plan_id for _pk, _body, plan_id in assignments},
        body_id__in={body_id for _pk, body_id, _plan in assignments},
    ).values_list("pk", "body_id", "period__plan_id", "period__cutoff", "submitted_at")
    newest: dict[tuple[int, int], tuple] = {}  # (body, plan) -> (cut-off, sent…, report id)
    sent_at = {}
    for pk, body_id, plan_id, cutoff, submitted_at in reports.order_by():
        sent_at[pk] = submitted_at
        key = (cutoff, submitted_at is not None, submitted_at or cutoff, pk)
        if key > newest.get((body_id, plan_id), key[:0]):
            newest[(body_id, plan_id)] = key
    wanted = {pk for pk, _body, _plan in assignments}
    found = [
        (assignment_id, state, done_on, sent_at[report_id])
        for assignment_id, report_id, state, done_on in ReportItem.objects.filter(
            report_id__in=[key[-1] for key in newest.values()]
        ).values_list("assignment_id", "report_id", "state", "done_on")
        if assignment_id in wanted
    ]
    seen = {row[0] for row in found}
    missing = [
        pk
        for pk, body_id, plan_id in assignments
        if pk not in seen and (body_id, plan_id) in newest
    ]
    if missing:
        latest_first = Window(
            RowNumber(),
            partition_by=F("assignment_id"),
            order_by=[F("report__period__cutoff").desc(), F("report__submitted_at").desc()],
        )
        earlier = ReportItem.objects.filter(assignment_id__in=missing, report__state__in=REPORTED)
        found += (
            earlier.annotate(rank=latest_first)
            .filter(rank=1)
            .values_list("assignment_id", "state", "done_on", "report__submitted_at")
        )
    latest: dict[int, tuple[str, date | None]] = {}
    for assignment_id, state, done_on, submitted_at in found:
        if state == "done" and done_on is None and submitted_at:
            done_on = clock.today(submitted_at)
        latest[assignment_id] = (state, done_on)
    return latest


def _missing_periods(
    plan_ids: list[int], body_ids: set[int], now
) -> dict[tuple[int, int], tuple[tuple[date, str], ...]]:
    """(plan id, body id) -> the periods the body owed and has not reported, as
    (cut-off day, label), oldest first; two queries. Pairs missing none are absent.

    A period is owed once its cut-off, and its grace if the office gave one, has
    passed. A period already over when the plan was published is owed only by the
    bodies that began a report of it, as the scheduler chases it: a December
    reported on time leaves no "chưa báo cáo" before January's cut-off, whatever
    earlier periods the plan year has.
    """
    periods = [
        period
        for period in Period.objects.filter(plan_id__in=plan_ids, cutoff__lte=now)
        .annotate(published_at=F("plan__published_at"))
        .order_by("cutoff")
        if max(period.cutoff, period.grace_until or period.cutoff) <= now
    ]
    if not periods:
        return {}
    begun = {}  # (body, period) -> reported
    for body_id, period_id, state in Report.objects.filter(period__in=periods).values_list(
        "body_id", "period_id", "state"
    ):
        begun[(body_id, period_id)] = state in REPORTED
    days = [(period, clock.today(period.cutoff)) for period in periods]
    missing = {}
    for body_id in body_ids:
        for period, day in days:
            before_publication = period.published_at and period.cutoff < period.published_at
            owed = not before_publication or (body_id, period.pk) in begun
            if owed and not begun.get((body_id, period.pk)):
                key = (period.plan_id, body_id)
                missing[key] = (*missing.get(key, ()), (day, period.label))
    return missing


@dataclass
class PlanProgress:
    """Where a published plan's tasks stand on a day."""

    today: date
    tasks: dict[int, TaskStatus]  # open task id -> its class
    summary: Summary
    overdue: list[tuple[Task, list[Body]]] = field(default_factory=list)  # and whose
    waiting: list[Task] = field(default_factory=list)


def plan_status(plan: Plan, *, body_ids: set[int] | None = None, now=None) -> PlanProgress:
    """Each open task's class and the plan's summary (counts, rates over the tasks
    fallen due) — about eight queries, however large the plan.

    With ``body_ids`` (a member who oversees some bodies), only the tasks those
    bodies lead count, each by what those bodies did.
    """
    return plan_statuses([plan], body_ids=body_ids, now=now)[plan.pk]


def plan_statuses(
    plans: list[Plan], *, body_ids: set[int] | None = None, now=None
) -> dict[int, PlanProgress]:
    """``plan_status`` of several plans (plan id -> its status), in the same
    queries as one plan: the chair's overview does not grow with the plans."""
    moment = clock.now(now)
    today = clock.today(moment)
    counter = working_days_until(today)
    plan_ids = [plan.pk for plan in plans]
    tasks = {t.pk: t for t in Task.objects.filter(plan_id__in=plan_ids, closed_at__isnull=True)}
    parents = {t.parent_id for t in tasks.values() if t.parent_id}
    leads: dict[int, list[tuple[int, Body]]] = defaultdict(list)
    rows = [  # (assignment, task, body, plan): values, not objects — a plan has thousands
        row
        for row in Assignment.objects.filter(
            plan_id__in=plan_ids,
            role=AssignmentRole.LEAD,
            task__isnull=False,
            task__closed_at__isnull=True,
        ).values_list("pk", "task_id", "body_id", "plan_id")
        if body_ids is None or row[2] in body_ids
    ]
    bodies = {  # in the database's order of kind and name
        body.pk: body
        for body in Body.objects.filter(pk__in={row[2] for row in rows}).order_by("kind", "name")
    }
    rank = {pk: n for n, pk in enumerate(bodies)}
    rows.sort(key=lambda row: rank[row[2]])
    for pk, task_id, body_id, _plan in rows:
        leads[task_id].append((pk, bodies[body_id]))
    latest = latest_of([(pk, body_id, plan_id) for pk, _task, body_id, plan_id in rows])
    missing = {}
    recurring = {t.plan_id for t in tasks.values() if t.recurrence}
    if recurring:
        lead_bodies = {row[2] for row in rows if row[3] in recurring}
        missing = _missing_periods(sorted(recurring), lead_bodies, moment)

    results = {pk: PlanProgress(today=today, tasks={}, summary=Summary()) for pk in plan_ids}
    for task_id, task in tasks.items():
        if not leads[task_id]:
            continue
        result = results[task.plan_id]
        progress = {
            body.pk: LeadProgress(
                body.pk,
                *latest.get(pk, ("", None)),
                missing=missing.get((task.plan_id, body.pk), ()),
            )
            for pk, body in leads[task_id]
        }
        facts = TaskFacts(
            task.due,
            task.recurrence,
            task.condition,
            task.condition_met_on,
            tuple(progress.values()),
        )
        found = task_status(facts, today=today, working_days_until=counter)
        result.tasks[task_id] = found
        if task_id in parents:
            continue  # a parent task shows its class; its sub-tasks are what count
        result.summary.add(found)
        if found.status == Status.OVERDUE:
            behind = [body for _pk, body in leads[task_id] if not progress[body.pk].done]
            result.overdue.append((task, behind))
        elif found.status == Status.WAITING:
            result.waiting.append(task)
    for result in results.values():
        result.overdue.sort(key=lambda entry: (entry[0].due, entry[0].position))
    return results


# --- KPIs ---------------------------------------------------------------------


@dataclass
class KpiStanding:
    status: KpiStatus
    value: Decimal | None = None  # the latest value, when a single body reports it
    reported: int = 0
    lead_count: int = 0


def value_of(row: KpiValue) -> Decimal | None:
    if row.value is not None:
        return row.value
    if row.numerator is not None and row.denominator:
        return (Decimal(100) * row.numerator / row.denominator).quantize(Decimal("0.01"))
    return None


def kpi_statuses(plan: Plan) -> dict[int, KpiStanding]:
    """Open KPI id -> its latest reported value(s) against the target; three queries."""
    indicators = {i.pk: i for i in plan.indicators.filter(closed_at__isnull=True)}
    leads: dict[int, set[int]] = defaultdict(set)
    for indicator_id, body_id in Assignment.objects.filter(
        plan=plan, role=AssignmentRole.LEAD, indicator__isnull=False
    ).values_list("indicator_id", "body_id"):
        leads[indicator_id].add(body_id)
    latest: dict[int, dict[int, Decimal | None]] = defaultdict(dict)  # KPI -> body -> value
    rows = (
        KpiValue.objects.filter(indicator__plan=plan, report__state__in=REPORTED)
        .select_related("report")
        .order_by("indicator_id", "report__body_id", "-report__period__cutoff")
    )
    for row in rows:
        latest[row.indicator_id].setdefault(row.report.body_id, value_of(row))
    standings = {}
    for pk, indicator in indicators.items():
        values = [v for v in latest[pk].values() if v is not None]
        status = kpi_status_of_bodies(
            values,
            lead_count=len(leads[pk]) or 1,
            op=indicator.target_op,
            target=indicator.target_value,
        )
        single = values[0] if len(values) == 1 else None
        standings[pk] = KpiStanding(status, single, len(values), len(leads[pk]))
    return standings


# --- The plan page and the chair's overview --------------------------------------


def plan_page_status(plan: Plan, *, tasks: list[Task], now=None) -> dict:
    """What the plan page shows of the plan's progress, in a fixed number of queries:
    each listed task gets ``work_status`` (its class), plus the summary and KPIs."""
    if plan.is_draft:
        return {}
    found = plan_status(plan, now=now)
    for task in tasks:
        task.work_status = found.tasks.get(task.pk)
    standings = kpi_statuses(plan)
    kpi_counts = {status: 0 for status in KpiStatus}
    for standing in standings.values():
        if standing.lead_count:  # a KPI split in parts is reported part by part
            kpi_counts[standing.status] += 1
    return {
        "plan_status": found,
        "kpi_counts": [(status, n) for status, n in kpi_counts.items() if n],
        "board_periods": recent_periods(plan, now=now),
    }


def overview_for(user, *, now=None) -> list[tuple[Plan, PlanProgress]]:
    """Each published plan with its status, as a viewer sees it: the chair every
    task, a member only the tasks of the bodies he oversees."""
    plans = _published_plans()
    found = plan_statuses(plans, body_ids=readable_body_ids(user), now=now)
    return [(plan, found[plan.pk]) for plan in plans]


def overdue_tasks(*, now=None) -> list[tuple[Plan, Task, list[Body]]]:
    """Every overdue task of the published plans, with its lead bodies not done —
    the tasks the plan pages and the overview count "quá hạn" (``plan_statuses``),
    earliest due first."""
    plans = _published_plans()
    found = plan_statuses(plans, now=now)
    overdue = [(plan, task, bodies) for plan in plans for task, bodies in found[plan.pk].overdue]
    overdue.sort(key=lambda row: (row[1].due, row[0].title, row[1].position))
    return overdue


def _published_plans() -> list[Plan]:
    return list(Plan.objects.filter(status="published").order_by("-year", "-published_at"))


def body_page_status(body: Body, *, work, now=None) -> dict:
    """The body's own class on each of its tasks (``work_status`` on each task
    assignment of ``plans.selectors.pages.body_work``) and the counts over the tasks it
    leads — five queries, whatever the number of plans and tasks."""
    assignments = [a for entry in work.plans for a in entry.tasks]
    if not assignments:
        return {}
    moment = clock.now(now)
    today = clock.today(moment)
    counter = working_days_until(today)
    latest = latest_of([(a.pk, body.pk, a.plan_id) for a in assignments])
    recurring = [a.plan_id for a in assignments if a.task.recurrence]
    missing = _missing_periods(recurring, {body.pk}, moment) if recurring else {}
    summary = Summary()
    for a in assignments:
        progress = LeadProgress(
            body.pk, *latest.get(a.pk, ("", None)), missing=missing.get((a.plan_id, body.pk), ())
        )
        task = a.task
        facts = TaskFacts(task.due, task.recurrence, task.condition, task.condition_met_on)
        a.work_status = assignment_status(facts, progress, today=today, working_days_until=counter)
        if a.role == AssignmentRole.LEAD:
            summary.add(a.work_status)
    return {"body_status": summary, "status_today": today}
