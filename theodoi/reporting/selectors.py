"""Reads of the reporting cycle: where each task and KPI of a plan stands, and the
office's board of a period. Every read here runs a fixed number of queries,
whatever the number of tasks or bodies (the latest items are grouped in Python
from one ordered query, never fetched per task).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Exists, F, Max, OuterRef, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _

from theodoi.accounts.models import User
from theodoi.bodies.models import Body
from theodoi.core import clock
from theodoi.core.search import fold
from theodoi.notify.models import Kind, Notification
from theodoi.plans.models import Assignment, Plan, Role, Task
from theodoi.plans.models import PlanStatus as PlanState

from . import rules as calendar
from . import status as rules
from .models import KpiValue, Period, Report, ReportItem, ReportState
from .services.calendar import calendar_days

# Beyond this many days a due date is not "due soon", whatever the days off (Tết
# takes at most ten).
DUE_SOON_HORIZON = 31

# A report counts as "reported" once its focal officer sent it and no one returned it.
REPORTED = [ReportState.SUBMITTED, ReportState.APPROVED, ReportState.ACCEPTED]


def working_days_until(today: date):
    """``due -> working days after today up to due`` (-1 once past), from the
    calendar's days off, read in one query."""
    days_off, working_days = calendar_days(today, today + timedelta(days=DUE_SOON_HORIZON))

    def until(due: date) -> int:
        if due < today:
            return -1
        if (due - today).days > DUE_SOON_HORIZON:
            return (due - today).days  # far off: the exact count does not matter
        return calendar.working_days_between(today, due, days_off, working_days)

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
class PlanStatus:
    """Where a published plan's tasks stand on a day."""

    today: date
    tasks: dict[int, rules.TaskStatus]  # open task id -> its class
    summary: rules.Summary
    overdue: list[tuple[Task, list[Body]]] = field(default_factory=list)  # and whose
    waiting: list[Task] = field(default_factory=list)


def plan_status(plan: Plan, *, body_ids: set[int] | None = None, now=None) -> PlanStatus:
    """Each open task's class and the plan's summary (counts, rates over the tasks
    fallen due) — about eight queries, however large the plan.

    With ``body_ids`` (a member who oversees some bodies), only the tasks those
    bodies lead count, each by what those bodies did.
    """
    return plan_statuses([plan], body_ids=body_ids, now=now)[plan.pk]


def plan_statuses(
    plans: list[Plan], *, body_ids: set[int] | None = None, now=None
) -> dict[int, PlanStatus]:
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
            plan_id__in=plan_ids, role=Role.LEAD, task__isnull=False, task__closed_at__isnull=True
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

    results = {pk: PlanStatus(today=today, tasks={}, summary=rules.Summary()) for pk in plan_ids}
    for task_id, task in tasks.items():
        if not leads[task_id]:
            continue
        result = results[task.plan_id]
        progress = {
            body.pk: rules.LeadProgress(
                body.pk,
                *latest.get(pk, ("", None)),
                missing=missing.get((task.plan_id, body.pk), ()),
            )
            for pk, body in leads[task_id]
        }
        facts = rules.TaskFacts(
            task.due,
            task.recurrence,
            task.condition,
            task.condition_met_on,
            tuple(progress.values()),
        )
        found = rules.task_status(facts, today=today, working_days_until=counter)
        result.tasks[task_id] = found
        if task_id in parents:
            continue  # a parent task shows its class; its sub-tasks are what count
        result.summary.add(found)
        if found.status == rules.Status.OVERDUE:
            behind = [body for _pk, body in leads[task_id] if not progress[body.pk].done]
            result.overdue.append((task, behind))
        elif found.status == rules.Status.WAITING:
            result.waiting.append(task)
    for result in results.values():
        result.overdue.sort(key=lambda entry: (entry[0].due, entry[0].position))
    return results


# --- KPIs ---------------------------------------------------------------------


@dataclass
class KpiStanding:
    status: rules.KpiStatus
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
        plan=plan, role=Role.LEAD, indicator__isnull=False
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
        status = rules.kpi_status_of_bodies(
            values,
            lead_count=len(leads[pk]) or 1,
            op=indicator.target_op,
            target=indicator.target_value,
        )
        single = values[0] if len(values) == 1 else None
        standings[pk] = KpiStanding(status, single, len(values), len(leads[pk]))
    return standings


