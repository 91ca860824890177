"""Reads for the review grid of a draft plan."""

from collections import defaultdict
from dataclasses import dataclass

from theodoi.bodies.models import Body, Group
from theodoi.bodies.names import is_central_name, name_key
from theodoi.lib.text import fold_accents

from ..models import AgencyItem, AssignmentRole, Plan, Task
from ..services.review import item_fingerprint
from .gaps import plan_gaps
from .publication import unresolved_items


def leaf_task_count(plan: Plan) -> int:
    return Task.objects.filter(plan=plan, closed_at__isnull=True, children__isnull=True).count()


def _warning_key(where: str) -> tuple[str | None, str] | None:
    """``"tasks I/12"`` -> ``("I", "12")``; ``"tasks 12"`` -> ``(None, "12")``."""
    if not where.startswith("tasks "):
        return None
    path, _slash, code = where[len("tasks ") :].strip().rpartition("/")
    return (path or None, code)


def warnings_by_task(plan: Plan, *, tasks: list[Task]) -> tuple[dict[int, list[dict]], list[dict]]:
    """The importer's warnings at their task rows, and those that match no row."""
    by_key = {(t.section.path if t.section else None, t.code): t.pk for t in tasks}
    by_code: dict[str, list[int]] = defaultdict(list)
    for task in tasks:
        by_code[task.code].append(task.pk)
    at_rows: dict[int, list[dict]] = defaultdict(list)
    rest = []
    for warning in plan.warnings or []:
        key = _warning_key(str(warning.get("where", "")))
        pk = by_key.get(key) if key else None
        if key and pk is None and key[0] is None and len(by_code[key[1]]) == 1:
            pk = by_code[key[1]][0]
        if pk is None:
            rest.append(warning)
        else:
            at_rows[pk].append(warning)
    return at_rows, rest


def _items_by_owner(items) -> dict[tuple, list[AgencyItem]]:
    grouped: dict[tuple, list[AgencyItem]] = defaultdict(list)
    for item in items:
        grouped[(item.task_id or item.indicator_id, item.role)].append(item)
    return grouped


def review_grid(plan: Plan) -> dict:
    """Everything the review screen shows, in a handful of queries."""
    tasks = list(plan.tasks.select_related("section").order_by("position", "pk"))
    depth: dict[int, int] = {}
    for task in tasks:  # parents come before their sub-tasks
        depth[task.pk] = depth.get(task.parent_id, -1) + 1 if task.parent_id else 0
    items = AgencyItem.objects.select_related("body", "group").prefetch_related("chosen")
    task_items = _items_by_owner(items.filter(task__plan=plan))
    indicator_items = _items_by_owner(items.filter(indicator__plan=plan))
    gaps = plan_gaps(plan)
    at_rows, other_warnings = warnings_by_task(plan, tasks=tasks)
    for task in tasks:
        task.depth = depth[task.pk]
        task.leads = task_items[(task.pk, AssignmentRole.LEAD)]
        task.supports = task_items[(task.pk, AssignmentRole.SUPPORT)]
        task.gaps = gaps.get(task.pk, [])
        task.row_warnings = at_rows.get(task.pk, [])
    indicators = list(plan.indicators.order_by("parent_id", "position"))
    parts: dict[int, list] = defaultdict(list)
    for indicator in indicators:
        indicator.leads = indicator_items[(indicator.pk, AssignmentRole.LEAD)]
        indicator.supports = indicator_items[(indicator.pk, AssignmentRole.SUPPORT)]
        if indicator.parent_id:
            parts[indicator.parent_id].append(indicator)
    ordered = []
    for indicator in (i for i in indicators if not i.parent_id):
        ordered += [indicator, *parts[indicator.pk]]
    sections = list(plan.sections.order_by("position"))
    blocks = [(None, [t for t in tasks if t.section_id is None])]
    blocks += [(s, [t for t in tasks if t.section_id == s.pk]) for s in sections]
    return {
        "blocks": blocks,
        "tasks": tasks,
        "indicators": ordered,
        "duties": list(plan.reporting.order_by("position")),
        "warnings": other_warnings,
        "gaps": gaps,
    }


def undecided_items(plan: Plan):
    """Agency items of the draft nothing is decided for: not a body, a group, chosen
    bodies or "ngoài tỉnh" (a name the registry does not know)."""
    items = AgencyItem.objects.filter(task__plan=plan) | AgencyItem.objects.filter(
        indicator__plan=plan
    )
    return items.filter(body__isnull=True, group__isnull=True, outside=False, chosen__isnull=True)


@dataclass
class UnknownName:
    text: str  # as the first cell writes it
    count: int  # cells of the draft with this name
    item_id: int  # the first of them: the picker opens on it
    central: bool  # a ministry or another central body: "ngoài tỉnh"
    seen_version: str  # the first item's, for a choice made from the list


def unknown_names(plan: Plan) -> list[UnknownName]:
    """Names the registry does not know and the office has not decided yet, one per
    name (equal ``name_key``), the most frequent first."""
    items = undecided_items(plan)
    names: dict[str, UnknownName] = {}
    for item in items.order_by("task__position", "indicator__position", "role", "position"):
        key = name_key(item.text)
        if key in names:
            names[key].count += 1
        else:
            central = is_central_name(item.text)
            names[key] = UnknownName(item.text, 1, item.pk, central, item_fingerprint(item))
    return sorted(names.values(), key=lambda name: (-name.count, name.text))


def cells_named_like(plan: Plan, *, item: AgencyItem) -> int:
    """How many cells a choice for the item's name changes: the item and every cell
    of the draft with the same name and nothing decided yet."""
    key = name_key(item.text)
    items = undecided_items(plan)
    return 1 + sum(1 for i in items.exclude(pk=item.pk) if name_key(i.text) == key)


def unresolved_by_name(unresolved: list) -> list[dict]:
    """The publish page's refusal list, one row per name and reason, biggest first."""
    rows: dict[tuple, dict] = {}
    for problem in unresolved:
        key = (name_key(problem.text), problem.reason)
        row = rows.setdefault(key, {"text": problem.text, "reason": problem.reason, "where": []})
        row["where"].append(problem.where)
    return sorted(rows.values(), key=lambda row: (-len(row["where"]), row["text"]))


def review_counts(plan: Plan) -> dict:
    """The sticky header's numbers: names to resolve, tasks meeting the "06 rõ"."""
    leaves = leaf_task_count(plan)
    missing = len(plan_gaps(plan))
    return {
        "unresolved": len(unresolved_items(plan)),
        "leaves": leaves,
        "clear": leaves - missing,
        "with_gaps": missing,
    }


def registry_search(query: str, *, limit: int = 15) -> list:
    """Bodies and groups whose name or alias contains the query, diacritics ignored."""
    needle = fold_accents(query)
    if not needle:
        return []
    found = []
    for item in [*Group.objects.all(), *Body.objects.filter(active=True)]:
        if any(needle in fold_accents(name) for name in [item.name, *(item.aliases or [])]):
            found.append(item)
    found.sort(key=lambda item: (not fold_accents(item.name).startswith(needle), item.name))
    return found[:limit]


def review_row(plan: Plan, *, kind: str, pk: int):
    """One task or KPI row, annotated as the grid shows it."""
    grid = review_grid(plan)
    rows = grid["tasks"] if kind == "task" else grid["indicators"]
    return next(row for row in rows if row.pk == pk)
