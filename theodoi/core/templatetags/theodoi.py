from django import template

from theodoi.core import formatting

register = template.Library()


@register.filter
def so(value, places=None):
    """A number the Vietnamese way: ``{{ 14.5|so }}`` -> ``14,5``."""
    return formatting.format_number(value, None if places is None else int(places))


@register.filter
def ngay(value):
    """A date as dd/mm/yyyy."""
    return formatting.format_date(value)


@register.filter
def ngaygio(value):
    """A moment as HH:MM dd/mm/yyyy in the province's time zone."""
    return formatting.format_datetime(value)
