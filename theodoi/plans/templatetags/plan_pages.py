"""Template filters of the plan pages."""

from django import template

from theodoi.core.formatting import format_number

register = template.Library()

SYMBOLS = {">=": "≥", "<=": "≤", "=": ""}  # a plain "= 100" reads "100"


@register.filter
def muc_tieu(target) -> str:
    """A KPI's or a task's target as people write it: ``≥ 70 %``, ``100 %``.

    Takes an Indicator (``target_op``, ``target_value``, ``unit``, ``target_text``)
    or a task's ``target`` dict (``op``, ``value``, ``unit``).
    """
    if not target:
        return ""
    if isinstance(target, dict):
        op, value, unit, text = target.get("op"), target.get("value"), target.get("unit"), ""
    else:
        op, value, unit, text = (
            target.target_op,
            target.target_value,
            target.unit,
            target.target_text,
        )
    if value is None:
        return text or ""
    parts = [SYMBOLS.get(op or "=", op or ""), format_number(value), unit or ""]
    return " ".join(p for p in parts if p)
