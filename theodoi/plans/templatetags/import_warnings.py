"""The importer's warnings in the reader's language.

A warning stored with a plan is ``{"where", "message", "code", "values"}``;
``{{ warning|warning_text }}`` writes it in the active language (the stored
Vietnamese ``message`` for a warning without a known code), and
``{{ warning.where|warning_place }}`` names its place ("nhiệm vụ I/2", "tasks I/2").
"""

from django import template
from django.utils.translation import get_language

from theodoi.importer.warning_messages import warning_message, warning_where

register = template.Library()


def _lang() -> str:
    return get_language() or "vi"


@register.filter
def warning_text(warning) -> str:
    if isinstance(warning, str):  # a bare message, as the grid once kept them
        return warning
    if not isinstance(warning, dict):
        return ""
    return warning_message(warning, _lang())


@register.filter
def warning_place(where) -> str:
    return warning_where(str(where or ""), _lang())
