"""Status classes of tasks, assignments and KPIs — pure, no database.

The classes are the Government Office's: done on time, done late, in progress
on time, due soon (within 3 working days), overdue, not yet due; plus "waiting
for a condition" for a task that starts only when something happens, and, for a
recurring task, "on track" while every period so far is reported.

Plain dataclasses in, a status out; ``today`` and the working-day count are
passed in, so the rules can be tested at any date without a calendar table.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from theodoi.lib import workdays

DUE_SOON_WORKING_DAYS = 3


class Status(StrEnum):
    DONE_ON_TIME = "done-on-time"
    DONE_LATE = "done-late"
    ON_TRACK = "on-track"
    DUE_SOON = "due-soon"
    OVERDUE = "overdue"
    NOT_DUE = "not-due"
    WAITING = "waiting"
    UNREPORTED = "unreported"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]

    @property
    def is_done(self) -> bool:
        return self in {Status.DONE_ON_TIME, Status.DONE_LATE}


STATUS_LABELS = {
    Status.DONE_ON_TIME: _("Hoàn thành đúng hạn"),
    Status.DONE_LATE: _("Hoàn thành quá hạn"),
    Status.ON_TRACK: _("Đang thực hiện trong hạn"),
    Status.DUE_SOON: _("Sắp đến hạn"),
    Status.OVERDUE: _("Đang thực hiện quá hạn"),
    Status.NOT_DUE: _("Chưa đến hạn"),
    Status.WAITING: _("Chờ điều kiện"),
    Status.UNREPORTED: _("Chưa báo cáo"),
}


def working_days_counter(
    today: date, days_off: Iterable[date] = (), working_days: Iterable[date] = ()
) -> Callable[[date], int]:
    """``working_days_until(due)``: the working days after ``today`` up to ``due``
    (0 on the due day itself, negative never: a past day gives -1), counted by
    ``theodoi.lib.workdays`` with these days off and make-up working days."""
    days_off, working_days = frozenset(days_off), frozenset(working_days)

    def working_days_until(due: date) -> int:
        return workdays.working_days_until(today, due, days_off, working_days)

    return working_days_until


@dataclass(frozen=True)
class LeadProgress:
    """One lead body's latest reported progress on a task.

    ``state`` is the item state (``done``, ``in_progress``…) or "" if never
    reported; ``done_on`` the completion date (the item's, else the day the
    report was submitted); ``missing`` the past periods (cut-off passed) the
    body has not reported, as ``(cut-off day, label)`` — for a recurring task.
    """

    body_id: int
    state: str = ""
    done_on: date | None = None
    missing: tuple[tuple[date, str], ...] = ()

    @property
    def done(self) -> bool:
        return self.state == "done"


@dataclass(frozen=True)
class TaskFacts:
    due: date | None
    recurrence: str = ""
    condition: str = ""
    condition_met_on: date | None = None
    leads: tuple[LeadProgress, ...] = ()


@dataclass(frozen=True)
class TaskStatus:
    status: Status
    lead_count: int = 0
    done_count: int = 0  # lead bodies done (recurring: on track)
    done_on: date | None = None
    missing_period: str = ""  # the first period not reported, for a recurring task
    fallen_due: bool = False  # counted in the rates (a dated task whose due day has come)

    @property
    def label(self) -> str:
        return self.status.label

    @property
    def is_tally(self) -> bool:
        """Several lead bodies (a group): the page shows "87/102 hoàn thành"."""
        return self.lead_count > 1


def task_status(
    facts: TaskFacts, *, today: date, working_days_until: Callable[[date], int]
) -> TaskStatus:
    """The task's class on ``today``. With several lead bodies (a group), the task
    is done when every one is done, on the day the last one finished."""
    leads = facts.leads
    count = len(leads)
    if facts.condition.strip() and facts.condition_met_on is None:
        return TaskStatus(Status.WAITING, count, sum(p.done for p in leads))
    if facts.recurrence:
        behind = [p for p in leads if p.missing]
        if behind:
            first = min(min(p.missing) for p in behind)[1]
            return TaskStatus(Status.UNREPORTED, count, count - len(behind), missing_period=first)
        return TaskStatus(Status.ON_TRACK, count, count)
    done = [p for p in leads if p.done]
    fallen_due = facts.due is not None and facts.due <= today
    if leads and len(done) == count:
        finished = max((p.done_on for p in done if p.done_on), default=None)
        late = facts.due is not None and finished is not None and finished > facts.due
        status = Status.DONE_LATE if late else Status.DONE_ON_TIME
        return TaskStatus(status, count, count, finished, fallen_due=fallen_due)
    if facts.due is None:
        started = any(p.state in {"in_progress", "done"} for p in leads)
        return TaskStatus(Status.ON_TRACK if started else Status.NOT_DUE, count, len(done))
    left = working_days_until(facts.due)
    if left < 0:
        status = Status.OVERDUE
    elif left <= DUE_SOON_WORKING_DAYS:
        status = Status.DUE_SOON
    elif any(p.state in {"in_progress", "done"} for p in leads):
        status = Status.ON_TRACK
    else:
        status = Status.NOT_DUE
    return TaskStatus(status, count, len(done), fallen_due=fallen_due)


def assignment_status(
    facts: TaskFacts, progress: LeadProgress, *, today: date, working_days_until
) -> TaskStatus:
    """One body's class on a task: the task's rules with that body alone."""
    one = TaskFacts(
        facts.due, facts.recurrence, facts.condition, facts.condition_met_on, (progress,)
    )
    return task_status(one, today=today, working_days_until=working_days_until)


@dataclass
class Summary:
    """Counts per class and the rates over the tasks that have fallen due
    (as the Government Office's reports count them)."""

    counts: dict[Status, int] = field(default_factory=lambda: {s: 0 for s in Status})
    fallen_due: int = 0
    done_on_time_due: int = 0
    done_due: int = 0
    overdue: int = 0

    def add(self, status: TaskStatus) -> None:
        self.counts[status.status] += 1
        if status.fallen_due:
            self.fallen_due += 1
            self.done_on_time_due += status.status == Status.DONE_ON_TIME
            self.done_due += status.status.is_done
        self.overdue += status.status == Status.OVERDUE

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def rows(self) -> list[tuple[Status, int]]:
        return [(status, n) for status, n in self.counts.items() if n]

    def _rate(self, part: int) -> Decimal | None:
        if not self.fallen_due:
            return None
        return (Decimal(100) * part / self.fallen_due).quantize(Decimal("0.1"))

    @property
    def on_time_rate(self) -> Decimal | None:
        """Tỷ lệ hoàn thành đúng hạn = hoàn thành đúng hạn / số nhiệm vụ đã đến hạn."""
        return self._rate(self.done_on_time_due)

    @property
    def done_rate(self) -> Decimal | None:
        return self._rate(self.done_due)


def summarize(statuses: Iterable[TaskStatus]) -> Summary:
    summary = Summary()
    for status in statuses:
        summary.add(status)
    return summary


# --- KPIs ---------------------------------------------------------------------


class KpiStatus(StrEnum):
    MET = "met"
    NOT_MET = "not-met"
    NO_DATA = "no-data"

    @property
    def label(self) -> str:
        return KPI_LABELS[self]


KPI_LABELS = {
    KpiStatus.MET: _("Đạt"),
    KpiStatus.NOT_MET: _("Chưa đạt"),
    KpiStatus.NO_DATA: _("Chưa có số liệu"),
}

_COMPARE = {
    ">=": lambda v, t: v >= t,
    "≥": lambda v, t: v >= t,
    ">": lambda v, t: v > t,
    "<=": lambda v, t: v <= t,
    "≤": lambda v, t: v <= t,
    "<": lambda v, t: v < t,
    "=": lambda v, t: v == t,
}


def kpi_status(value: Decimal | None, *, op: str, target: Decimal | None) -> KpiStatus:
    """The latest reported value against the target; no value (or no comparable
    target) is "no data"."""
    compare = _COMPARE.get(op or "")
    if value is None or target is None or compare is None:
        return KpiStatus.NO_DATA
    return KpiStatus.MET if compare(Decimal(value), Decimal(target)) else KpiStatus.NOT_MET


def kpi_status_of_bodies(
    values: Iterable[Decimal | None], *, lead_count: int, op: str, target
) -> KpiStatus:
    """A KPI several bodies report: not met as soon as one reported value misses,
    met when every lead body reported and met, else no (complete) data."""
    statuses = [kpi_status(v, op=op, target=target) for v in values]
    if KpiStatus.NOT_MET in statuses:
        return KpiStatus.NOT_MET
    met = statuses.count(KpiStatus.MET)
    return KpiStatus.MET if met and met >= lead_count else KpiStatus.NO_DATA
