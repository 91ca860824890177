"""The chair's screen, read from the stored rows only (``PeriodSnapshot``,
``BodyPeriodStat``, ``KpiPoint``) and the names of plans, KPIs and bodies.

A plan's screen costs a fixed number of queries (periods, snapshots, stats, points,
KPIs, the KPIs' leads for a member, the scorecard's and the explanations' own),
whatever the number of bodies, periods and reports: the figures were computed when
the reports moved (``services/rollup.py``).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from theodoi.core import clock
from theodoi.lib.forecast import Forecast, forecast
from theodoi.plans.models import Assignment, AssignmentRole, Indicator, Plan, PlanStatus
from theodoi.reporting.models import Period
from theodoi.reporting.status import Status

from .models import BodyPeriodStat, KpiPoint, PeriodSnapshot
from .services.explanations import explanations_for
from .services.scorecard import scorecard, top_and_bottom

# Worst first: the order of the tiles.
FORECAST_ORDER = {"at_risk": 0, "unknown": 1, "likely": 2, "met": 3}
FORECAST_LABELS = {
    "met": _("Đạt"),
    "likely": _("Có khả năng đạt"),
    "at_risk": _("Có nguy cơ không đạt"),
    "unknown": _("Chưa đánh giá được"),
}
METHOD_LABELS = {
    "trend": _("Xu hướng tuyến tính"),
    "ratio": _("Thực hiện so với kế hoạch đến kỳ"),
    "none": _("Chưa đủ số liệu"),
}
# The classes in the Government Office's order.
CLASS_ORDER = [
    Status.DONE_ON_TIME,
    Status.DONE_LATE,
    Status.ON_TRACK,
    Status.DUE_SOON,
    Status.OVERDUE,
    Status.UNREPORTED,
    Status.WAITING,
    Status.NOT_DUE,
]
HEAT_LABELS = {
    "on-time": _("Gửi đúng hạn"),
    "late": _("Gửi muộn"),
    "missing": _("Chưa gửi, đã quá hạn"),
    "pending": _("Chưa đến hạn"),
    "not-expected": _("Không phải báo cáo"),
    "none": _("Không có số liệu"),
}


@dataclass
class Tile:
    """A KPI's tile: its values period by period, its latest value and its forecast."""

    indicator: Indicator
    values: list  # [(Period, Decimal | None)] in the order of the periods
    forecast: Forecast
    leads: list = field(default_factory=list)  # [(body id, [explanations])]

    @property
    def latest(self) -> Decimal | None:
        known = [value for _period, value in self.values if value is not None]
        return known[-1] if known else None

    @property
    def numbers(self) -> list:
        return [value for _period, value in self.values]

    @property
    def state_label(self):
        return FORECAST_LABELS[self.forecast.state]

    @property
    def method_label(self):
        return METHOD_LABELS.get(self.forecast.method, self.forecast.method)


@dataclass
class ClassRow:
    status: Status
    count: int
    change: int | None  # since the previous period's snapshot; None: no previous one
    total: int = 0

    @property
    def label(self):
        return self.status.label

    @property
    def share(self) -> float | None:
        return self.count / self.total if self.total else None


@dataclass
class Rates:
    """A reporting-rate line (DHIS2's): reports expected, sent, sent on time."""

    expected: int = 0
    sent: int = 0
    on_time: int = 0

    def add(self, stat: BodyPeriodStat) -> None:
        if stat.expected:
            self.expected += 1
            self.sent += stat.sent
            self.on_time += stat.on_time

    @property
    def sent_rate(self) -> float | None:
        return self.sent / self.expected if self.expected else None

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.expected if self.expected else None


@dataclass
class HeatRow:
    body: object
    rates: Rates
    cells: list  # [(Period, state)] in the order of the periods


