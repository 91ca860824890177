"""The committee's report of a plan's period — or of a span (a quarter, a half-year,
a year) of one or several plans — compiled from the database: plain, frozen data
(names, codes, texts, counts, dates) a DOCX or XLSX writer prints without a query.

Every figure comes from the reads the pages use — ``progress.plan_statuses`` for the
task classes and the overdue tasks, ``results.kpi_actuals`` for the KPIs,
``board.board_state`` for who sent what — so the report says what the screens say. A
fixed number of queries (about thirty for a plan), whatever the number of bodies,
tasks and periods.
"""

import calendar
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from theodoi.bodies.models import Body
from theodoi.core import clock
from theodoi.lib.text import fold_accents, squash_spaces
from theodoi.plans.models import Assignment, AssignmentRole, Plan, Section
from theodoi.plans.naming import plan_name

from ..models import Period, Report, ReportItem, ReportState
from ..status import KpiStatus, Status, Summary
from .board import BOARD_STATES, UNSENT_STATES, board_state
from .progress import PlanProgress, plan_statuses
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
    plan: str = ""  # the plan's short title, when the report covers several plans

    @property
    def label(self) -> str:
        return str(self.status.label)


@dataclass(frozen=True)
class Passage:
    """A body's sentence on a task, attributed. ``key`` ("results:12") names the
    report item and the text it came from: the draft keeps the office's edits by it,
    so it stays the same however often the report is compiled again."""

    key: str
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
class AddresseeGroup:
    """The proposals addressed to one authority (``proposal_addressee``)."""

    addressee: str
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
    # board states (``board.BOARD_STATES`` keys), one per period; "" where the column's
    # plan gives the body no work (only in a report of several plans)
    states: tuple[str, ...]

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(str(BOARD_STATES[state]) if state else "" for state in self.states)


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
    # V. Kiến nghị, đề xuất (by body, and the same passages by addressee)
    proposals: tuple[BodyPassages, ...]
    proposals_by_addressee: tuple[AddresseeGroup, ...]
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

    It is ``report_compile_span`` of the one plan and the one period.
    """
    return report_compile_span([plan], periods=[period], now=now)


def periods_within(plans, *, start: date, end: date) -> list[Period]:
    """The periods of ``plans`` whose data window ends within [start, end] — a
    quarter's are those ending in its three months — by cut-off; one query."""
    return list(
        Period.objects.filter(
            plan__in=[plan.pk for plan in plans], ends_on__gte=start, ends_on__lte=end
        ).order_by("cutoff", "pk")
    )


