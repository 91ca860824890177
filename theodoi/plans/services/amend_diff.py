"""What an amended document changes in a published plan, row by row.

Tasks are matched by (section path, code), then a row that moved (renumbered,
or put in another section) by the similarity of its title; KPIs likewise, by
name. Both sides are the importer's JSON (``theodoi.plan/1``), the plan's side
through ``plan_to_json``.
"""

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from theodoi.bodies.resolve import RegistryIndex
from theodoi.lib.text import fold_accents

from ..models import (
    AssignmentRole,
    Indicator,
    Plan,
    Task,
)
from ..serialize import indicator_to_json, plan_to_json, task_to_json
from .drafts import agency_items
from .publish import Unresolved

# A moved row is the same task when its title is at least this similar.
SIMILAR = 0.8

TASK_FIELDS = {
    "section": gettext_lazy("Phần"),
    "code": gettext_lazy("Số thứ tự"),
    "title": gettext_lazy("Nội dung nhiệm vụ"),
    "lead": gettext_lazy("Chủ trì"),
    "support": gettext_lazy("Phối hợp"),
    "start": gettext_lazy("Thời gian bắt đầu"),
    "deadline": gettext_lazy("Thời hạn"),
    "due": gettext_lazy("Hạn hoàn thành"),
    "recurrence": gettext_lazy("Lặp lại"),
    "condition": gettext_lazy("Điều kiện"),
    "deliverable": gettext_lazy("Sản phẩm"),
    "basis": gettext_lazy("Căn cứ giao nhiệm vụ"),
    "target": gettext_lazy("Mức cần đạt"),
}
INDICATOR_FIELDS = {
    "section": gettext_lazy("Phần"),
    "code": gettext_lazy("Số thứ tự"),
    "name": gettext_lazy("Chỉ tiêu"),
    "unit": gettext_lazy("Đơn vị tính"),
    "target": gettext_lazy("Mục tiêu"),
    "lead": gettext_lazy("Chủ trì"),
    "support": gettext_lazy("Phối hợp"),
    "parts": gettext_lazy("Chỉ tiêu thành phần"),
}
DOCUMENT_FIELDS = ("document", "reporting", "sections", "members")


def _flat_task(row: dict) -> dict:
    deadline = row.get("deadline") or {}
    flat = {key: row.get(key) for key in TASK_FIELDS}
    flat.update(
        deadline=deadline.get("text"),
        due=deadline.get("due"),
        recurrence=deadline.get("recurrence"),
        condition=deadline.get("condition"),
    )
    for key in ("lead", "support"):
        flat[key] = flat[key] or []
    return flat


def _flat_indicator(row: dict) -> dict:
    flat = {key: row.get(key) for key in INDICATOR_FIELDS}
    for key in ("lead", "support", "parts"):
        flat[key] = flat[key] or []
    return flat


@dataclass
class FieldChange:
    field: str
    label: str
    old: object
    new: object


@dataclass
class RowChange:
    """A row of the plan (task or KPI) matched with a row of the new document."""

    obj: Task | Indicator
    row: dict
    changes: list[FieldChange]

    @property
    def key(self) -> str:
        return _key_text(self.row)


@dataclass
class Part:
    """Tasks or KPIs: what the new document adds, removes, changes."""

    added: list[dict] = field(default_factory=list)
    removed: list = field(default_factory=list)
    changed: list[RowChange] = field(default_factory=list)
    unchanged: list[RowChange] = field(default_factory=list)

    def summary(self, old_key) -> dict:
        return {
            "added": [_key_text(row) for row in self.added],
            "removed": [old_key(obj) for obj in self.removed],
            "changed": {c.key: [f.field for f in c.changes] for c in self.changed},
        }

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass
class Diff:
    tasks: Part
    indicators: Part
    document: list[str]  # which of DOCUMENT_FIELDS differ
    unresolved: list[Unresolved]

    @property
    def empty(self) -> bool:
        return not (self.tasks or self.indicators or self.document)

    def summary(self) -> dict:
        return {
            "tasks": self.tasks.summary(lambda t: _key_text(task_to_json(t))),
            "indicators": self.indicators.summary(
                lambda i: _key_text({"section": i.section_path, "code": i.code})
            ),
            "document": self.document,
        }


def _key(row: dict) -> tuple:
    return (row.get("section"), row.get("code"))


def _key_text(row: dict) -> str:
    return f"{row['section']}/{row['code']}" if row.get("section") else str(row.get("code"))


