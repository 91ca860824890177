"""Filters of the review grid: a cell's text, a field's label, an agency item's state."""

from django import template

from theodoi.core.formatting import format_date

from ..services.review import FIELDS

register = template.Library()


@register.filter
def cell(row, field):
    """The text a grid cell shows (dates as dd/mm/yyyy, lists one per line)."""
    value = getattr(row, field)
    if field == "bases":
        return "\n".join(str(b.get("text", "")) for b in value or [])
    if isinstance(value, list):
        return "; ".join(value)
    if hasattr(value, "strftime"):
        return format_date(value)
    return "" if value is None else value


@register.simple_tag
def field_label(kind, field):
    return FIELDS[kind][field].label


@register.filter
def agency_state(item):
    """ok: a body, a definite group or chosen bodies; outside: a body outside the
    province; vague: a group to choose for; unknown: a name the registry does not know."""
    if item.outside:
        return "outside"
    if item.chosen.all():
        return "ok"
    if item.group_id and item.group.needs_choice:
        return "vague"
    if item.body_id or item.group_id:
        return "ok"
    return "unknown"
