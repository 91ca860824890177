"""Corrections of a draft plan on the review grid: one cell, undo, agency choices.

Each write runs in one transaction, re-reads its row under a lock and compares
the version the grid showed (``seen_version``, ``core.concurrency``): a concurrent
edit is refused, never overwritten. Plan, Section, Task and Indicator keep their
history (simple_history) and a grid edit is recorded with the action
``plans.review.cell_edited`` and the field in its data — which is what undo walks
back (an undo records ``plans.review.undone`` with the history id it reverted). A
reporting duty's or an agency item's edit is also noted on the plan's history, which
undo does not walk (a name chosen for many cells at once is undone through its
``NameChoice``: ``services.names``).
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from theodoi.bodies.resolve import RegistryIndex
from theodoi.core import clock
from theodoi.core.audit import audit
from theodoi.core.concurrency import check_unchanged, edit_version
from theodoi.core.params import parse_int
from theodoi.importer.build.agencies import split_agencies
from theodoi.importer.build.deadlines import read_deadline
from theodoi.importer.build.targets import read_target
from theodoi.lib.dates import format_date, parse_date

from ..models import (
    AgencyItem,
    AssignmentRole,
    Indicator,
    Plan,
    PlanImport,
    PlanStatus,
    ReportingDuty,
    Section,
    Task,
)
from .drafts import agency_items

EDITED = "plans.review.cell_edited"  # a grid edit; data: {"field": …}
UNDONE = "plans.review.undone"  # data: {"kind": …, "undoes": the history id reverted}
# The grid's row operations (``services.rows``), by the ``op`` its buttons post.
ROW_ACTIONS = {
    "add": "plans.review.task_added",
    "split": "plans.review.task_split",
    "merge": "plans.review.task_merged",
    "delete": "plans.review.task_deleted",
}
SECTION_ADDED = "plans.review.section_added"
# What a row's own history records of the grid: undo walks back its changes ("~").
ROW_EDITS = (EDITED, *ROW_ACTIONS.values(), SECTION_ADDED)
# Every action of the grid, on a row or noted on the plan (lost if the draft is read again).
GRID_ACTIONS = (
    *ROW_EDITS,
    UNDONE,
    "plans.review.row_edited",
    "plans.review.agency_set",
    "plans.review.rows_changed",
    "plans.review.name_chosen",
    "plans.review.name_choice_undone",
)


@dataclass(frozen=True)
class Field:
    label: str
    kind: str = "text"  # text | long | date | int | agencies | deadline | target | lines


FIELDS: dict[str, dict[str, Field]] = {
    "plan": {
        "doc_type": Field(gettext_lazy("Loại văn bản")),
        "number": Field(gettext_lazy("Số, ký hiệu")),
        "issued_on": Field(gettext_lazy("Ngày ban hành"), "date"),
        "issuer": Field(gettext_lazy("Cơ quan ban hành")),
        "place": Field(gettext_lazy("Địa danh")),
        "title": Field(gettext_lazy("Trích yếu"), "long"),
        "year": Field(gettext_lazy("Năm kế hoạch"), "int"),
        "signer_name": Field(gettext_lazy("Người ký")),
        "signer_position": Field(gettext_lazy("Chức vụ người ký")),
        "bases": Field(gettext_lazy("Căn cứ"), "lines"),
    },
    "section": {
        "code": Field(gettext_lazy("Mã")),
        "title": Field(gettext_lazy("Tên phần"), "long"),
    },
    "task": {
        "code": Field(gettext_lazy("TT")),
        "title": Field(gettext_lazy("Nội dung nhiệm vụ"), "long"),
        "lead_text": Field(gettext_lazy("Chủ trì"), "agencies"),
        "support_text": Field(gettext_lazy("Phối hợp"), "agencies"),
        "start_text": Field(gettext_lazy("Bắt đầu")),
        "deadline_text": Field(gettext_lazy("Thời hạn"), "deadline"),
        "due": Field(gettext_lazy("Hạn hoàn thành"), "date"),
        "deliverable": Field(gettext_lazy("Sản phẩm"), "long"),
        "basis": Field(gettext_lazy("Căn cứ giao nhiệm vụ"), "long"),
    },
    "indicator": {
        "code": Field(gettext_lazy("TT")),
        "name": Field(gettext_lazy("Chỉ tiêu"), "long"),
        "unit": Field(gettext_lazy("Đơn vị tính")),
        "target_text": Field(gettext_lazy("Mục tiêu"), "target"),
        "lead_text": Field(gettext_lazy("Chủ trì"), "agencies"),
        "support_text": Field(gettext_lazy("Phối hợp"), "agencies"),
    },
    "duty": {
        "text": Field(gettext_lazy("Nội dung"), "long"),
        "recipient": Field(gettext_lazy("Gửi"), "text"),
    },
}
MODELS = {
    "plan": Plan,
    "section": Section,
    "task": Task,
    "indicator": Indicator,
    "duty": ReportingDuty,
}
# Fields a cell sets besides its own (the deadline text sets the due date…).
DERIVED = {"task": ["due", "recurrence", "condition"], "indicator": ["target_op", "target_value"]}
# The kinds undo walks back; a duty's edit is noted on the plan too (``row_edited``).
WITH_HISTORY = {"plan", "section", "task", "indicator"}
ROLES = {"lead_text": AssignmentRole.LEAD, "support_text": AssignmentRole.SUPPORT}


def row_fingerprint(kind: str, row) -> str:
    """The row's ``seen_version`` on the grid (``core.concurrency.edit_version``)."""
    return edit_version(row, list(FIELDS[kind]))


