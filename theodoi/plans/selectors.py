"""Reads of plans."""

from collections import defaultdict

from .models import AgencyItem, Plan, Role, Task
from .rules import TaskFacts, six_clear_gaps


def task_facts(plan: Plan) -> dict[int, TaskFacts]:
    """What the "06 rõ" check needs for each leaf task of the plan, in 2 queries."""
    tasks = list(Task.objects.filter(plan=plan, closed_at__isnull=True, children__isnull=True))
    leads: dict[int, list[AgencyItem]] = defaultdict(list)
    for item in AgencyItem.objects.filter(task__plan=plan, role=Role.LEAD).select_related("group"):
        leads[item.task_id].append(item)
    has_basis = bool(plan.bases)

    def vague(item):
        return (item.group_id and item.group.needs_choice) or (
            not item.body_id and not item.group_id
        )

    return {
        task.pk: TaskFacts(
            title=task.title,
            lead_count=len(leads[task.pk]),
            lead_only_vague=bool(leads[task.pk]) and all(vague(i) for i in leads[task.pk]),
            due=task.due,
            recurrence=task.recurrence,
            condition=task.condition,
            deliverable=task.deliverable,
            basis=task.basis,
            plan_has_basis=has_basis,
        )
        for task in tasks
    }


def plan_gaps(plan: Plan) -> dict[int, list[str]]:
    """Task id -> the "06 rõ" keys it misses, for the tasks that miss any."""
    gaps = {pk: six_clear_gaps(facts) for pk, facts in task_facts(plan).items()}
    return {pk: missing for pk, missing in gaps.items() if missing}


# --- Pages: plan list, plan page, task page, a body's tasks, search ----------------
# (appended by the pages area; imports kept local to this section)

from dataclasses import dataclass, field  # noqa: E402
from datetime import date  # noqa: E402

from django.db.models import Count, Prefetch, Q  # noqa: E402

from theodoi.bodies.models import Body, Group  # noqa: E402
from theodoi.core.access import is_office  # noqa: E402
from theodoi.core.search import fold  # noqa: E402

from .models import Assignment, Indicator, PlanStatus  # noqa: E402


def plans_visible_to(user):
    """Drafts are the office's work in progress: only the office sees them."""
    plans = Plan.objects.all()
    return plans if is_office(user) else plans.exclude(status=PlanStatus.DRAFT)


def plans_for_list(user):
    return plans_visible_to(user).annotate(
        task_count=Count("tasks", filter=Q(tasks__closed_at__isnull=True), distinct=True),
        indicator_count=Count(
            "indicators",
            filter=Q(indicators__parent__isnull=True, indicators__closed_at__isnull=True),
            distinct=True,
        ),
    )


@dataclass(frozen=True)
class TaskFilters:
    """The plan page's filters, read from GET parameters; a malformed value is ignored."""

    section: int | None = None
    body: int | None = None
    role: str = ""
    month: date | None = None  # first day of the due month
    query: str = ""

    @classmethod
    def from_params(cls, params) -> "TaskFilters":
        def number(name):
            value = params.get(name, "")
            return int(value) if value.isdigit() else None

        month = None
        try:
            year, mm = (int(x) for x in params.get("thang", "").split("-"))
            month = date(year, mm, 1)
        except ValueError:
            pass
        role = params.get("vai-tro", "")
        return cls(
            section=number("phan"),
            body=number("don-vi"),
            role=role if role in Role.values else "",
            month=month,
            query=params.get("q", "").strip()[:200],
        )

    @property
    def active(self) -> bool:
        return any([self.section, self.body, self.role, self.month, self.query])


def attach_cells(rows) -> None:
    """Give each task or KPI of ``rows`` its lead and support cells with what each resolved
    to (``row.cells``), in one query: the pages name a resolved body by its official name,
    not the document's spelling (``plan_pages.bodies_of``)."""
    tasks = {row.pk: row for row in rows if isinstance(row, Task)}
    indicators = {row.pk: row for row in rows if isinstance(row, Indicator)}
    for row in rows:
        row.cells = []
    cells = AgencyItem.objects.filter(Q(task_id__in=tasks) | Q(indicator_id__in=indicators))
    for cell in cells.select_related("body", "group").order_by("role", "position"):
        owner = tasks.get(cell.task_id) if cell.task_id else indicators.get(cell.indicator_id)
        owner.cells.append(cell)