def report_compile_span(plans, *, periods, now=None, label: str | None = None) -> CompiledReport:
    """The committee's report over ``periods`` (a quarter, a half-year, a year) of
    one or several ``plans`` (of one committee): with one plan and one period,
    exactly ``report_compile``'s (which it is).

    - As of ``now``, by default the last period's cut-off. The task classes are
      summed over the plans at that moment; the "previous" counts are each plan's
      at the cut-off of its period just before the span, summed over the plans
      that have one (None when none has); the rates are recomputed from the sums.
    - KPIs: every plan's, in the plans' order (``KpiRow.plan`` names the plan when
      there are several).
    - Results, difficulties, proposals: the passages of the **accepted** reports of
      every period of the span, period after period, each in document order;
      results by section, plan after plan (a section's title starts with its plan's
      short title when there are several); difficulties and proposals by body, and
      the proposals again by addressee (``proposal_addressee``).
    - Discipline, per body over the span: not sent when any report the span expects
      of it (one per period of a plan that gives it work) is not sent, else late
      when any was sent late, else on time.
    - Next tasks: not done, due after ``as_of`` up to the cut-off of the plan's
      period after the span (or a month later). Overdue: as of ``as_of``, every plan.
    - Matrix: bodies × each plan's periods up to the span's end (every period of
      the span, and the earlier ones as the monthly report shows them); a column's
      label starts with its plan's short title when there are several.
    - Titles: the plans' titles joined by "; "; the period label is ``label`` (the
      caller knows the span: "Quý IV/2026"), by default the first and the last
      periods' labels joined by " – " (or the one label).

    A fixed number of queries, whatever the number of bodies, tasks and periods.
    """
    plans = list(plans)
    periods = sorted(periods, key=lambda p: (p.cutoff, p.pk))
    if not plans or not periods or {p.plan_id for p in periods} - {plan.pk for plan in plans}:
        raise ValueError("periods must be periods of the plans")
    many = len(plans) > 1
    short = {plan.pk: _short_title(plan) if many else "" for plan in plans}
    as_of = periods[-1].cutoff if now is None else clock.now(now)
    today = clock.today(as_of)
    spans = _spans(plans, periods)
    found = plan_statuses(plans, now=as_of)
    summary = _merged([found[plan.pk].summary for plan in plans])
    before = _previous_summary(spans)
    classes = tuple(
        ClassCount(status, n, before.counts[status] if before else None)
        for status, n in summary.counts.items()
    )
    items = _accepted_items(periods)
    assigned: dict[int, set[int]] = defaultdict(set)  # body id -> plans giving it work
    for plan_id, body_id in Assignment.objects.filter(plan__in=plans).values_list(
        "plan_id", "body_id"
    ):
        assigned[body_id].add(plan_id)
    bodies = list(Body.objects.filter(pk__in=list(assigned)).order_by("kind", "name"))
    rank = {body.pk: n for n, body in enumerate(bodies)}  # the board's order
    columns = [(span.plan, period) for span in spans for period in span.shown]
    reports = {
        (r.body_id, r.period_id): r
        for r in Report.objects.filter(
            period__in=[period.pk for _plan, period in columns], body__in=bodies
        )
    }
    proposals = _by_body(items, "proposals", rank)
    first, last = periods[0].label, periods[-1].label
    return CompiledReport(
        plan_title="; ".join(plan_name(plan.title, plan.doc_type) for plan in plans),
        period_label=label or (first if first == last else f"{first} – {last}"),
        as_of=as_of,
        today=today,
        previous_label=_joined(span.previous for span in spans),
        next_label=_joined(span.following for span in spans),
        classes=classes,
        total=summary.total,
        previous_total=before.total if before else None,
        on_time_rate=summary.on_time_rate,
        done_rate=summary.done_rate,
        kpis=tuple(row for plan in plans for row in _kpis(plan, short[plan.pk])),
        sections=_sections(plans, items, short),
        discipline=_discipline(bodies, assigned, periods, reports),
        difficulties=_by_body(items, "difficulties", rank),
        next_tasks=tuple(
            line
            for span in spans
            for line in _due_next(
                span.plan,
                found[span.plan.pk].tasks,
                today,
                clock.today(span.following.cutoff) if span.following else _month_after(today),
            )
        ),
        proposals=proposals,
        proposals_by_addressee=_by_addressee(proposals),
        overdue=tuple(
            TaskLine(
                task.code,
                task.title,
                tuple(body.name for body in task_bodies),
                task.due,
                (today - task.due).days,
            )
            for plan in plans
            for task, task_bodies in found[plan.pk].overdue
        ),
        matrix=_matrix(columns, bodies, assigned, reports, short),
    )


@dataclass(frozen=True)
class _Span:
    """Where the span sits among one plan's periods."""

    plan: Plan
    previous: Period | None  # the plan's period just before the span
    following: Period | None  # and just after
    shown: list[Period]  # its periods up to the span's end: the matrix's columns


def _spans(plans: list[Plan], periods: list[Period]) -> list[_Span]:
    """Each plan's place of the span (one query): by the span's periods of the plan,
    or by their cut-offs for a plan without any."""
    chosen = {period.pk for period in periods}
    start, end = periods[0].cutoff, periods[-1].cutoff
    own = defaultdict(list)
    for period in Period.objects.filter(plan__in=plans).order_by("cutoff", "pk"):
        own[period.plan_id].append(period)
    spans = []
    for plan in plans:
        mine = own[plan.pk]
        inside = [n for n, period in enumerate(mine) if period.pk in chosen]
        if inside:
            first, last = inside[0], inside[-1] + 1
        else:
            first = sum(period.cutoff < start for period in mine)
            last = sum(period.cutoff <= end for period in mine)
        spans.append(
            _Span(
                plan,
                mine[first - 1] if first else None,
                mine[last] if last < len(mine) else None,
                mine[:last],
            )
        )
    return spans