# --- The office's board of a period --------------------------------------------

# The board's columns, in the order a report moves through them.
BOARD_STATES = {
    "not-started": _("Chưa bắt đầu"),
    "draft": _("Đang soạn"),
    "submitted": _("Đã gửi"),
    "approved": _("Chờ thường trực"),
    "accepted": _("Đã tiếp nhận"),
    "returned": _("Bị trả lại"),
}


# The columns of a body that has not sent its report.
UNSENT_STATES = {"not-started", "draft", "returned"}


def board_state(report: Report | None) -> str:
    """A report's column on the board: no report, or a draft never saved (its
    version is still the first), is "not started"."""
    if report is None or (report.state == ReportState.DRAFT and report.version == 1):
        return "not-started"
    return str(report.state)


@dataclass(frozen=True)
class BoardFilters:
    state: str = ""
    kind: str = ""
    late: bool = False
    query: str = ""
    no_account: bool = False  # bodies missing a focal officer's or a head's account

    @classmethod
    def from_params(cls, params) -> "BoardFilters":
        state = params.get("trang-thai", "")
        return cls(
            state=state if state in BOARD_STATES else "",
            kind=params.get("loai", "")[:20],
            late=params.get("muon") == "1",
            query=params.get("q", "").strip()[:200],
            no_account=params.get("chua-tai-khoan") == "1",
        )

    def keeps(self, row: "BoardRow") -> bool:
        return (
            (not self.state or row.state == self.state)
            and (not self.kind or row.body.kind == self.kind)
            and (not self.late or (row.report is not None and row.report.late))
            and (not self.query or fold(self.query) in fold(row.body.name))
            and (not self.no_account or not (row.has_focal and row.has_head))
        )


@dataclass
class BoardRow:
    body: Body
    report: Report | None
    state: str
    url: str = ""  # the report's page
    has_focal: bool = False  # an active focal officer's account
    has_head: bool = False  # an active head's account
    last_reminded: datetime | None = None  # the latest reminder of the period, any kind

    @property
    def label(self) -> str:
        return BOARD_STATES[self.state]

    @property
    def unsent(self) -> bool:
        """The body still owes its report: none yet, or one still being written."""
        return self.state in UNSENT_STATES


@dataclass
class Board:
    period: Period
    rows: list[BoardRow]  # the rows the filters keep
    counts: dict[str, int]  # over every body of the period, filters aside
    late: int
    total: int
    without_account: int = 0  # bodies with no focal officer or no head, filters aside

    @property
    def columns(self) -> list[tuple[str, str, int]]:
        """(state, label, how many bodies) for the counts at the top."""
        return [(key, label, self.counts[key]) for key, label in BOARD_STATES.items()]


def period_board(period: Period, filters: BoardFilters, body_ids: set[int] | None = None) -> Board:
    """Every body the plan assigns work to (only ``body_ids`` when given: a member
    sees the bodies he oversees), with its report of the period, whether it has a
    focal officer and a head, and when it was last reminded: three queries."""
    bodies = Body.objects.filter(assignments__plan_id=period.plan_id).distinct()
    if body_ids is not None:
        bodies = bodies.filter(pk__in=body_ids)
    bodies = bodies.annotate(has_focal=_has_account("focal"), has_head=_has_account("head"))
    reports = {r.body_id: r for r in Report.objects.filter(period=period)}
    reminded = board_last_reminders(period)
    rows = []
    counts = dict.fromkeys(BOARD_STATES, 0)
    late = without_account = 0
    for body in bodies.order_by("kind", "name"):
        report = reports.get(body.pk)
        row = BoardRow(
            body,
            report,
            board_state(report),
            has_focal=body.has_focal,
            has_head=body.has_head,
            last_reminded=reminded.get(body.pk),
        )
        counts[row.state] += 1
        late += bool(report and report.late)
        without_account += not (row.has_focal and row.has_head)
        if filters.keeps(row):
            rows.append(row)
    return Board(period, rows, counts, late, sum(counts.values()), without_account)


