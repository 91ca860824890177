"""The committee's report of one period of a plan, compiled from the database: plain,
frozen data (names, codes, texts, counts, dates) a DOCX or XLSX writer prints without
a query.

Every figure comes from the reads the pages use — ``progress.plan_status`` for the
task classes and the overdue tasks, ``results.kpi_actuals`` for the KPIs,
``board.period_board`` / ``board.board_state`` for who sent what — so the report
says what the screens say. A fixed number of queries (about thirty), whatever the
number of bodies and tasks.
"""

import calendar
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from theodoi.core import clock
from theodoi.plans.models import Assignment, AssignmentRole, Plan

from ..models import Period, Report, ReportItem, ReportState
from ..status import KpiStatus, Status
from .board import BOARD_STATES, BoardFilters, board_state, period_board
from .progress import plan_status
from .results import kpi_actuals

# --- The data ---------------------------------------------------------------------


@dataclass(frozen=True)
class ClassCount:
    """One status class: its count at the cut-off and the change since the previous
    period's cut-off (None when the plan has no earlier period)."""

    status: Status
    count: int
    previous: int | None = None

    @property
    def label(self) -> str:
        return str(self.status.label)

    @property
    def change(self) -> int | None:
        return None if self.previous is None else self.count - self.previous


@dataclass(frozen=True)
class KpiRow:
    code: str
    name: str
    value: Decimal | None
    target: str  # as the plan writes it ("≥ 80")
    unit: str
    status: KpiStatus

    @property
    def label(self) -> str:
        return str(self.status.label)


@dataclass(frozen=True)
class Passage:
    """A body's sentence on a task, attributed."""

    body: str
    task_code: str
    text: str


@dataclass(frozen=True)
class SectionResults:
    code: str  # "" for the tasks outside any section
    title: str
    passages: tuple[Passage, ...]


@dataclass(frozen=True)
class BodyPassages:
    body: str
    passages: tuple[Passage, ...]


@dataclass(frozen=True)
class Discipline:
    """Reporting discipline, by name (every body the plan assigns work to)."""

    expected: tuple[str, ...]
    on_time: tuple[str, ...]
    late: tuple[str, ...]
    not_sent: tuple[str, ...]


@dataclass(frozen=True)
class TaskLine:
    """A task with its lead bodies: due next period, or overdue (``days_late``)."""

    code: str
    title: str
    leads: tuple[str, ...]
    due: date
    days_late: int = 0


@dataclass(frozen=True)
class MatrixRow:
    body: str
    states: tuple[str, ...]  # board states (``board.BOARD_STATES`` keys), one per period

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(str(BOARD_STATES[state]) for state in self.states)


@dataclass(frozen=True)
class StatusMatrix:
    periods: tuple[str, ...]  # labels, oldest first, up to the report's period
    rows: tuple[MatrixRow, ...]


@dataclass(frozen=True)
class CompiledReport:
    plan_title: str
    period_label: str
    as_of: datetime
    today: date
    previous_label: str | None
    next_label: str | None
    # II. Kết quả
    classes: tuple[ClassCount, ...]
    total: int
    previous_total: int | None
    on_time_rate: Decimal | None
    done_rate: Decimal | None
    kpis: tuple[KpiRow, ...]
    sections: tuple[SectionResults, ...]
    discipline: Discipline
    # III. Tồn tại, hạn chế
    difficulties: tuple[BodyPassages, ...]
    # IV. Nhiệm vụ trọng tâm kỳ tới
    next_tasks: tuple[TaskLine, ...]
    # V. Kiến nghị, đề xuất
    proposals: tuple[BodyPassages, ...]
    # Phụ lục
    overdue: tuple[TaskLine, ...]
    matrix: StatusMatrix


# --- The compilation --------------------------------------------------------------


def report_compile(plan: Plan, *, period: Period, now=None) -> CompiledReport:
    """The committee's report of ``period`` of the published ``plan``.

    Counted as of ``now`` (by default the period's cut-off): the task classes, the
    overdue tasks and their days late, the tasks due before the next period's
    cut-off (a month after this one's when there is none). The texts — results,
    difficulties, proposals — are those of the reports the office **accepted**
    (a report sent but not yet accepted contributes no text); the reporting
    discipline counts every body the plan expects a report from, as the period's
    board shows it (sent on time, sent late, not sent).

    Two things are read as they stand today, whatever ``now``: the reporting
    discipline and the matrix (the board's states and its "late" flag), and each
    body's progress on a task — ``plan_status`` takes its latest sent report, so the
    counts at the previous period's cut-off (the "change") differ from today's by
    the dates (what fell due, what became overdue), not by reports sent since.
    The KPIs are each body's latest sent value (``kpi_actuals``).
    """
    as_of = period.cutoff if now is None else clock.now(now)
    today = clock.today(as_of)
    periods = list(Period.objects.filter(plan=plan).order_by("cutoff", "pk"))
    index = next(n for n, p in enumerate(periods) if p.pk == period.pk)
    previous = periods[index - 1] if index else None
    following = periods[index + 1] if index + 1 < len(periods) else None

    found = plan_status(plan, now=as_of)
    before = plan_status(plan, now=previous.cutoff).summary if previous else None
    classes = tuple(
        ClassCount(status, n, before.counts[status] if before else None)
        for status, n in found.summary.counts.items()
    )
    items = _accepted_items(period)
    board = period_board(period, filters=BoardFilters())
    rank = {row.body.pk: n for n, row in enumerate(board.rows)}  # the board's order
    horizon = clock.today(following.cutoff) if following else _month_after(today)
    return CompiledReport(
        plan_title=plan.title,
        period_label=period.label,
        as_of=as_of,
        today=today,
        previous_label=previous.label if previous else None,
        next_label=following.label if following else None,
        classes=classes,
        total=found.summary.total,
        previous_total=before.total if before else None,
        on_time_rate=found.summary.on_time_rate,
        done_rate=found.summary.done_rate,
        kpis=_kpis(plan),
        sections=_sections(plan, items),
        discipline=Discipline(
            expected=tuple(row.body.name for row in board.rows),
            on_time=tuple(r.body.name for r in board.rows if not r.unsent and not r.report.late),
            late=tuple(r.body.name for r in board.rows if not r.unsent and r.report.late),
            not_sent=tuple(r.body.name for r in board.rows if r.unsent),
        ),
        difficulties=_by_body(items, "difficulties", rank),
        next_tasks=_due_next(plan, found.tasks, today, horizon),
        proposals=_by_body(items, "proposals", rank),
        overdue=tuple(
            TaskLine(
                task.code,
                task.title,
                tuple(body.name for body in bodies),
                task.due,
                (today - task.due).days,
            )
            for task, bodies in found.overdue
        ),
        matrix=_matrix(periods[: index + 1], [row.body for row in board.rows]),
    )