def plan_tasks(plan: Plan, filters: TaskFilters):
    """The plan's open tasks that pass the filters, in document order (a task an
    amendment removed is closed: it keeps its page but leaves the plan's table).

    With a body chosen, each task carries ``body_roles``: that body's assignments
    (role, group it came through), fetched in one query for the whole table.
    """
    tasks = plan.tasks.filter(closed_at__isnull=True).select_related("section")
    if filters.section:
        tasks = tasks.filter(section_id=filters.section)
    if filters.body or filters.role:
        wanted = Assignment.objects.filter(plan=plan, task__isnull=False)
        if filters.body:
            wanted = wanted.filter(body_id=filters.body)
        if filters.role:
            wanted = wanted.filter(role=filters.role)
        tasks = tasks.filter(pk__in=wanted.values("task_id"))
    if filters.month:
        tasks = tasks.filter(due__year=filters.month.year, due__month=filters.month.month)
    if filters.query:
        tasks = tasks.filter(search_text__icontains=fold(filters.query))
    if filters.body:
        roles = Assignment.objects.filter(body_id=filters.body).select_related("via_group")
        tasks = tasks.prefetch_related(Prefetch("assignments", roles, to_attr="body_roles"))
    return tasks.order_by("position")


def task_depths(plan: Plan) -> dict[int, int]:
    """Open task id -> how deep it sits under parent tasks (0 for a top-level task)."""
    parents = dict(plan.tasks.filter(closed_at__isnull=True).values_list("pk", "parent_id"))

    def depth(pk):
        level = 0
        while parents.get(pk):
            pk, level = parents[pk], level + 1
        return level

    return {pk: depth(pk) for pk in parents}


def plan_filter_choices(plan: Plan) -> dict:
    """What the plan page's filter selects offer: sections, bodies, due months."""
    assigned = Assignment.objects.filter(plan=plan).values("body_id")
    return {
        "sections": list(plan.sections.all()),
        "bodies": list(Body.objects.filter(pk__in=assigned).order_by("kind", "name")),
        "months": list(plan.tasks.filter(due__isnull=False).dates("due", "month")),
    }


def plan_indicators(plan: Plan) -> list[Indicator]:
    """The plan's KPIs in order, each with its parts (cấp tỉnh / cấp xã)."""
    return list(
        plan.indicators.filter(parent__isnull=True, closed_at__isnull=True)
        .prefetch_related(Prefetch("parts", Indicator.objects.order_by("position")))
        .order_by("position")
    )


@dataclass
class RoleBodies:
    """The bodies of one role on a task: named directly, or through a group."""

    role: str
    label: str
    bodies: list[Body] = field(default_factory=list)
    groups: list[tuple[Group, list[Body]]] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)  # a draft's unknown names


def roles_of(row: Task | Indicator) -> list[RoleBodies]:
    """Who leads and who supports a task or a KPI.

    A published plan answers from its assignments; a draft from its agency items
    (what the registry or the office made of each name).
    """
    roles = {value: RoleBodies(value, label) for value, label in Role.choices}
    if row.plan.is_draft:
        items = row.agency_items.select_related("body", "group").prefetch_related("chosen")
        for item in items:
            entry = roles[item.role]
            chosen = list(item.chosen.all())
            if chosen or item.body:
                entry.bodies += chosen or [item.body]
            elif item.group:
                members = item.group.member_bodies().order_by("kind", "name")
                entry.groups.append((item.group, list(members)))
            else:
                entry.unresolved.append(item.text)
        return list(roles.values())
    through: dict[tuple[str, int], tuple[Group, list[Body]]] = {}
    assignments = row.assignments.select_related("body", "via_group").order_by(
        "body__kind", "body__name"
    )
    for assignment in assignments:
        entry = roles[assignment.role]
        if assignment.via_group is None:
            entry.bodies.append(assignment.body)
            continue
        key = (assignment.role, assignment.via_group_id)
        if key not in through:
            through[key] = (assignment.via_group, [])
            entry.groups.append(through[key])
        through[key][1].append(assignment.body)
    return list(roles.values())


