"""Reads for the pages: the plan list, a plan's tasks and KPIs, a task, a body's tasks, search."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Prefetch, Q

from theodoi.bodies.models import Body, Group
from theodoi.core.access import is_office
from theodoi.core.params import int_param, parse_int
from theodoi.lib.text import fold_accents

from ..models import AgencyItem, Assignment, AssignmentRole, Indicator, Plan, PlanStatus, Task


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
        month = None
        year, _dash, mm = params.get("thang", "").partition("-")
        year, mm = parse_int(year, minimum=1, maximum=9999), parse_int(mm, minimum=1, maximum=12)
        if year and mm:
            month = date(year, mm, 1)
        role = params.get("vai-tro", "")
        return cls(
            section=int_param(params, "phan", minimum=1),
            body=int_param(params, "don-vi", minimum=1),
            role=role if role in AssignmentRole.values else "",
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


def plan_tasks(plan: Plan, *, filters: TaskFilters):
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
        tasks = tasks.filter(search_text__icontains=fold_accents(filters.query))
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
    roles = {value: RoleBodies(value, label) for value, label in AssignmentRole.choices}
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
        return self.count(AssignmentRole.LEAD)

    @property
    def support_count(self) -> int:
        return self.count(AssignmentRole.SUPPORT)


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


def search_tasks(query: str, *, limit: int = 100) -> tuple[int, list[Task]]:
    """Tasks of published plans whose text holds the query, diacritics ignored:
    (how many match, the first ``limit`` of them)."""
    folded = fold_accents(query)
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
