"""A draft plan from the importer's JSON (``theodoi.plan/1``), in one transaction;
a draft replaced by one read again (``plan_draft_replace``), both or neither."""

from datetime import date, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from theodoi.bodies.resolve import RegistryIndex
from theodoi.core.audit import audit

from ..models import (
    AgencyItem,
    AssignmentRole,
    Indicator,
    Member,
    Plan,
    PlanStatus,
    ReportingDuty,
    Section,
    Task,
)


def iso_date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def iso_time(text: str | None) -> time | None:
    return time.fromisoformat(text) if text else None


def parent_code(code: str) -> str | None:
    """``5.1.3`` -> ``5.1``; ``5`` -> None."""
    head, dot, _last = code.rpartition(".")
    return head if dot else None


def agency_items(cells: dict[str, list[str]], index: RegistryIndex, **owner) -> list[AgencyItem]:
    """One item per name of the lead and support cells, resolved against the registry."""
    items = []
    for role, names in cells.items():
        for position, text in enumerate(names):
            result = index.resolve(text)
            single = len(result.bodies) + len(result.groups) == 1 and not result.unresolved
            items.append(
                AgencyItem(
                    role=role,
                    text=text,
                    position=position,
                    body=result.bodies[0] if single and result.bodies else None,
                    group=result.groups[0] if single and result.groups else None,
                    **owner,
                )
            )
    return items


def _create_tasks(plan: Plan, rows: list[dict], sections: dict[str, Section], index) -> None:
    by_key: dict[tuple, Task] = {}
    items = []
    for position, row in enumerate(rows):
        deadline = row.get("deadline") or {}
        parent = by_key.get((row.get("section"), parent_code(row["code"])))
        task = Task(
            plan=plan,
            section=sections.get(row.get("section")),
            parent=parent,
            code=row["code"],
            position=position,
            title=row.get("title") or "",
            lead_text=row.get("lead") or [],
            support_text=row.get("support") or [],
            start_text=row.get("start") or "",
            deadline_text=deadline.get("text") or "",
            due=iso_date(deadline.get("due")),
            recurrence=deadline.get("recurrence") or "",
            condition=deadline.get("condition") or "",
            deliverable=row.get("deliverable") or "",
            basis=row.get("basis") or "",
            target=row.get("target"),
            origin=row.get("origin"),
        )
        task.refresh_search_text()
        task.save()
        by_key[(row.get("section"), row["code"])] = task
        cells = {AssignmentRole.LEAD: task.lead_text, AssignmentRole.SUPPORT: task.support_text}
        items += agency_items(cells, index, task=task)
    AgencyItem.objects.bulk_create(items)


def indicator_create(plan, row, position, parent=None) -> Indicator:
    target = row.get("target") or {}
    return Indicator.objects.create(
        plan=plan,
        parent=parent,
        section_path=row.get("section") or "",
        code=row.get("code") or "",
        position=position,
        name=row.get("name") or "",
        unit=row.get("unit") or "",
        target_text=target.get("text") or "",
        target_op=target.get("op") or "",
        target_value=target.get("value"),
        lead_text=row.get("lead") or [],
        support_text=row.get("support") or [],
    )


def _create_indicators(plan: Plan, rows: list[dict], index) -> None:
    items = []
    for position, row in enumerate(rows):
        indicator = indicator_create(plan, row, position)
        for part_position, part in enumerate(row.get("parts") or []):
            indicator_create(plan, part, part_position, parent=indicator)
        cells = {
            AssignmentRole.LEAD: indicator.lead_text,
            AssignmentRole.SUPPORT: indicator.support_text,
        }
        items += agency_items(cells, index, indicator=indicator)
    AgencyItem.objects.bulk_create(items)


