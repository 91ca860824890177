"""Numbers and dates the Vietnamese way, in every template: ``{% load theodoi %}``."""

from django import template

from theodoi.core import formatting
from theodoi.lib.numbers import format_number

register = template.Library()


@register.filter
def number(value, places=None):
    """A number the Vietnamese way: ``{{ 14.5|number }}`` -> ``14,5``."""
    return format_number(value, None if places is None else int(places))


@register.filter
def date_vn(value):
    """A date as dd/mm/yyyy."""
    return formatting.format_date(value)


@register.filter
def datetime_vn(value):
    """A moment as HH:MM dd/mm/yyyy in the province's time zone."""
    return formatting.format_datetime(value)
