"""Reads of notifications that other areas' pages show."""

from datetime import datetime

from django.db.models import Max

from theodoi.reporting.models import Period

from .models import Kind, Notification

# Every notice that reminds a body of its report (escalations only when about one body).
REMINDER_KINDS = [Kind.BEFORE, Kind.CUTOFF_DAY, Kind.OVERDUE, Kind.ESCALATION, Kind.CHASE]


def board_last_reminders(period: Period) -> dict[int, datetime]:
    """Body id -> when the body was last reminded of the period (by the scheduler
    or by the office's "Nhắc ngay"); one query."""
    return dict(
        Notification.objects.filter(period=period, kind__in=REMINDER_KINDS, body__isnull=False)
        .values("body_id")
        .annotate(last=Max("created_at"))
        .values_list("body_id", "last")
    )