def document_fields(data: dict) -> dict:
    """The plan's own fields from the JSON's ``document`` block."""
    document = data.get("document") or {}
    signer = document.get("signer") or {}
    return {
        "doc_type": document.get("type") or "",
        "number": document.get("number") or "",
        "issuer": document.get("issuer") or "",
        "place": document.get("place") or "",
        "issued_on": iso_date(document.get("date")),
        "title": document.get("title") or "",
        "year": document.get("year"),
        "signer_name": signer.get("name") or "",
        "signer_position": signer.get("position") or "",
        "bases": document.get("bases") or [],
    }


def duties_and_members_create(plan: Plan, data: dict) -> None:
    """The reporting duties and the roster the document lists."""
    ReportingDuty.objects.bulk_create(
        ReportingDuty(
            plan=plan,
            text=row.get("text") or "",
            frequency=row.get("frequency") or "",
            day=row.get("day"),
            time=iso_time(row.get("time")),
            date=iso_date(row.get("date")),
            recipient=row.get("to") or "",
            position=position,
        )
        for position, row in enumerate(data.get("reporting") or [])
    )
    Member.objects.bulk_create(
        Member(
            plan=plan,
            name=row.get("name") or "",
            position=row.get("position") or "",
            duty=row.get("duty") or "",
            order=order,
        )
        for order, row in enumerate(data.get("members") or [])
    )


@transaction.atomic
def plan_draft_create(*, data: dict, source_name: str = "") -> Plan:
    """Create a draft plan, with everything the document holds, from the importer's JSON."""
    plan = Plan(
        **document_fields(data),
        source_name=source_name or data.get("source") or "",
        warnings=data.get("warnings") or [],
    )
    plan.title = plan.title or source_name or "Kế hoạch"
    plan.full_clean()
    plan.save()
    sections = {}
    for position, row in enumerate(data.get("sections") or []):
        sections[row["path"]] = Section.objects.create(
            plan=plan,
            code=row["code"],
            path=row["path"],
            title=row.get("title") or "",
            position=position,
            origin=row.get("origin"),
        )
    index = RegistryIndex.build()
    _create_tasks(plan, data.get("tasks") or [], sections, index)
    _create_indicators(plan, data.get("indicators") or [], index)
    duties_and_members_create(plan, data)
    return plan


def attribute_history(plan: Plan | int, user, action: str) -> None:
    """Name ``user`` and the ``action`` code in the history rows of a plan (or of the
    plan with this id, once deleted) written outside a request.

    The worker has no request, so simple_history cannot know who uploaded the
    document, or asked for it to be read again; the rows would name nobody.
    """
    plan_id = getattr(plan, "pk", plan)
    for history, owner in (
        (Plan.history, {"id": plan_id}),
        (Task.history, {"plan_id": plan_id}),
        (Indicator.history, {"plan_id": plan_id}),
    ):
        history.filter(**owner, history_user__isnull=True).update(
            history_user=user,
            history_change_reason=Coalesce("history_change_reason", Value(action)),
        )


class DraftGone(ValidationError):
    """The draft to replace was published (or deleted) meanwhile: it stays as it is."""

    def __init__(self):
        super().__init__(
            _(
                "Kế hoạch đã được ban hành (hoặc bản nháp đã bị xóa) trong lúc đọc lại; "
                "không thay bản nháp nữa."
            ),
            code="draft_gone",
        )


@transaction.atomic
def plan_draft_replace(*, plan_id: int, data: dict, source_name: str, user, action: str) -> Plan:
    """Delete the draft ``plan_id`` and create the new one from ``data``, both or neither.

    The history of both names ``user`` with the ``action`` code: the old draft's deletion
    (its tasks and KPIs too) and the new draft's creation.
    """
    old = Plan.objects.select_for_update().filter(pk=plan_id).first()
    if old is None or old.status != PlanStatus.DRAFT:
        raise DraftGone
    audit(old, user, action)
    old.delete()
    attribute_history(plan_id, user, action)
    plan = plan_draft_create(data=data, source_name=source_name)
    attribute_history(plan, user, action)
    return plan
