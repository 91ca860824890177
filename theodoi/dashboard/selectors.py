"""The chair's screen, read from the stored rows only (``PeriodSnapshot``,
``BodyPeriodStat``, ``BodyYear``, ``KpiPoint``) and the names of plans, parts, KPIs
and bodies.

A plan's screen costs a fixed number of queries (periods, snapshots, points, KPIs and
their leads, the parts, a page of the bodies' year rows, the top and bottom of the
scorecard, the explanations) and reads a page of bodies, whatever the number of
bodies, periods and reports: the figures were computed when the reports moved
(``services/rollup.py``, ``services/scorecard.py``). A working-group member's reads
his bodies' rows (a few dozen) instead of a page.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _

from theodoi.core import clock
from theodoi.lib.forecast import Forecast, forecast
from theodoi.plans.models import (
    Assignment,
    AssignmentRole,
    Indicator,
    Plan,
    PlanStatus,
    Section,
)
from theodoi.reporting.models import Period
from theodoi.reporting.status import Status

from .models import BodyPeriodStat, BodyYear, KpiPoint, PeriodSnapshot
from .services.explanations import explanations_for
from .services.scorecard import LATE, NOT_EXPECTED, ON_TIME, UNSENT, top_and_bottom

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
HEAT_PAGE = 20  # bodies per page of the heat map


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

    def add(self, code: str) -> None:
        """A body's cell (``services.scorecard.heat_code``) of a period due."""
        if code != NOT_EXPECTED:
            self.expected += 1
            self.sent += code in (ON_TIME, LATE)
            self.on_time += code == ON_TIME

    def add_stat(self, stat: BodyPeriodStat) -> None:
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
    snapshots: dict = field(default_factory=dict)  # {period id: PeriodSnapshot}
    snapshot: PeriodSnapshot | None = None  # the latest period begun's
    previous: PeriodSnapshot | None = None
    classes: list[ClassRow] = field(default_factory=list)
    total: int = 0  # the tasks the classes count
    sections: list = field(default_factory=list)  # [SectionRow]
    overdue: list[dict] = field(default_factory=list)
    bodies: list[HeatRow] = field(default_factory=list)
    heat_page: object = None  # the heat map's page (``Paginator``'s) of ``bodies``
    by_period: list[tuple[Period, Rates]] = field(default_factory=list)
    top: list = field(default_factory=list)
    bottom: list = field(default_factory=list)


def screen_year(plan: Plan, *, now=None) -> int:
    return plan.year or clock.today(now).year


def plan_screen(plan: Plan, *, body_ids: set[int] | None = None, page=1, now=None) -> PlanScreen:
    """Everything the plan's screen shows, for a reader of ``body_ids`` (None: all);
    ``page`` is the heat map's."""
    moment = clock.now(now)
    screen = _screen(plan, body_ids, moment)
    explanations = explanations_for(plan, body_ids=body_ids)
    screen.tiles = _tiles(
        plan, screen.periods, body_ids=body_ids, year=screen.year, asked=explanations
    )
    _tasks(screen, today=clock.today(moment), body_ids=body_ids, asked=explanations)
    _discipline(screen, moment=moment, body_ids=body_ids, page=page)
    screen.top, screen.bottom = top_and_bottom(plan, year=screen.year, body_ids=body_ids)
    return screen


def discipline_screen(plan: Plan, *, body_ids=None, page=1, now=None) -> PlanScreen:
    """The reporting discipline alone (another page of the heat map)."""
    moment = clock.now(now)
    screen = _screen(plan, body_ids, moment)
    _discipline(screen, moment=moment, body_ids=body_ids, page=page)
    return screen


def _screen(plan: Plan, body_ids, moment) -> PlanScreen:
    """The screen of the plan's year at ``moment``, with its periods and their
    snapshots (two queries)."""
    year = screen_year(plan, now=moment)
    periods = list(Period.objects.filter(plan=plan, ends_on__year=year).order_by("cutoff"))
    screen = PlanScreen(plan, year, periods, limited=body_ids is not None)
    by_pk = {period.pk: period for period in periods}
    for snapshot in PeriodSnapshot.objects.filter(period_id__in=by_pk):
        snapshot.period = by_pk[snapshot.period_id]  # already read: no query per label
        screen.snapshots[snapshot.period_id] = snapshot
    return screen


