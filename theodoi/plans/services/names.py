"""Names of the lead/support cells resolved in bulk on the review grid.

A choice made for one name applies to every cell of the draft with that name
("same name": equal ``name_key``, so case, spacing, tone placement and
``UBND``/``Ủy ban nhân dân`` do not matter). A body chosen for a name the registry
does not know keeps the name as an alias, so the next plan resolves it by itself.
Ministries and other central bodies are marked ``outside`` the province: nobody
here is assigned and publishing no longer asks for them.

Each choice is one ``NameChoice`` holding what every item was before, so the
review grid's undo (``draft_undo``) reverts it in one step, alias included.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from theodoi.bodies.models import Body
from theodoi.bodies.names import is_central_name, name_key
from theodoi.bodies.resolve import RegistryIndex
from theodoi.bodies.services import body_alias_add, body_alias_remove
from theodoi.core import clock
from theodoi.core.audit import audit
from theodoi.core.concurrency import EditConflict, check_unchanged

from ..models import AgencyItem, NameChoice, Plan
from .review import ITEM_FIELDS, change_undo, last_change, locked_draft, note_on_plan


def _plan_items(plan: Plan):
    """Every agency item of the plan's tasks and KPIs (by subqueries, not joins, so that
    PostgreSQL can lock the rows: ``FOR UPDATE`` refuses the nullable side of a join)."""
    return AgencyItem.objects.filter(
        Q(task_id__in=plan.tasks.values("pk")) | Q(indicator_id__in=plan.indicators.values("pk"))
    )


def _state(item: AgencyItem) -> dict:
    return {
        "id": item.pk,
        "body": item.body_id,
        "group": item.group_id,
        "chosen": sorted(b.pk for b in item.chosen.all()),
        "outside": item.outside,
    }


def _undecided(item: AgencyItem) -> bool:
    """Nothing chosen for it yet: not a body, a group, chosen bodies or "ngoài tỉnh"."""
    return not (item.body_id or item.group_id or item.outside or item.chosen.all())


def _choose(plan: Plan, items: list[AgencyItem], *, label: str, body: Body | None, user, now):
    """Give ``body`` (None: "ngoài tỉnh") to ``items``, recorded as one choice."""
    choice = NameChoice(plan=plan, label=label[:500], body=body, made_by=user)
    choice.before = [_state(item) for item in items]
    known = RegistryIndex.build().resolve(label)
    if body is not None and not (known.bodies or known.groups):  # a name the registry lacks
        if body_alias_add(body=body, name=label, user=user):
            choice.alias_added = label[:500]
    choice.made_at = clock.now(now)
    choice.save()
    what = body.name if body else "ngoài tỉnh"
    for item in items:
        item.body, item.group, item.outside = body, None, body is None
        audit(item, user, "plans.review.name_chosen", count=len(items), text=label, chosen=what)
        item.save(update_fields=["body", "group", "outside"])
        item.chosen.clear()
    note_on_plan(plan, user, "plans.review.name_chosen", count=len(items), text=label, chosen=what)
    return len(items)


def _named_like(plan: Plan, item: AgencyItem) -> list[AgencyItem]:
    """``item`` and every undecided item of the draft with the same name, locked."""
    key = name_key(item.text)
    items = _plan_items(plan).select_for_update().prefetch_related("chosen")
    return [i for i in items if i.pk == item.pk or (_undecided(i) and name_key(i.text) == key)]


def _locked_item(item: AgencyItem, seen_version: str | None) -> tuple[Plan, AgencyItem]:
    owner = item.task or item.indicator
    plan = locked_draft(owner.plan)
    item = AgencyItem.objects.select_for_update().get(pk=item.pk)
    check_unchanged(item, seen_version, ITEM_FIELDS)
    return plan, item


@transaction.atomic
def name_resolve(*, item: AgencyItem, body: Body, seen_version: str | None, user, now=None) -> int:
    """``body`` for the item's name in every cell of the draft; how many cells changed."""
    plan, item = _locked_item(item, seen_version)
    items = _named_like(plan, item)
    return _choose(plan, items, label=item.text, body=body, user=user, now=now)


@transaction.atomic
def name_mark_outside(*, item: AgencyItem, seen_version: str | None, user, now=None) -> int:
    """The item's name is a body outside the province, in every cell of the draft."""
    plan, item = _locked_item(item, seen_version)
    items = _named_like(plan, item)
    return _choose(plan, items, label=item.text, body=None, user=user, now=now)


CENTRAL = "Bộ, ngành trung ương"


@transaction.atomic
def central_mark_outside(*, plan: Plan, user, now=None) -> int:
    """Every undecided name of a ministry or central body is "ngoài tỉnh"."""
    plan = locked_draft(plan)
    items = _plan_items(plan).select_for_update().prefetch_related("chosen")
    items = [i for i in items if _undecided(i) and is_central_name(i.text)]
    if not items:
        raise ValidationError(_("Không còn tên Bộ, ngành trung ương nào chưa xác định."))
    return _choose(plan, items, label=CENTRAL, body=None, user=user, now=now)


# --- Undo ---------------------------------------------------------------------------


def _last_choice(plan: Plan, user) -> NameChoice | None:
    return NameChoice.objects.filter(plan=plan, made_by=user, undone_at__isnull=True).first()


def _choice_undo(choice: NameChoice, user, now) -> None:
    """Every item back as it was; refused when one was changed since."""
    items = {
        i.pk: i
        for i in AgencyItem.objects.select_for_update()
        .filter(pk__in=[state["id"] for state in choice.before])
        .prefetch_related("chosen")
    }
    for item in items.values():
        changed = item.body_id != choice.body_id or item.group_id or item.chosen.all()
        if changed or item.outside != (choice.body_id is None):
            raise EditConflict()
    for state in choice.before:
        item = items.get(state["id"])
        if item is None:  # its row was deleted since: nothing to put back
            continue
        item.body_id, item.group_id, item.outside = state["body"], state["group"], state["outside"]
        audit(item, user, "plans.review.name_choice_undone", text=choice.label)
        item.save(update_fields=["body", "group", "outside"])
        item.chosen.set(state["chosen"])
    if choice.alias_added:
        body_alias_remove(body=choice.body, name=choice.alias_added, user=user)
    choice.undone_at = clock.now(now)
    choice.save(update_fields=["undone_at"])
    note_on_plan(choice.plan, user, "plans.review.name_choice_undone", text=choice.label)


@transaction.atomic
def draft_undo(*, plan: Plan, user, now=None):
    """The review grid's undo: the user's latest cell edit or name choice, whichever
    is later. Returns ``(kind, row)``; for a name choice ``("names", choice)``."""
    plan = locked_draft(plan)
    choice = _last_choice(plan, user)
    edit = last_change(plan, user)
    if choice is not None and (edit is None or choice.made_at >= edit[1].history_date):
        _choice_undo(choice, user, now)
        return "names", choice
    return change_undo(plan=plan, user=user, now=now)