def _month_after(day: date) -> date:
    """The same day a month later (the month's last day when it has fewer days)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _accepted_items(period: Period) -> list[ReportItem]:
    """The task items of the period's accepted reports, in document order (section,
    task, leads before supports, bodies by kind and name); one query."""
    return list(
        ReportItem.objects.filter(
            report__period=period,
            report__state=ReportState.ACCEPTED,
            assignment__task__isnull=False,
        )
        .select_related("report__body", "assignment__task__section")
        .order_by(
            "assignment__task__section__position",
            "assignment__task__position",
            "assignment__role",
            "report__body__kind",
            "report__body__name",
        )
    )


def _passage(item: ReportItem, text: str) -> Passage:
    return Passage(item.report.body.name, item.assignment.task.code, text.strip())


def _sections(plan: Plan, items: list[ReportItem]) -> tuple[SectionResults, ...]:
    """Every section of the plan in order, with the results reported on its tasks
    (the tasks outside any section last, under an empty code)."""
    passages: dict[int | None, list[Passage]] = defaultdict(list)
    for item in items:
        if item.results.strip():
            passages[item.assignment.task.section_id].append(_passage(item, item.results))
    found = [
        SectionResults(section.code, section.title, tuple(passages[section.pk]))
        for section in plan.sections.order_by("position", "pk")
    ]
    if passages.get(None):
        found.append(SectionResults("", "", tuple(passages[None])))
    return tuple(found)


def _by_body(items: list[ReportItem], field: str, rank: dict[int, int]) -> tuple[BodyPassages, ...]:
    """The non-empty ``field`` of the items, grouped by body (in the board's order),
    each body's in document order."""
    grouped: dict[int, list[Passage]] = defaultdict(list)
    bodies = {}
    for item in items:
        text = getattr(item, field)
        if text.strip():
            body = item.report.body
            bodies[body.pk] = body
            grouped[body.pk].append(_passage(item, text))
    order = sorted(bodies, key=lambda pk: (rank.get(pk, len(rank)), pk))
    return tuple(BodyPassages(bodies[pk].name, tuple(grouped[pk])) for pk in order)


def _kpis(plan: Plan) -> tuple[KpiRow, ...]:
    actuals = kpi_actuals(plan)
    indicators = plan.indicators.filter(closed_at__isnull=True).order_by("position", "pk")
    return tuple(
        KpiRow(
            indicator.code,
            indicator.name,
            actuals[indicator.pk].value,
            indicator.target_text,
            indicator.unit,
            actuals[indicator.pk].status,
        )
        for indicator in indicators
        if indicator.pk in actuals
    )


def _due_next(plan: Plan, statuses: dict, today: date, horizon: date) -> tuple[TaskLine, ...]:
    """Open tasks not done, due after ``today`` up to ``horizon``, with their lead
    bodies, by due date (parent tasks aside: their sub-tasks are listed)."""
    leads = Assignment.objects.filter(
        plan=plan, role=AssignmentRole.LEAD, task__isnull=False, task__closed_at__isnull=True
    ).select_related("task", "body")
    tasks, bodies = {}, defaultdict(list)
    parents = set()
    for assignment in leads.order_by("body__kind", "body__name"):
        task = assignment.task
        tasks[task.pk] = task
        parents.add(task.parent_id)
        bodies[task.pk].append(assignment.body.name)
    due = [
        task
        for pk, task in tasks.items()
        if pk not in parents
        and task.due is not None
        and today < task.due <= horizon
        and pk in statuses
        and not statuses[pk].status.is_done
    ]
    due.sort(key=lambda task: (task.due, task.position))
    return tuple(TaskLine(task.code, task.title, tuple(bodies[task.pk]), task.due) for task in due)


def _matrix(periods: list[Period], bodies: list) -> StatusMatrix:
    """Bodies × the periods up to the report's, each cell the board's state; one query."""
    reports = {
        (r.body_id, r.period_id): r
        for r in Report.objects.filter(period__in=periods, body__in=[b.pk for b in bodies])
    }
    rows = tuple(
        MatrixRow(body.name, tuple(board_state(reports.get((body.pk, p.pk))) for p in periods))
        for body in bodies
    )
    return StatusMatrix(tuple(p.label for p in periods), rows)