def _match(olds: list[tuple], news: list[dict], text) -> tuple[list, list, list]:
    """(old object, old json) pairs and new rows → matched pairs, unmatched olds, news."""
    by_key = {_key(j): (o, j) for o, j in olds}
    pairs, left_new = [], []
    for row in news:
        found = by_key.pop(_key(row), None)
        if found:
            pairs.append((*found, row))
        else:
            left_new.append(row)
    left_old = list(by_key.values())
    candidates = sorted(
        (
            (SequenceMatcher(None, fold_accents(text(j)), fold_accents(text(row))).ratio(), i, k)
            for i, (_o, j) in enumerate(left_old)
            for k, row in enumerate(left_new)
        ),
        reverse=True,
    )
    used_old, used_new = set(), set()
    for ratio, i, k in candidates:
        if ratio < SIMILAR:
            break
        if i not in used_old and k not in used_new:
            used_old.add(i), used_new.add(k)
            pairs.append((*left_old[i], left_new[k]))
    added = [row for k, row in enumerate(left_new) if k not in used_new]
    removed = [o for i, (o, _j) in enumerate(left_old) if i not in used_old]
    return pairs, removed, added


def _compare(pairs, flatten, labels) -> tuple[list[RowChange], list[RowChange]]:
    changed, unchanged = [], []
    for obj, old, new in pairs:
        a, b = flatten(old), flatten(new)
        changes = [FieldChange(k, str(labels[k]), a[k], b[k]) for k in a if a[k] != b[k]]
        (changed if changes else unchanged).append(RowChange(obj, new, changes))
    return changed, unchanged


def _open_tasks(plan: Plan):
    return plan.tasks.filter(closed_at__isnull=True).select_related("section")


def _unresolved(rows: list[tuple[str, dict]], index: RegistryIndex) -> list[Unresolved]:
    """Names in lead/support cells that the registry does not make one body or group of."""
    problems = []
    for where, row in rows:
        for item in agency_items(
            {
                AssignmentRole.LEAD: row.get("lead") or [],
                AssignmentRole.SUPPORT: row.get("support") or [],
            },
            index,
        ):
            if item.body is None and item.group is None:
                problems.append(Unresolved(where, item.text, _("không có trong danh mục")))
            elif item.group is not None and item.group.needs_choice:
                problems.append(Unresolved(where, item.text, _("nhóm chưa rõ, cần chọn đơn vị")))
    return problems


def plan_amend_preview(*, plan: Plan, data: dict) -> Diff:
    """What applying ``data`` (the amended document's JSON) would change."""
    old_tasks = [(t, task_to_json(t)) for t in _open_tasks(plan).order_by("position", "pk")]
    pairs, removed, added = _match(
        old_tasks, data.get("tasks") or [], lambda j: j.get("title") or ""
    )
    changed, unchanged = _compare(pairs, _flat_task, TASK_FIELDS)
    tasks = Part(added, removed, changed, unchanged)

    old_indicators = _indicators_json(plan)
    pairs, removed, added = _match(
        old_indicators, data.get("indicators") or [], lambda j: j.get("name") or ""
    )
    changed, unchanged = _compare(pairs, _flat_indicator, INDICATOR_FIELDS)
    indicators = Part(added, removed, changed, unchanged)

    current = plan_to_json(plan)
    document = [k for k in DOCUMENT_FIELDS if current[k] != data.get(k, current[k])]

    # Names to resolve: those of new rows and of rows whose cells changed.
    def needs_names(change: RowChange) -> bool:
        return any(f.field in ("lead", "support") for f in change.changes)

    rows = [(_("nhiệm vụ %s") % _key_text(r), r) for r in tasks.added]
    rows += [(_("nhiệm vụ %s") % c.key, c.row) for c in tasks.changed if needs_names(c)]
    rows += [(_("chỉ tiêu %s") % _key_text(r), r) for r in indicators.added]
    rows += [(_("chỉ tiêu %s") % c.key, c.row) for c in indicators.changed if needs_names(c)]
    return Diff(tasks, indicators, document, _unresolved(rows, RegistryIndex.build()))


def _indicators_json(plan: Plan) -> list[tuple[Indicator, dict]]:
    rows = list(plan.indicators.filter(closed_at__isnull=True).order_by("position", "pk"))
    parts: dict[int, list[Indicator]] = {}
    for row in rows:
        if row.parent_id:
            parts.setdefault(row.parent_id, []).append(row)
    return [(i, indicator_to_json(i, parts.get(i.pk, []))) for i in rows if not i.parent_id]
