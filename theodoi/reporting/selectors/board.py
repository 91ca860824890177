"""Reads of the office's board of a period (every body the plan assigns work to, with
its report's state) and of the ways into it: the reports waiting for the office, the
latest periods of each plan."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from theodoi.accounts.models import User
from theodoi.bodies.models import Body
from theodoi.core import clock
from theodoi.core.roles import Role
from theodoi.lib.text import fold_accents
from theodoi.plans.models import Plan, PlanStatus

from ..models import Period, Report, ReportState

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
            and (not self.query or fold_accents(self.query) in fold_accents(row.body.name))
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
    last_reminded: datetime | None = None  # the period's latest reminder (read by notify)

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


def period_board(
    period: Period, *, filters: BoardFilters, body_ids: set[int] | None = None
) -> Board:
    """Every body the plan assigns work to (only ``body_ids`` when given: a member
    sees the bodies he oversees), with its report of the period, whether it has a
    focal officer and a head: two queries. (When each body was last reminded is
    notify's to read: ``notify.selectors.board_last_reminders``.)"""
    bodies = Body.objects.filter(assignments__plan_id=period.plan_id).distinct()
    if body_ids is not None:
        bodies = bodies.filter(pk__in=body_ids)
    bodies = bodies.annotate(has_focal=_has_account(Role.FOCAL), has_head=_has_account(Role.HEAD))
    reports = {r.body_id: r for r in Report.objects.filter(period=period)}
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


def recent_periods(plan: Plan, *, now=None, count: int = 3) -> list[Period]:
    """The plan's latest periods whose data window has begun, newest first."""
    today = clock.today(now)
    return list(Period.objects.filter(plan=plan, starts_on__lte=today).order_by("-cutoff")[:count])


def periods_by_plan(*, now=None, count: int = 3) -> list[tuple[Plan, list[Period]]]:
    """Each published plan with its latest ``count`` periods begun, newest first (two queries):
    the office's way into the boards."""
    plans = list(Plan.objects.filter(status=PlanStatus.PUBLISHED).order_by("-year", "title"))
    periods: dict[int, list[Period]] = {plan.pk: [] for plan in plans}
    begun = Period.objects.filter(plan__in=plans, starts_on__lte=clock.today(now))
    for period in begun.order_by("plan_id", "-cutoff"):
        if len(periods[period.plan_id]) < count:
            periods[period.plan_id].append(period)
    return [(plan, periods[plan.pk]) for plan in plans]


def _has_account(role: str) -> Exists:
    """The body (the outer row) has an active account of ``role``."""
    return Exists(User.objects.filter(body_id=OuterRef("pk"), role=role, is_active=True))
