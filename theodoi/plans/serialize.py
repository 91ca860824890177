"""A plan back to the importer's JSON (``theodoi.plan/1``): the inverse of ``plan_draft_create``.

Blank text fields come back as ``null``, as the importer writes them. Closed
tasks (removed by an amendment) are left out: the JSON is the plan as it
stands. ``source`` and ``warnings`` are kept for completeness, but are not
part of the round trip (the importer recomputes them).
"""

from decimal import Decimal

from .models import Indicator, Plan, Task

SCHEMA = "theodoi.plan/1"


def _text(value: str) -> str | None:
    return value or None


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _number(value: Decimal | None) -> int | float | None:
    """``70.0000`` → ``70``, ``14.5000`` → ``14.5``: the JSON number the document wrote."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def task_to_json(task: Task) -> dict:
    return {
        "section": task.section.path if task.section else None,
        "code": task.code,
        "title": _text(task.title),
        "lead": list(task.lead_text),
        "support": list(task.support_text),
        "start": _text(task.start_text),
        "deadline": {
            "text": _text(task.deadline_text),
            "due": _iso(task.due),
            "recurrence": _text(task.recurrence),
            "condition": _text(task.condition),
        },
        "deliverable": _text(task.deliverable),
        "basis": _text(task.basis),
        "target": task.target,
    }


def _target(indicator: Indicator) -> dict | None:
    if not (indicator.target_text or indicator.target_op or indicator.target_value is not None):
        return None
    return {
        "text": _text(indicator.target_text),
        "op": _text(indicator.target_op),
        "value": _number(indicator.target_value),
    }


def indicator_to_json(indicator: Indicator, parts: list[Indicator]) -> dict:
    return {
        "section": _text(indicator.section_path),
        "code": _text(indicator.code),
        "name": _text(indicator.name),
        "unit": _text(indicator.unit),
        "target": _target(indicator),
        "lead": list(indicator.lead_text),
        "support": list(indicator.support_text),
        "parts": [
            {"name": _text(part.name), "unit": _text(part.unit), "target": _target(part)}
            for part in parts
        ],
    }


def _time(value) -> str | None:
    return value.strftime("%H:%M") if value else None


def plan_to_json(plan: Plan) -> dict:
    """The plan as the importer would have read it from its document."""
    tasks = plan.tasks.filter(closed_at__isnull=True).select_related("section")
    indicators = list(plan.indicators.filter(closed_at__isnull=True).order_by("position", "pk"))
    parts: dict[int, list[Indicator]] = {}
    for indicator in indicators:
        if indicator.parent_id:
            parts.setdefault(indicator.parent_id, []).append(indicator)
    return {
        "schema": SCHEMA,
        "source": plan.source_name,
        "document": {
            "type": _text(plan.doc_type),
            "number": _text(plan.number),
            "issuer": _text(plan.issuer),
            "place": _text(plan.place),
            "date": _iso(plan.issued_on),
            "title": plan.title,
            "year": plan.year,
            "signer": {"name": _text(plan.signer_name), "position": _text(plan.signer_position)},
            "bases": list(plan.bases),
        },
        "reporting": [
            {
                "text": duty.text,
                "frequency": duty.frequency,
                "day": duty.day,
                "time": _time(duty.time),
                "to": _text(duty.recipient),
                "date": _iso(duty.date),
            }
            for duty in plan.reporting.order_by("position", "pk")
        ],
        "sections": [
            {"code": s.code, "path": s.path, "title": _text(s.title)}
            for s in plan.sections.order_by("position", "pk")
        ],
        "tasks": [task_to_json(task) for task in tasks.order_by("position", "pk")],
        "indicators": [
            indicator_to_json(i, parts.get(i.pk, [])) for i in indicators if not i.parent_id
        ],
        "warnings": list(plan.warnings),
        "members": [
            {"name": _text(m.name), "position": _text(m.position), "duty": _text(m.duty)}
            for m in plan.members.order_by("order", "pk")
        ],
    }