def _merged(summaries: list[Summary]) -> Summary:
    """The plans' summaries added up (the rates follow from the sums)."""
    return Summary(
        counts={status: sum(s.counts[status] for s in summaries) for status in Status},
        fallen_due=sum(s.fallen_due for s in summaries),
        done_on_time_due=sum(s.done_on_time_due for s in summaries),
        done_due=sum(s.done_due for s in summaries),
        overdue=sum(s.overdue for s in summaries),
    )


def _previous_summary(spans: list[_Span]) -> Summary | None:
    """The plans' summaries at the cut-off of each one's period before the span
    (the plans sharing a cut-off read together), added up; None when none has one."""
    moments: dict[datetime, list[Plan]] = defaultdict(list)
    for span in spans:
        if span.previous:
            moments[span.previous.cutoff].append(span.plan)
    if not moments:
        return None
    progress: list[PlanProgress] = [
        found
        for moment, group in moments.items()
        for found in plan_statuses(group, now=moment).values()
    ]
    return _merged([found.summary for found in progress])


def _joined(periods) -> str | None:
    """The distinct labels of these periods (None skipped), joined by "; "."""
    labels = list(dict.fromkeys(period.label for period in periods if period))
    return "; ".join(labels) if labels else None


def _short_title(plan: Plan) -> str:
    """How a report of several plans names one: "Kế hoạch số 12/KH-BCĐ", or its title."""
    if plan.number:
        return f"{plan.doc_type} số {plan.number}".strip()
    return plan.title