@dataclass
class PlanWork:
    """What one body does in one published plan."""

    plan: Plan
    tasks: list[Assignment] = field(default_factory=list)
    indicators: list[Assignment] = field(default_factory=list)

    def count(self, role: str, rows: str = "tasks") -> int:
        return sum(1 for a in getattr(self, rows) if a.role == role)

    @property
    def lead_count(self) -> int:
        return self.count(Role.LEAD)

    @property
    def support_count(self) -> int:
        return self.count(Role.SUPPORT)


@dataclass
class BodyWork:
    plans: list[PlanWork]

    @property
    def lead_count(self) -> int:
        return sum(entry.lead_count for entry in self.plans)

    @property
    def support_count(self) -> int:
        return sum(entry.support_count for entry in self.plans)


def body_work(body: Body) -> BodyWork:
    """The body's tasks and KPIs in every published plan, by plan (newest first),
    leads before supports, each in document order — one query."""
    assignments = (
        Assignment.objects.filter(body=body, plan__status=PlanStatus.PUBLISHED)
        .exclude(task__closed_at__isnull=False)
        .exclude(indicator__closed_at__isnull=False)
        .select_related("plan", "task__section", "indicator", "via_group")
        .order_by(
            "-plan__year",
            "-plan__published_at",
            "plan_id",
            "role",
            "task__position",
            "indicator__position",
        )
    )
    work: dict[int, PlanWork] = {}
    for assignment in assignments:
        entry = work.setdefault(assignment.plan_id, PlanWork(assignment.plan))
        (entry.tasks if assignment.task_id else entry.indicators).append(assignment)
    return BodyWork(list(work.values()))


def search_tasks(query: str, limit: int = 100) -> tuple[int, list[Task]]:
    """Tasks of published plans whose text holds the query, diacritics ignored:
    (how many match, the first ``limit`` of them)."""
    folded = fold(query)
    if not folded:
        return 0, []
    tasks = Task.objects.filter(
        plan__status=PlanStatus.PUBLISHED, closed_at__isnull=True, search_text__icontains=folded
    )
    found = list(
        tasks.select_related("plan", "section").order_by("-plan__year", "plan_id", "position")[
            : limit + 1
        ]
    )
    total = len(found) if len(found) <= limit else tasks.count()
    return total, found[:limit]


# --- What was reported: a task's results, a KPI's values -----------------------
# (imports kept local to this section)

from decimal import Decimal  # noqa: E402

from theodoi.reporting.comment_selectors import comments_prefetch  # noqa: E402
from theodoi.reporting.models import (  # noqa: E402
    EvidenceFile,
    KpiValue,
    Period,
    Report,
    ReportItem,
    ReportState,
)
from theodoi.reporting.selectors import REPORTED, value_of  # noqa: E402
from theodoi.reporting.services.reports import is_rate  # noqa: E402
from theodoi.reporting.status import KpiStatus, kpi_status, kpi_status_of_bodies  # noqa: E402


def readable_body_ids(user) -> set[int] | None:
    """The bodies whose reports ``user`` may read, as ``core.access.can_see_body``
    decides, in at most one query; ``None``: every body."""
    if is_office(user):
        return None
    if user.role == "viewer":
        return set(user.overseen_bodies.values_list("pk", flat=True)) or None
    return {user.body_id} if user.body_id else set()


def readable_reports(user) -> Q:
    """The reports a reader is shown (a filter on ``Report``).

    Sent reports (submitted, approved, accepted) of the bodies he may see. A draft,
    or a report returned for correction, is work in progress: only the office and
    the body's own people see it, once something was saved in it (a draft never
    saved is still at its first version). The chair and members see what was sent.
    """
    shown = Q(state__in=REPORTED)
    if user.role != "viewer":
        in_work = Q(state__in=[ReportState.DRAFT, ReportState.RETURNED])
        shown |= in_work & ~Q(state=ReportState.DRAFT, version=1)
    bodies = readable_body_ids(user)
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


def task_results(task: Task, user) -> list[PeriodResults]:
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
        filter=Q(assignments__role=Role.LEAD, assignments__closed_at__isnull=True),
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


def indicator_values(indicator: Indicator, user) -> list[PeriodResults]:
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