def cell_value(row, field: str) -> str:
    """The value of a cell as its input shows it."""
    value = getattr(row, field)
    spec = FIELDS["plan" if isinstance(row, Plan) else _kind_of(row)][field]
    if spec.kind == "agencies":
        return "; ".join(value or [])
    if spec.kind == "lines":
        return "\n".join(str(b.get("text", "")) for b in value or [])
    if spec.kind == "date":
        return format_date(value)
    return "" if value is None else str(value)


def _kind_of(row) -> str:
    return next(kind for kind, model in MODELS.items() if isinstance(row, model))


def _parse(spec: Field, raw: str, old):
    text = (raw or "").strip()
    if spec.kind == "date":
        try:
            return parse_date(text)
        except ValueError:
            raise ValidationError(
                _("Ngày phải viết dạng ngày/tháng/năm, ví dụ 31/12/2025.")
            ) from None
    if spec.kind == "int":
        if not text:
            return None
        number = parse_int(text, minimum=1, maximum=9999)
        if number is None:
            raise ValidationError(_("Năm phải là một số, ví dụ 2025."))
        return number
    if spec.kind == "agencies":
        return split_agencies(text)
    if spec.kind == "lines":
        kept = {str(b.get("text", "")): b for b in old or []}
        return [
            kept.get(line.strip(), {"text": line.strip()})
            for line in text.splitlines()
            if line.strip()
        ]
    return text


def _apply_derived(kind: str, row, field: str, plan: Plan) -> None:
    if field == "deadline_text":
        deadline = read_deadline(row.deadline_text, plan.year)
        row.due = date.fromisoformat(deadline.due) if deadline.due else None
        row.recurrence = deadline.recurrence or ""
        row.condition = deadline.condition or ""
    elif field == "target_text":
        target = read_target(row.target_text) or {}
        row.target_op = target.get("op") or ""
        row.target_value = target.get("value")


def _sync_items(row, role: str, names: list[str], index: RegistryIndex | None = None) -> None:
    """Make the row's agency items of ``role`` the ``names``: an item whose text
    is unchanged keeps what the office chose for it; a new name is resolved."""
    owner = {"task": row} if isinstance(row, Task) else {"indicator": row}
    existing: dict[str, list[AgencyItem]] = {}
    for item in row.agency_items.filter(role=role).order_by("position"):
        existing.setdefault(item.text, []).append(item)
    keep = []
    for position, name in enumerate(names):
        if existing.get(name):
            item = existing[name].pop(0)
            item.position = position
            audit(item, None, "plans.review.agency_moved")
            item.save(update_fields=["position"])
        else:
            index = index or RegistryIndex.build()
            item = agency_items({role: [name]}, index, **owner)[0]
            item.position = position
            item.full_clean()
            audit(item, None, "plans.review.agency_added")
            item.save()
        keep.append(item.pk)
    row.agency_items.filter(role=role).exclude(pk__in=keep).delete()


REREADING = gettext_lazy(
    "Bản nháp đang được đọc lại theo cấu trúc đã chỉnh và sẽ được thay bằng bản mới; "
    "hãy chờ đọc xong rồi sửa trên bản nháp mới."
)