def _month_after(day: date) -> date:
    """The same day a month later (the month's last day when it has fewer days)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _accepted_items(periods: list[Period]) -> list[ReportItem]:
    """The task items of the periods' accepted reports, period after period, each
    in document order (section, task, leads before supports, bodies by kind and
    name); one query."""
    return list(
        ReportItem.objects.filter(
            report__period__in=[period.pk for period in periods],
            report__state=ReportState.ACCEPTED,
            assignment__task__isnull=False,
        )
        .select_related("report__body", "assignment__task__section")
        .order_by(
            "report__period__cutoff",
            "report__period_id",
            "assignment__task__section__position",
            "assignment__task__position",
            "assignment__role",
            "report__body__kind",
            "report__body__name",
        )
    )


def _passage(item: ReportItem, field: str) -> Passage:
    return Passage(
        f"{field}:{item.pk}",
        item.report.body.name,
        item.assignment.task.code,
        getattr(item, field).strip(),
    )


def _sections(
    plans: list[Plan], items: list[ReportItem], short: dict[int, str]
) -> tuple[SectionResults, ...]:
    """Every section of each plan in order, with the results reported on its tasks
    (each plan's tasks outside any section last, under an empty code); one query."""
    passages: dict[tuple[int, int | None], list[Passage]] = defaultdict(list)
    for item in items:
        if item.results.strip():
            task = item.assignment.task
            passages[task.plan_id, task.section_id].append(_passage(item, "results"))
    sections = defaultdict(list)
    for section in Section.objects.filter(plan__in=plans).order_by("position", "pk"):
        sections[section.plan_id].append(section)
    found = []
    for plan in plans:
        prefix = f"{short[plan.pk]}: " if short[plan.pk] else ""
        found += [
            SectionResults(
                section.code, prefix + section.title, tuple(passages[plan.pk, section.pk])
            )
            for section in sections[plan.pk]
        ]
        if passages.get((plan.pk, None)):
            found.append(SectionResults("", short[plan.pk], tuple(passages[plan.pk, None])))
    return tuple(found)


def _by_body(items: list[ReportItem], field: str, rank: dict[int, int]) -> tuple[BodyPassages, ...]:
    """The non-empty ``field`` of the items, grouped by body (in the board's order),
    each body's in the items' order."""
    grouped: dict[int, list[Passage]] = defaultdict(list)
    bodies = {}
    for item in items:
        if getattr(item, field).strip():
            body = item.report.body
            bodies[body.pk] = body
            grouped[body.pk].append(_passage(item, field))
    order = sorted(bodies, key=lambda pk: (rank.get(pk, len(rank)), pk))
    return tuple(BodyPassages(bodies[pk].name, tuple(grouped[pk])) for pk in order)


def _discipline(bodies: list, assigned: dict, periods: list[Period], reports: dict) -> Discipline:
    """Each body's reports the span expects (a period of a plan giving it work), by
    the board's states: any not sent, else any late, else on time."""
    expected, on_time, late, not_sent = [], [], [], []
    for body in bodies:
        owed = [reports.get((body.pk, p.pk)) for p in periods if p.plan_id in assigned[body.pk]]
        if not owed:
            continue
        expected.append(body.name)
        if any(board_state(report) in UNSENT_STATES for report in owed):
            not_sent.append(body.name)
        elif any(report.late for report in owed):
            late.append(body.name)
        else:
            on_time.append(body.name)
    return Discipline(tuple(expected), tuple(on_time), tuple(late), tuple(not_sent))


def _kpis(plan: Plan, short: str) -> tuple[KpiRow, ...]:
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
            short,
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


def _matrix(
    columns: list, bodies: list, assigned: dict, reports: dict, short: dict
) -> StatusMatrix:
    """Bodies × the columns (plan, period), each cell the board's state ("" where
    the plan gives the body no work)."""
    labels = tuple(
        f"{short[plan.pk]}: {period.label}" if short[plan.pk] else period.label
        for plan, period in columns
    )
    rows = tuple(
        MatrixRow(
            body.name,
            tuple(
                board_state(reports.get((body.pk, period.pk)))
                if plan.pk in assigned[body.pk]
                else ""
                for plan, period in columns
            ),
        )
        for body in bodies
    )
    return StatusMatrix(labels, rows)


# --- Whom a proposal is addressed to ----------------------------------------------

_WORD = re.compile(r"\w+|[^\w\s]")
# Folded word sequences: the opening verb, "to", the titles read through to the
# authority ("Thường trực HĐND tỉnh" is HĐND tỉnh's), and the fixed authorities.
_OPENINGS = (("kinh", "de", "nghi"), ("de", "nghi"), ("kien", "nghi"), ("de", "xuat"))
_TOWARDS = (("doi", "voi"), ("voi",))
_TITLES = (("thuong", "truc"), ("ban", "thuong", "vu"), ("chu", "tich"), ("lanh", "dao"))
_FIXED = (
    (("ban", "chi", "dao"), "Ban Chỉ đạo"),
    (("tinh", "uy"), "Tỉnh ủy"),
    (("hdnd", "tinh"), "HĐND tỉnh"),
    (("hoi", "dong", "nhan", "dan", "tinh"), "HĐND tỉnh"),
    (("ubnd", "tinh"), "UBND tỉnh"),
    (("uy", "ban", "nhan", "dan", "tinh"), "UBND tỉnh"),
    (("thu", "tuong", "chinh", "phu"), "Chính phủ"),
    (("thu", "tuong"), "Chính phủ"),
    (("chinh", "phu"), "Chính phủ"),
    (("trung", "uong"), "Trung ương"),
    (("bo", ",", "nganh"), "Trung ương"),  # "các Bộ, ngành Trung ương"
    (("bo", "nganh"), "Trung ương"),
)
# "Bộ …", "Sở …": the name follows, as written (the accented word only: "bổ", "số"
# are not authorities).
_NAMED = {"bộ": "Bộ", "bo": "Bộ", "sở": "Sở", "so": "Sở"}
_NAME_WORDS = 8  # "Sở Nông nghiệp và Phát triển nông thôn"
# What ends an authority's name: verbs and the words that follow it in a proposal.
_VERBS = {
    tuple(phrase.split())
    for phrase in (
        "xem xet|bo tri|ho tro|cap|bo sung|huong dan|sua doi|ban hanh|chi dao|som|quan tam|"
        "tao dieu kien|phan bo|giao cho|phoi hop|tiep tuc|chap thuan|thong nhat|trien khai|"
        "ra soat|dieu chinh|nghien cuu|uu tien|tang cuong|to chuc|thanh lap|cung cap|tra loi|"
        "giai quyet|kip thoi|co|can|nang cap|xu ly|phe duyet|thuc hien|day nhanh|kiem tra|"
        "duoc|de|ve|trong|nham|theo|khi|tham dinh|cho|cap phat|dieu dong|dam bao|quy dinh|"
        "lam ro|hoan thien|sap xep|mo rong|gui|bao cao|tong hop|lien he|dieu phoi|tap huan|"
        "dang ky|mien|giam|tao|dua|ho tro them|bo tri them|xay dung ke hoach"
    ).split("|")
}
# The groups' order in the report: the central level first, the province's bodies last.
_RANKS = ("Trung ương", "Chính phủ", "Bộ", "Ban Chỉ đạo", "Tỉnh ủy", "HĐND tỉnh", "UBND tỉnh", "Sở")


def proposal_addressee(text: str) -> str:
    """Whom a proposal is addressed to, read from its opening: after "Đề nghị",
    "Kiến nghị" or "Đề xuất" (optionally "với", "đối với"), the authority named up
    to the first verb or punctuation — "Trung ương", "Chính phủ", "Bộ <name>",
    "Ban Chỉ đạo", "Tỉnh ủy", "HĐND tỉnh", "UBND tỉnh", "Sở <name>" (variants,
    accents and case aside: "Ủy ban nhân dân tỉnh" is "UBND tỉnh"); else "Khác"."""
    words = _WORD.findall(squash_spaces(text))
    folded = [fold_accents(word) for word in words]
    i = 0
    while i < len(words) and (not words[i][0].isalpha() or words[i].isdigit()):
        i += 1  # "- ", "1. "
    opening = next((o for o in _OPENINGS if _starts(folded, i, o)), None)
    if opening is None:
        return _("Khác")
    i += len(opening)
    i += _starts(folded, i, (":",))
    towards = next((t for t in _TOWARDS if _starts(folded, i, t)), ())
    return _authority(words, folded, i + len(towards)) or _("Khác")


def _starts(folded: list[str], i: int, words: tuple[str, ...]) -> bool:
    return tuple(folded[i : i + len(words)]) == words


def _verb_at(folded: list[str], i: int) -> bool:
    return any(_starts(folded, i, verb) for verb in _VERBS)


def _authority(words: list[str], folded: list[str], i: int) -> str | None:
    """The authority named at ``words[i]``, or None."""
    i += _starts(folded, i, ("cac",))
    title = next((t for t in _TITLES if _fixed(folded, i + len(t)) and _starts(folded, i, t)), ())
    i += len(title)
    found = _fixed(folded, i)
    if found or i >= len(words) or _verb_at(folded, i):
        return found
    kind = _NAMED.get(words[i].lower())
    name = _name(words, folded, i + 1) if kind else ""
    return f"{kind} {name}" if name else None


def _fixed(folded: list[str], i: int) -> str | None:
    return next((name for words, name in _FIXED if _starts(folded, i, words)), None)


def _name(words: list[str], folded: list[str], i: int) -> str:
    """The name after "Bộ"/"Sở", up to a verb, a punctuation mark or another
    authority ("Bộ Văn hóa, Thể thao và Du lịch": a comma or a dash before a
    capitalised word that is neither goes on)."""
    parts = []
    while i < len(words) and sum(part[0].isalnum() for part in parts) < _NAME_WORDS:
        word = words[i]
        if word in {",", "-", "–"}:
            following = words[i + 1] if i + 1 < len(words) else ""
            if not following[:1].isupper() or _verb_at(folded, i + 1):
                break
            if _authority(words, folded, i + 1):
                break
            parts.append(word)
        elif not word[0].isalnum() or _verb_at(folded, i):
            break
        elif folded[i] == "va" and _authority(words, folded, i + 1):
            break
        else:
            parts.append(word)
        i += 1
    name = " ".join(parts).replace(" ,", ",").strip(" ,-–")
    if name.isupper():  # "SỞ TÀI CHÍNH"
        name = name.lower()
    return name[:1].upper() + name[1:]


def _accents(name: str) -> int:
    return sum(not char.isascii() for char in name)


def _by_addressee(groups: tuple[BodyPassages, ...]) -> tuple[AddresseeGroup, ...]:
    """The proposals again, by addressee (central authorities first, "Khác" last),
    each group in the bodies' order; variants of a name (accents, case) together,
    under its accented spelling."""
    grouped: dict[str, list[Passage]] = defaultdict(list)
    names: dict[str, str] = {}
    for passage in (p for group in groups for p in group.passages):
        name = proposal_addressee(passage.text)
        key = fold_accents(name)
        grouped[key].append(passage)
        if key not in names or _accents(name) > _accents(names[key]):
            names[key] = name

    def rank(key: str) -> int:
        name = names[key]
        first = name.split(" ", 1)[0]
        return next((n for n, r in enumerate(_RANKS) if name == r or first == r), len(_RANKS))

    return tuple(
        AddresseeGroup(names[key], tuple(grouped[key])) for key in sorted(grouped, key=rank)
    )