@dataclass
class PlanScreen:
    plan: Plan
    year: int
    periods: list[Period]
    limited: bool  # a member: only the bodies he oversees
    tiles: list[Tile] = field(default_factory=list)
    snapshot: PeriodSnapshot | None = None
    previous: PeriodSnapshot | None = None
    classes: list[ClassRow] = field(default_factory=list)
    overdue: list[dict] = field(default_factory=list)
    bodies: list[HeatRow] = field(default_factory=list)
    by_period: list[tuple[Period, Rates]] = field(default_factory=list)
    top: list = field(default_factory=list)
    bottom: list = field(default_factory=list)


def screen_year(plan: Plan, *, now=None) -> int:
    return plan.year or clock.today(now).year


def plan_screen(plan: Plan, *, body_ids: set[int] | None = None, now=None) -> PlanScreen:
    """Everything the plan's screen shows, for a reader of ``body_ids`` (None: all)."""
    moment = clock.now(now)
    year = screen_year(plan, now=moment)
    periods = list(Period.objects.filter(plan=plan, ends_on__year=year).order_by("cutoff"))
    screen = PlanScreen(plan, year, periods, limited=body_ids is not None)
    explanations = explanations_for(plan, body_ids=body_ids)
    screen.tiles = _tiles(plan, periods, body_ids=body_ids, year=year, asked=explanations)
    _tasks(screen, today=clock.today(moment), body_ids=body_ids, asked=explanations)
    _discipline(screen, moment=moment, body_ids=body_ids)
    rows = scorecard(plan, year=year)
    if body_ids is not None:
        rows = [row for row in rows if row.body_id in body_ids]
    screen.top, screen.bottom = top_and_bottom(rows, n=10)
    return screen


def _tiles(plan, periods, *, body_ids, year, asked) -> list[Tile]:
    """The KPIs (a member: those his bodies lead), worst forecast first."""
    leads: dict[int, list[int]] = defaultdict(list)
    for indicator_id, body_id in Assignment.objects.filter(
        plan=plan, indicator__isnull=False, role=AssignmentRole.LEAD
    ).values_list("indicator_id", "body_id"):
        if body_ids is None or body_id in body_ids:
            leads[indicator_id].append(body_id)
    indicators = Indicator.objects.filter(plan=plan, closed_at__isnull=True).order_by("position")
    if body_ids is not None:
        indicators = [indicator for indicator in indicators if indicator.pk in leads]
    values: dict[int, dict[int, Decimal | None]] = defaultdict(dict)
    for point in KpiPoint.objects.filter(plan=plan, period__in=periods):
        values[point.indicator_id][point.period_id] = point.value
    tiles = []
    for indicator in indicators:
        series = [(period, values[indicator.pk].get(period.pk)) for period in periods]
        points = [(period.ends_on, value) for period, value in series if value is not None]
        outlook = forecast(
            points,
            target=indicator.target_value,
            op=indicator.target_op,
            year_end=date(year, 12, 31),
        )
        cells = [(body, asked.get((None, indicator.pk, body), [])) for body in leads[indicator.pk]]
        tiles.append(Tile(indicator, series, outlook, cells))
    tiles.sort(key=lambda tile: FORECAST_ORDER.get(tile.forecast.state, 1))
    return tiles


def _tasks(screen: PlanScreen, *, today: date, body_ids, asked) -> None:
    """The classes of the latest period begun, their change, and its overdue tasks."""
    started = {period.pk: period for period in screen.periods if period.starts_on <= today}
    snapshots = {s.period_id: s for s in PeriodSnapshot.objects.filter(period_id__in=started)}
    found = [snapshots[pk] for pk in started if pk in snapshots]
    for snapshot in found:
        snapshot.period = started[snapshot.period_id]  # already read: no query per label
    if not found:
        return
    screen.snapshot = found[-1]
    screen.previous = found[-2] if len(found) > 1 else None
    before = screen.previous.classes if screen.previous else None
    screen.classes = [
        ClassRow(
            status,
            screen.snapshot.classes.get(status.value, 0),
            None
            if before is None
            else screen.snapshot.classes.get(status.value, 0) - before.get(status.value, 0),
            screen.snapshot.total,
        )
        for status in CLASS_ORDER
        if status.value in screen.snapshot.classes or (before and status.value in before)
    ]
    for entry in screen.snapshot.overdue:
        leads = [
            (body_id, name, asked.get((entry["task"], None, body_id), []))
            for body_id, name in entry["leads"]
            if body_ids is None or body_id in body_ids
        ]
        if leads:
            due = date.fromisoformat(entry["due"]) if entry.get("due") else None
            screen.overdue.append({**entry, "leads": leads, "due": due})