def _tiles(plan, periods, *, body_ids, year, asked) -> list[Tile]:
    """The KPIs (a member: those his bodies lead), worst forecast first."""
    indicators = list(
        Indicator.objects.filter(plan=plan, closed_at__isnull=True).order_by("position")
    )
    leads: dict[int, list[int]] = defaultdict(list)
    for indicator_id, body_id in Assignment.objects.filter(
        indicator__in=[indicator.pk for indicator in indicators], role=AssignmentRole.LEAD
    ).values_list("indicator_id", "body_id"):
        if body_ids is None or body_id in body_ids:
            leads[indicator_id].append(body_id)
    if body_ids is not None:
        indicators = [indicator for indicator in indicators if indicator.pk in leads]
    values: dict[int, dict[int, Decimal | None]] = defaultdict(dict)
    stored: dict[int, dict[int, dict]] = defaultdict(dict)  # the forecasts of the rollup
    points = KpiPoint.objects.filter(plan=plan, period__in=periods).values_list(
        "indicator_id", "period_id", "value", "forecast"
    )
    for indicator_id, period_id, value, outlook in points:
        values[indicator_id][period_id] = value
        stored[indicator_id][period_id] = outlook
    tiles = []
    for indicator in indicators:
        series = [(period, values[indicator.pk].get(period.pk)) for period in periods]
        known = [period for period, value in series if value is not None]
        saved = stored[indicator.pk].get(known[-1].pk) if known else None
        if saved:  # the latest value's, from the values up to it: all the year's so far
            outlook = Forecast.from_json(saved)
        else:  # no value yet (or a point stored before forecasts were)
            outlook = forecast(
                [(period.ends_on, values[indicator.pk][period.pk]) for period in known],
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
    started = [period.pk for period in screen.periods if period.starts_on <= today]
    found = [screen.snapshots[pk] for pk in started if pk in screen.snapshots]
    if not found:
        return
    screen.snapshot = found[-1]
    screen.previous = found[-2] if len(found) > 1 else None
    now_classes = screen.snapshot.classes
    before = screen.previous.classes if screen.previous else None
    sections = screen.snapshot.sections
    if body_ids is not None:  # a member: his bodies' lead tasks (a task per lead body)
        sections, before_sections = _sections_of(screen, body_ids)
        now_classes = _summed(sections.values())
        before = None if before_sections is None else _summed(before_sections.values())
    screen.total = sum(now_classes.values()) if body_ids is not None else screen.snapshot.total
    screen.sections = _section_rows(screen.plan, sections)
    screen.classes = [
        ClassRow(
            status,
            now_classes.get(status.value, 0),
            None
            if before is None
            else now_classes.get(status.value, 0) - before.get(status.value, 0),
            screen.total,
        )
        for status in CLASS_ORDER
        if status.value in now_classes or (before and status.value in before)
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


def _sections_of(screen: PlanScreen, body_ids) -> tuple[dict, dict | None]:
    """{section id: {class: count}} of the bodies' lead tasks in the latest period and
    the one before (None when there is none), from their stored rows — one query."""
    periods = [screen.snapshot.period_id]
    if screen.previous:
        periods.append(screen.previous.period_id)
    found: dict[int, dict] = {pk: defaultdict(lambda: defaultdict(int)) for pk in periods}
    stats = BodyPeriodStat.objects.filter(period_id__in=periods, body_id__in=body_ids)
    for period_id, sections in stats.values_list("period_id", "classes"):
        for section, classes in sections.items():
            for status, n in classes.items():
                found[period_id][section][status] += n
    return found[periods[0]], found[periods[1]] if screen.previous else None


def _summed(counts) -> dict[str, int]:
    total: dict[str, int] = defaultdict(int)
    for each in counts:
        for status, n in each.items():
            total[status] += n
    return total


@dataclass
class SectionRow:
    """A part of the plan: its tasks counted and how many are done and overdue."""

    section: Section | None  # None: the tasks outside any part
    total: int
    done: int
    overdue: int


def _section_rows(plan: Plan, sections: dict) -> list[SectionRow]:
    """The parts of the plan with tasks counted, in the plan's order — one query."""
    rows = []
    parts = [*Section.objects.filter(plan=plan).order_by("position", "pk"), None]
    for section in parts:
        counts = sections.get(str(section.pk if section else None))
        if counts:
            done = counts.get(Status.DONE_ON_TIME.value, 0) + counts.get(Status.DONE_LATE.value, 0)
            total = sum(counts.values())
            rows.append(SectionRow(section, total, done, counts.get(Status.OVERDUE.value, 0)))
    return rows


def _rates_of(snapshot: PeriodSnapshot | None) -> Rates:
    if snapshot is None:
        return Rates()
    return Rates(snapshot.reports_expected, snapshot.reports_sent, snapshot.reports_on_time)


def heat_state(code: str | None, *, period: Period, moment) -> str:
    """A cell's state (``HEAT_LABELS``) from its stored code, at ``moment``."""
    if code is None:
        return "none"
    if code == NOT_EXPECTED:
        return "not-expected"
    if code == UNSENT:
        return "missing" if period.cutoff <= moment else "pending"
    return "on-time" if code == ON_TIME else "late"


def _discipline(screen: PlanScreen, *, moment, body_ids, page=1) -> None:
    """Reports expected, sent and sent on time per period over the periods whose
    cut-off has passed (the chair: from the periods' snapshots; a member: from his
    bodies' rows), and one page of the body × period heat map with each body's rates —
    a fixed number of queries, one page of rows, whatever the number of bodies."""
    due = [period for period in screen.periods if period.cutoff <= moment]
    rows = BodyYear.objects.filter(plan=screen.plan, year=screen.year)
    ordered = rows.select_related("body").order_by("heat_position")
    if body_ids is None:  # the chair: the totals stored with the periods, one page of rows
        screen.by_period = [(period, _rates_of(screen.snapshots.get(period.pk))) for period in due]
    else:  # a member: his bodies' rows, read once (a few dozen), paged here
        ordered = list(ordered.filter(body_id__in=body_ids))
        screen.by_period = [(period, Rates()) for period in due]
        for row in ordered:
            for period, rates in screen.by_period:
                if code := row.cells.get(str(period.pk)):
                    rates.add(code)
    screen.heat_page = Paginator(ordered, HEAT_PAGE).get_page(page)
    for row in screen.heat_page:
        rates = Rates()
        for period in due:
            if code := row.cells.get(str(period.pk)):
                rates.add(code)
        cells = [
            (period, heat_state(row.cells.get(str(period.pk)), period=period, moment=moment))
            for period in screen.periods
        ]
        screen.bodies.append(HeatRow(row.body, rates, cells))


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
    if body_ids is None:
        for snapshot in PeriodSnapshot.objects.filter(period_id__in=last_due.values()):
            rates[snapshot.plan_id] = _rates_of(snapshot)
    else:
        stats = BodyPeriodStat.objects.filter(period_id__in=last_due.values(), body_id__in=body_ids)
        for stat in stats:
            rates[stat.plan_id].add_stat(stat)
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
