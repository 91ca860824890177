"""Template filters of the plan pages."""

from django import template

from theodoi.lib.numbers import format_number

register = template.Library()

SYMBOLS = {">=": "≥", "<=": "≤", "=": ""}  # a plain "= 100" reads "100"


@register.filter
def target_text(target) -> str:
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


@register.filter
def of(mapping: dict, key):
    """``actuals|of:indicator.pk``: the mapping's entry for the key (None when absent)."""
    return mapping.get(key) if mapping else None


@register.filter
def bodies_of(row, role: str) -> str:
    """``task|bodies_of:"lead"``: the task's (or KPI's) lead or support bodies, joined by ``; ``.

    A name resolved to a body reads as the registry names it (a misspelt "Sở Tài chánh"
    becomes "Sở Tài chính"); a group by its name; anything else as the document wrote it.
    Uses ``row.cells`` (``selectors.pages.attach_cells``) when attached, else the text as written.
    """
    cells = getattr(row, "cells", None)
    if cells is None:
        return "; ".join(getattr(row, f"{role}_text"))
    names = [
        (cell.body.name if cell.body else cell.group.name if cell.group else cell.text)
        for cell in cells
        if cell.role == role
    ]
    return "; ".join(dict.fromkeys(names))