def heat_state(stat: BodyPeriodStat | None, *, period: Period, moment) -> str:
    if stat is None:
        return "none"
    if not stat.expected:
        return "not-expected"
    if stat.sent:
        return "on-time" if stat.on_time else "late"
    return "missing" if period.cutoff <= moment else "pending"


def _discipline(screen: PlanScreen, *, moment, body_ids) -> None:
    """Per body and per period over the periods whose cut-off has passed: reports
    expected, sent, sent on time; and the body × period heat map of every period."""
    stats = BodyPeriodStat.objects.filter(plan=screen.plan, period__in=screen.periods)
    if body_ids is not None:
        stats = stats.filter(body_id__in=body_ids)
    cells: dict[tuple[int, int], BodyPeriodStat] = {}
    bodies = {}
    for stat in stats.select_related("body").order_by("body__kind", "body__name"):
        cells[stat.body_id, stat.period_id] = stat
        bodies.setdefault(stat.body_id, stat.body)
    due = [period for period in screen.periods if period.cutoff <= moment]
    for period in screen.periods:
        if period in due:
            rates = Rates()
            for body_id in bodies:
                if stat := cells.get((body_id, period.pk)):
                    rates.add(stat)
            screen.by_period.append((period, rates))
    for body_id, body in bodies.items():
        rates = Rates()
        for period in due:
            if stat := cells.get((body_id, period.pk)):
                rates.add(stat)
        row_cells = [
            (period, heat_state(cells.get((body_id, period.pk)), period=period, moment=moment))
            for period in screen.periods
        ]
        screen.bodies.append(HeatRow(body, rates, row_cells))


@dataclass
class PlanSummary:
    plan: Plan
    snapshot: PeriodSnapshot | None
    overdue: int
    rates: Rates


def committee_summary(*, body_ids: set[int] | None = None, now=None) -> list[PlanSummary]:
    """Each published plan: its latest period begun, the tasks fallen due and
    overdue, and the reporting rate of its latest period due — four queries."""
    moment = clock.now(now)
    today = clock.today(moment)
    plans = list(Plan.objects.filter(status=PlanStatus.PUBLISHED).order_by("-year", "-pk"))
    latest: dict[int, PeriodSnapshot] = {}
    snapshots = PeriodSnapshot.objects.filter(
        plan__in=plans, period__starts_on__lte=today
    ).select_related("period")
    for snapshot in snapshots.order_by("period__cutoff"):
        latest[snapshot.plan_id] = snapshot
    last_due: dict[int, int] = {}
    for period in Period.objects.filter(plan__in=plans, cutoff__lte=moment).order_by("cutoff"):
        last_due[period.plan_id] = period.pk
    rates: dict[int, Rates] = defaultdict(Rates)
    stats = BodyPeriodStat.objects.filter(period_id__in=last_due.values())
    if body_ids is not None:
        stats = stats.filter(body_id__in=body_ids)
    for stat in stats:
        rates[stat.plan_id].add(stat)
    summaries = []
    for plan in plans:
        snapshot = latest.get(plan.pk)
        overdue = [
            entry
            for entry in (snapshot.overdue if snapshot else [])
            if body_ids is None or any(lead[0] in body_ids for lead in entry["leads"])
        ]
        summaries.append(PlanSummary(plan, snapshot, len(overdue), rates[plan.pk]))
    return summaries
