"""An amended document applied to a published plan, in one transaction.

Applying updates matched tasks in place, so that everything attached to a task
(assignments, later the reports) stays attached; removed tasks are closed,
never deleted. How the document was read does not matter here: both
``plan_amend_preview`` (in ``amend_diff``) and ``plan_amend_apply`` take the
importer's JSON.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from theodoi.bodies.resolve import RegistryIndex
from theodoi.core import clock
from theodoi.core.audit import audit
from theodoi.core.concurrency import check_unchanged

from ..models import (
    AgencyItem,
    Assignment,
    AssignmentRole,
    Indicator,
    Plan,
    PlanStatus,
    PlanVersion,
    Section,
    Task,
)
from ..signals import plan_amended
from .amend_diff import Diff, plan_amend_preview
from .assign import item_bodies
from .drafts import (
    agency_items,
    document_fields,
    duties_and_members_create,
    indicator_create,
    iso_date,
    parent_code,
)
from .publish import PublishRefused

__all__ = ["plan_amend_apply", "plan_amend_preview"]


# -- applying ---------------------------------------------------------------------------


def _fill_task(task: Task, row: dict, sections: dict[str, Section]) -> None:
    deadline = row.get("deadline") or {}
    task.section = sections.get(row.get("section"))
    task.code = row["code"]
    task.title = row.get("title") or ""
    task.lead_text = row.get("lead") or []
    task.support_text = row.get("support") or []
    task.start_text = row.get("start") or ""
    task.deadline_text = deadline.get("text") or ""
    task.due = iso_date(deadline.get("due"))
    task.recurrence = deadline.get("recurrence") or ""
    task.condition = deadline.get("condition") or ""
    task.deliverable = row.get("deliverable") or ""
    task.basis = row.get("basis") or ""
    task.target = row.get("target")
    task.refresh_search_text()


def _fill_indicator(indicator: Indicator, row: dict) -> None:
    target = row.get("target") or {}
    indicator.section_path = row.get("section") or ""
    indicator.code = row.get("code") or ""
    indicator.name = row.get("name") or ""
    indicator.unit = row.get("unit") or ""
    indicator.target_text = target.get("text") or ""
    indicator.target_op = target.get("op") or ""
    indicator.target_value = target.get("value")
    indicator.lead_text = row.get("lead") or []
    indicator.support_text = row.get("support") or []


def _sync_items(owner: Task | Indicator, index: RegistryIndex, **key) -> None:
    """The owner's AgencyItems for its current cells; an item whose name stays keeps
    what the office chose for it."""
    kept = {(i.role, i.text): i for i in AgencyItem.objects.filter(**key)}
    cells = {AssignmentRole.LEAD: owner.lead_text, AssignmentRole.SUPPORT: owner.support_text}
    wanted = set()
    new = []
    for item in agency_items(cells, index, **key):
        old = kept.get((item.role, item.text))
        wanted.add((item.role, item.text))
        if old is None:
            new.append(item)
        elif old.position != item.position:
            old.position = item.position
            old.save(update_fields=["position"])
    AgencyItem.objects.filter(pk__in=[i.pk for k, i in kept.items() if k not in wanted]).delete()
    AgencyItem.objects.bulk_create(new)


def _sync_assignments(plan: Plan, moment, **key) -> None:
    """Who does the task (or KPI) now, from its AgencyItems; rows that stay keep their id.

    The same expansion as publishing (``assign.item_bodies``), for one owner. A row
    that goes is deleted, unless a report already points to it: then it is closed.
    """
    wanted: dict[tuple, int | None] = {}
    members: dict[int, list[int]] = {}
    for item in AgencyItem.objects.filter(**key).select_related("group").prefetch_related("chosen"):
        body_ids, via = item_bodies(item, members)
        for body_id in body_ids:
            wanted.setdefault((body_id, item.role), via)
    for assignment in Assignment.all_objects.filter(**key):
        key_of_row = (assignment.body_id, assignment.role)
        if key_of_row in wanted:
            assignment.via_group_id = wanted.pop(key_of_row)
            assignment.closed_at = None
            assignment.save(update_fields=["via_group", "closed_at"])
        elif assignment.closed_at is None and assignment.report_items.exists():
            assignment.closed_at = moment
            assignment.save(update_fields=["closed_at"])
        elif assignment.closed_at is None:
            assignment.delete()
    Assignment.objects.bulk_create(
        Assignment(plan=plan, body_id=body_id, role=role, via_group_id=via, **key)
        for (body_id, role), via in wanted.items()
    )


def _sync_sections(plan: Plan, rows: list[dict]) -> dict[str, Section]:
    existing = {s.path: s for s in plan.sections.all()}
    sections = {}
    for position, row in enumerate(rows):
        section = existing.pop(row["path"], None) or Section(plan=plan, path=row["path"])
        section.code, section.title, section.position = (
            row["code"],
            row.get("title") or "",
            position,
        )
        section.save()
        sections[row["path"]] = section
    return sections


def _save(obj, user, version: int) -> None:
    audit(obj, user, "plans.plan.amended", version=version)
    obj.full_clean(exclude=["plan", "section", "parent"])
    obj.save()


def _apply_tasks(plan, diff: Diff, rows, sections, index, user, version, moment) -> None:
    matched = {id(c.row): c for c in diff.tasks.changed + diff.tasks.unchanged}
    changed = {id(c.row) for c in diff.tasks.changed}
    by_key: dict[tuple, Task] = {}
    for position, row in enumerate(rows):
        change = matched.get(id(row))
        task = change.obj if change else Task(plan=plan)
        parent = by_key.get((row.get("section"), parent_code(row["code"])))
        if change is None or id(row) in changed:
            _fill_task(task, row, sections)
            task.position, task.parent = position, parent
            _save(task, user, version)
            _sync_items(task, index, task=task)
            _sync_assignments(plan, moment, task=task)
        elif (task.position, task.parent_id) != (position, parent and parent.pk):
            # Only its place moved: no new version of its content, assignments untouched.
            Task.objects.filter(pk=task.pk).update(position=position, parent=parent)
        by_key[(row.get("section"), row["code"])] = task
    for task in diff.tasks.removed:
        task.closed_at = moment
        _save(task, user, version)


def _apply_indicators(plan, diff: Diff, rows, index, user, version, moment) -> None:
    matched = {id(c.row): c for c in diff.indicators.changed + diff.indicators.unchanged}
    changed = {id(c.row) for c in diff.indicators.changed}
    for position, row in enumerate(rows):
        change = matched.get(id(row))
        if change and id(row) not in changed:
            Indicator.objects.filter(pk=change.obj.pk).update(position=position)
            continue
        indicator = change.obj if change else Indicator(plan=plan)
        _fill_indicator(indicator, row)
        indicator.position = position
        _save(indicator, user, version)
        indicator.parts.all().delete()
        for part_position, part in enumerate(row.get("parts") or []):
            indicator_create(plan, part, part_position, parent=indicator)
        _sync_items(indicator, index, indicator=indicator)
        _sync_assignments(plan, moment, indicator=indicator)
    for indicator in diff.indicators.removed:
        indicator.closed_at = moment
        _save(indicator, user, version)


def _apply_document(plan: Plan, data: dict) -> None:
    title = plan.title
    for name, value in document_fields(data).items():
        setattr(plan, name, value)
    plan.title = plan.title or title
    plan.reporting.all().delete()
    plan.members.all().delete()
    duties_and_members_create(plan, data)


@transaction.atomic
def plan_amend_apply(
    *, plan: Plan, data: dict, user, source_name: str = "", seen_version=None, now=None
) -> PlanVersion:
    """Apply the amended document; returns the new PlanVersion.

    Refused, with nothing changed, when the plan is not published, when someone
    applied another amendment since the preview (``seen_version``), when the new
    document has names the registry does not resolve (``PublishRefused`` lists
    them), or when it changes nothing.
    """
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.PUBLISHED:
        raise ValidationError(_("Chỉ sửa đổi được kế hoạch đã ban hành."))
    if seen_version is not None:
        check_unchanged(plan, seen_version)
    diff = plan_amend_preview(plan=plan, data=data)
    if diff.unresolved:
        raise PublishRefused(diff.unresolved)
    if diff.empty:
        raise ValidationError(
            _("Văn bản mới không khác phiên bản hiện hành; không có gì để áp dụng.")
        )
    number = plan.version + 1
    index = RegistryIndex.build()
    sections = _sync_sections(plan, data.get("sections") or [])
    moment = clock.now(now)
    _apply_tasks(plan, diff, data.get("tasks") or [], sections, index, user, number, moment)
    # A section the new document no longer has goes, unless closed tasks still name it.
    plan.sections.exclude(pk__in=[s.pk for s in sections.values()]).filter(
        tasks__isnull=True
    ).delete()
    _apply_indicators(plan, diff, data.get("indicators") or [], index, user, number, moment)
    duties_before = list(plan.reporting.all())
    _apply_document(plan, data)
    # Reporting adds the rules (and periods) of the new duties here, in this transaction.
    plan_amended.send(sender=Plan, plan=plan, duties_before=duties_before, user=user, now=moment)
    plan.version = number
    plan.source_name = source_name or data.get("source") or plan.source_name
    _save(plan, user, number)
    return PlanVersion.objects.create(
        plan=plan,
        number=number,
        source_name=plan.source_name,
        changes=diff.summary(),
        applied_by=user,
    )