def reports_awaiting_office():
    """Reports a head approved, waiting for the office to accept or return them."""
    return (
        Report.objects.filter(state=ReportState.APPROVED)
        .select_related("body", "period__plan")
        .order_by("period__cutoff", "submitted_at")
    )


# --- The plan page and the chair's overview --------------------------------------


def recent_periods(plan: Plan, *, now=None, count: int = 3) -> list[Period]:
    """The plan's latest periods whose data window has begun, newest first."""
    today = clock.today(now)
    return list(Period.objects.filter(plan=plan, starts_on__lte=today).order_by("-cutoff")[:count])


def periods_by_plan(*, now=None, count: int = 3) -> list[tuple[Plan, list[Period]]]:
    """Each published plan with its latest ``count`` periods begun, newest first (two queries):
    the office's way into the boards."""
    plans = list(Plan.objects.filter(status=PlanState.PUBLISHED).order_by("-year", "title"))
    periods: dict[int, list[Period]] = {plan.pk: [] for plan in plans}
    begun = Period.objects.filter(plan__in=plans, starts_on__lte=clock.today(now))
    for period in begun.order_by("plan_id", "-cutoff"):
        if len(periods[period.plan_id]) < count:
            periods[period.plan_id].append(period)
    return [(plan, periods[plan.pk]) for plan in plans]


def plan_page_status(plan: Plan, tasks: list[Task], *, now=None) -> dict:
    """What the plan page shows of the plan's progress, in a fixed number of queries:
    each listed task gets ``work_status`` (its class), plus the summary and KPIs."""
    if plan.is_draft:
        return {}
    found = plan_status(plan, now=now)
    for task in tasks:
        task.work_status = found.tasks.get(task.pk)
    standings = kpi_statuses(plan)
    kpi_counts = {status: 0 for status in rules.KpiStatus}
    for standing in standings.values():
        if standing.lead_count:  # a KPI split in parts is reported part by part
            kpi_counts[standing.status] += 1
    return {
        "plan_status": found,
        "kpi_counts": [(status, n) for status, n in kpi_counts.items() if n],
        "board_periods": recent_periods(plan, now=now),
    }


def overview_for(user, *, now=None) -> list[tuple[Plan, PlanStatus]]:
    """Each published plan with its status, as a viewer sees it: the chair every
    task, a member only the tasks of the bodies he oversees."""
    overseen = set(user.overseen_bodies.values_list("pk", flat=True))
    plans = _published_plans()
    found = plan_statuses(plans, body_ids=overseen or None, now=now)
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


def body_page_status(body: Body, work, *, now=None) -> dict:
    """The body's own class on each of its tasks (``work_status`` on each task
    assignment of ``plans.selectors.body_work``) and the counts over the tasks it
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
    summary = rules.Summary()
    for a in assignments:
        progress = rules.LeadProgress(
            body.pk, *latest.get(a.pk, ("", None)), missing=missing.get((a.plan_id, body.pk), ())
        )
        task = a.task
        facts = rules.TaskFacts(task.due, task.recurrence, task.condition, task.condition_met_on)
        a.work_status = rules.assignment_status(
            facts, progress, today=today, working_days_until=counter
        )
        if a.role == Role.LEAD:
            summary.add(a.work_status)
    return {"body_status": summary, "status_today": today}


# --- Who can be reminded on the board -------------------------------------------

# Every notice that reminds a body of its report (escalations only when about one body).
REMINDER_KINDS = [Kind.BEFORE, Kind.CUTOFF_DAY, Kind.OVERDUE, Kind.ESCALATION, Kind.CHASE]


def _has_account(role: str) -> Exists:
    """The body (the outer row) has an active account of ``role``."""
    return Exists(User.objects.filter(body_id=OuterRef("pk"), role=role, is_active=True))


def board_last_reminders(period: Period) -> dict[int, datetime]:
    """Body id -> when the body was last reminded of the period (by the scheduler
    or by the office's "Nhắc ngay"); one query."""
    return dict(
        Notification.objects.filter(period=period, kind__in=REMINDER_KINDS, body__isnull=False)
        .values("body_id")
        .annotate(last=Max("created_at"))
        .values_list("body_id", "last")
    )