def locked_draft(plan: Plan) -> Plan:
    """The plan, locked; refused once it is no longer a draft, or while it is being
    read again (``structure``: the re-read replaces it)."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(_("Kế hoạch đã ban hành; không sửa trên bảng duyệt được nữa."))
    if PlanImport.objects.rereading().filter(plan=plan).exists():
        raise ValidationError(REREADING)
    return plan


def locked_row(plan: Plan, kind: str, pk: int):
    if kind == "plan":
        return plan
    rows = MODELS[kind].objects.select_for_update().filter(plan=plan, pk=pk)
    row = rows.first()
    if row is None:
        raise ValidationError(_("Dòng này không còn nữa (có thể vừa bị xóa). Hãy tải lại trang."))
    return row


def note_on_plan(plan: Plan, user, action: str, **data) -> None:
    """Record on the plan's history a change of the draft beyond one row's history."""
    audit(plan, user, action, **data)
    plan.save()


@clock.dated
@transaction.atomic
def cell_save(
    *,
    plan: Plan,
    kind: str,
    pk: int,
    field: str,
    value: str,
    seen_version: str | None,
    user,
    now=None,
):
    """Correct one cell of the grid; returns the row. Bad input: one clear message."""
    spec = FIELDS.get(kind, {}).get(field)
    if spec is None:
        raise ValidationError(_("Ô này không sửa được."))
    plan = locked_draft(plan)
    row = locked_row(plan, kind, pk)
    check_unchanged(row, seen_version, list(FIELDS[kind]))
    new = _parse(spec, value, getattr(row, field))
    if new == getattr(row, field):
        return row
    setattr(row, field, new)
    _apply_derived(kind, row, field, plan)
    if isinstance(row, Task):
        row.refresh_search_text()
    try:
        row.full_clean()
    except ValidationError as error:
        messages = error.message_dict.get(field) or error.messages
        raise ValidationError(messages[0]) from None
    audit(row, user, EDITED, field=field)
    row.save()
    if spec.kind == "agencies":
        _sync_items(row, ROLES[field], new)
    if kind not in WITH_HISTORY:
        note_on_plan(plan, user, "plans.review.row_edited", kind=kind, id=row.pk, field=field)
    return row


# --- Undo ---------------------------------------------------------------------------


def _history(kind: str, plan: Plan):
    model = MODELS[kind]
    return (
        model.history.filter(id=plan.pk)
        if kind == "plan"
        else model.history.filter(plan_id=plan.pk)
    )


UNDOABLE = ("plan", "section", "task", "indicator")


def last_change(plan: Plan, user):
    """The user's latest grid edit on this plan not undone yet: (kind, record) or None."""
    undone = set()
    latest = None
    for kind in UNDOABLE:
        for data in (
            _history(kind, plan)
            .filter(history_change_reason=UNDONE)
            .values_list("action_data", flat=True)
        ):
            undone.add((data.get("kind"), data.get("undoes")))
    for kind in UNDOABLE:
        # A plan's notes about other rows (``row_edited``…) have other codes: not here.
        records = _history(kind, plan).filter(
            history_user=user, history_change_reason__in=ROW_EDITS, history_type="~"
        )
        for record in records.order_by("-history_date", "-history_id")[:50]:
            if (kind, record.history_id) in undone:
                continue
            if latest is None or record.history_date > latest[1].history_date:
                latest = (kind, record)
            break
    return latest


@clock.dated
@transaction.atomic
def change_undo(*, plan: Plan, user, now=None):
    """Revert the user's last grid edit on this plan: the row gets its previous version.

    Refused when someone changed the row since (the edit is no longer the last one).
    """
    plan = locked_draft(plan)
    found = last_change(plan, user)
    if found is None:
        raise ValidationError(_("Không còn thay đổi nào của bạn để hoàn tác."))
    kind, record = found
    previous = record.prev_record
    if previous is None:  # a row made before its history was kept
        raise ValidationError(_("Không hoàn tác được thay đổi này; hãy sửa lại ô bằng tay."))
    row = locked_row(plan, kind, record.id)
    fields = list(FIELDS[kind]) + DERIVED.get(kind, [])
    check_unchanged(row, edit_version(record.instance, fields), fields)
    for field in fields:
        setattr(row, field, getattr(previous, field))
    if isinstance(row, Task):
        row.refresh_search_text()
    audit(row, user, UNDONE, kind=kind, undoes=record.history_id)
    row.save()
    if kind in {"task", "indicator"}:
        for field, role in ROLES.items():
            _sync_items(row, role, getattr(row, field))
    return kind, row


# --- Agency items ----------------------------------------------------------------------

ITEM_FIELDS = ["body", "group", "chosen", "outside"]


def item_fingerprint(item: AgencyItem) -> str:
    """The item's ``seen_version`` on the grid (``core.concurrency.edit_version``)."""
    return edit_version(item, ITEM_FIELDS)


@clock.dated
@transaction.atomic
def agency_item_set(
    *,
    item: AgencyItem,
    seen_version: str | None,
    user,
    body=None,
    group=None,
    chosen=None,
    now=None,
):
    """Say what a name of a lead/support cell stands for.

    ``body`` or ``group``: the name is that body or group (earlier choices are
    dropped). ``chosen``: the bodies a vague group or an unknown name stands for
    in this plan (an empty list clears the choice).
    """
    owner = item.task or item.indicator
    plan = locked_draft(owner.plan)
    item = AgencyItem.objects.select_for_update().get(pk=item.pk)
    check_unchanged(item, seen_version, ITEM_FIELDS)
    if chosen is not None:
        item.chosen.set(chosen)
        what = ", ".join(b.name for b in chosen) or "-"
    else:
        if (body is None) == (group is None):
            raise ValidationError(_("Hãy chọn một đơn vị hoặc một nhóm."))
        item.body, item.group = body, group
        item.full_clean()
        audit(item, user, "plans.review.agency_set", text=item.text, chosen=str(body or group))
        item.save()
        item.chosen.clear()
        what = str(body or group)
    note_on_plan(plan, user, "plans.review.agency_set", item=item.pk, text=item.text, chosen=what)
    return item
