from django import template
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

register = template.Library()

WEEKDAYS = [_("Thứ Hai"), _("Thứ Ba"), _("Thứ Tư"), _("Thứ Năm"), _("Thứ Sáu"), _("Thứ Bảy"),
            _("Chủ nhật")]  # fmt: skip


@register.filter
def weekday(value):
    """The weekday of a date or moment (in the province's time zone): ``Thứ Tư``."""
    if value is None:
        return ""
    if hasattr(value, "tzinfo") and timezone.is_aware(value):
        value = timezone.localtime(value)
    return WEEKDAYS[value.weekday()]
