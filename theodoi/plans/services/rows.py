"""Rows of a draft plan: add, split, merge, delete, move tasks; add sections; a new
empty plan made by hand. Each is one call in one transaction.

Positions are renumbered; codes stay as the office writes them (a new row gets
a suggested code the office corrects on the grid).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from theodoi.core import clock
from theodoi.core.audit import audit
from theodoi.core.params import parse_int

from ..models import AgencyItem, Plan, Section, Task
from .review import ROW_ACTIONS, SECTION_ADDED, locked_draft, note_on_plan

NEW_TASK = "Nhiệm vụ mới"


def _next_code(code: str) -> str:
    """``2.1`` -> ``2.2``; ``5`` -> ``6``; anything else gets a ``*``."""
    head, dot, last = code.rpartition(".")
    number = parse_int(last)
    return f"{head}{dot}{number + 1}" if number is not None else f"{code}*"


def _save(task: Task, reason: str, user) -> Task:
    task.refresh_search_text()
    task.full_clean()
    audit(task, user, ROW_ACTIONS[reason])
    task.save()
    return task


def _make_room_after(plan: Plan, position: int) -> int:
    Task.objects.filter(plan=plan, position__gt=position).update(position=F("position") + 1)
    return position + 1


def _copy_items(source: Task, target: Task) -> None:
    for item in source.agency_items.all():
        chosen = list(item.chosen.all())
        item.pk, item.task = None, target
        item.save()
        item.chosen.set(chosen)


def _task_add_after(task: Task, user) -> Task:
    new = Task(
        plan=task.plan,
        section=task.section,
        parent=task.parent,
        code=_next_code(task.code),
        position=_make_room_after(task.plan, task.position),
        title=NEW_TASK,
    )
    return _save(new, "add", user)


def _task_split(task: Task, at: str, user) -> Task:
    """Two tasks: the title cut at ``at`` (a character index), or a copy."""
    cut = parse_int(at) or 0
    head, tail = task.title[:cut].strip(), task.title[cut:].strip()
    if cut and (not head or not tail):
        raise ValidationError(_("Chọn điểm tách nằm giữa nội dung nhiệm vụ."))
    new = Task.objects.get(pk=task.pk)
    new.pk = None
    new.code = _next_code(task.code)
    new.position = _make_room_after(task.plan, task.position)
    if cut:
        task.title, new.title = head, tail
        _save(task, "split", user)
    _save(new, "split", user)
    _copy_items(task, new)
    return new


def _previous(task: Task) -> Task | None:
    return (
        Task.objects.filter(plan=task.plan, section=task.section, position__lt=task.position)
        .order_by("-position")
        .first()
    )


def _joined(first: str, second: str) -> str:
    return first if not second or second in first else f"{first}\n{second}".strip()


def _task_merge(task: Task, user) -> Task:
    """The task goes into the previous row of its section: texts joined, bodies added."""
    previous = _previous(task)
    if previous is None:
        raise ValidationError(_("Không có nhiệm vụ nào phía trên để gộp vào."))
    if task.children.exists():
        raise ValidationError(_("Nhiệm vụ có nhiệm vụ con; hãy xử lý các nhiệm vụ con trước."))
    previous.title = _joined(previous.title, task.title)
    previous.deliverable = _joined(previous.deliverable, task.deliverable)
    previous.basis = _joined(previous.basis, task.basis)
    for field in ("lead_text", "support_text"):
        names = getattr(previous, field)
        setattr(previous, field, names + [n for n in getattr(task, field) if n not in names])
    if not previous.deadline_text:
        for field in ("deadline_text", "due", "recurrence", "condition", "start_text"):
            setattr(previous, field, getattr(task, field))
    _save(previous, "merge", user)
    taken = {(i.role, i.text) for i in previous.agency_items.all()}
    start = previous.agency_items.count()
    for offset, item in enumerate(task.agency_items.all()):
        if (item.role, item.text) not in taken:
            AgencyItem.objects.filter(pk=item.pk).update(task=previous, position=start + offset)
    _task_delete(task, user)
    return previous


def _task_delete(task: Task, user) -> None:
    if task.children.exists():
        raise ValidationError(_("Nhiệm vụ có nhiệm vụ con; hãy xóa các nhiệm vụ con trước."))
    audit(task, user, ROW_ACTIONS["delete"])
    task.delete()


def _task_move(task: Task, step: int, user) -> Task:
    """Swap with the neighbour row of the same section (up: -1, down: +1)."""
    siblings = Task.objects.filter(plan=task.plan, section=task.section)
    neighbour = (
        siblings.filter(position__lt=task.position).order_by("-position").first()
        if step < 0
        else siblings.filter(position__gt=task.position).order_by("position").first()
    )
    if neighbour is None:
        raise ValidationError(_("Nhiệm vụ đã ở đầu (hoặc cuối) phần này."))
    task.position, neighbour.position = neighbour.position, task.position
    Task.objects.filter(pk=task.pk).update(position=task.position)
    Task.objects.filter(pk=neighbour.pk).update(position=neighbour.position)
    return task


# The review grid's row operations (its buttons post them as ``op``) and what each says.
MESSAGES = {
    "add": gettext_lazy("Đã thêm một nhiệm vụ mới bên dưới."),
    "split": gettext_lazy("Đã tách nhiệm vụ thành hai dòng."),
    "merge": gettext_lazy("Đã gộp nhiệm vụ vào dòng phía trên."),
    "delete": gettext_lazy("Đã xóa nhiệm vụ."),
    "up": gettext_lazy("Đã chuyển nhiệm vụ lên."),
    "down": gettext_lazy("Đã chuyển nhiệm vụ xuống."),
}


@clock.dated
@transaction.atomic
def task_action(*, task: Task, action: str, user, at: str = "", now=None) -> str:
    """One row operation on a task of a draft; returns the message to show."""
    plan = locked_draft(task.plan)
    task = Task.objects.select_for_update().get(pk=task.pk)
    if action == "add":
        _task_add_after(task, user)
    elif action == "split":
        _task_split(task, at, user)
    elif action == "merge":
        _task_merge(task, user)
    elif action == "delete":
        _task_delete(task, user)
    elif action in {"up", "down"}:
        _task_move(task, -1 if action == "up" else 1, user)
    else:
        raise ValidationError(_("Thao tác không hợp lệ."))
    note_on_plan(plan, user, "plans.review.rows_changed", op=action, code=task.code)
    return str(MESSAGES[action])


@clock.dated
@transaction.atomic
def task_add(*, plan: Plan, user, section_id=None, now=None) -> Task:
    """A new task at the end of a section (or of the plan)."""
    plan = locked_draft(plan)
    section = Section.objects.filter(plan=plan, pk=section_id).first() if section_id else None
    last = Task.objects.filter(plan=plan, section=section).order_by("-position").first()
    end = Task.objects.filter(plan=plan).aggregate(m=Max("position"))["m"]
    position = _make_room_after(plan, last.position) if last else (end or 0) + 1
    code = _next_code(last.code) if last else "1"
    return _save(
        Task(plan=plan, section=section, code=code, position=position, title=NEW_TASK), "add", user
    )


@clock.dated
@transaction.atomic
def section_add(*, plan: Plan, user, now=None) -> Section:
    plan = locked_draft(plan)
    position = plan.sections.count()
    code = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[position % 26]
    section = Section(plan=plan, code=code, path=code, title=_("Phần mới"), position=position)
    section.full_clean()
    audit(section, user, SECTION_ADDED)
    section.save()
    note_on_plan(plan, user, "plans.review.rows_changed", op="section", code=code)
    return section


@clock.dated
@transaction.atomic
def plan_create_empty(*, title: str, user, year: str = "", now=None) -> Plan:
    """An empty draft made by hand: only its title is required."""
    title = (title or "").strip()
    if not title:
        raise ValidationError(_("Hãy nhập trích yếu (tên) của kế hoạch."))
    year = (year or "").strip()
    number = parse_int(year, minimum=2000, maximum=2100)
    if year and number is None:
        raise ValidationError(_("Năm kế hoạch phải là một số, ví dụ 2026."))
    plan = Plan(title=title, year=number, source_name="")
    plan.full_clean()
    audit(plan, user, "plans.plan.created_by_hand")
    plan.save()
    return plan
