"""Putting notifications in the outbox, each once, and asking the worker to send them."""

from datetime import date, datetime

from django.db import transaction
from django.db.models import Q
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from ..models import EmailState, Notification


def notification_key(kind: str, recipient_id: int, period_id: int | None, day: date, ref="") -> str:
    """The unique key: one notice per rule, recipient, period and day (and event ``ref``)."""
    key = f"{kind}:{recipient_id}:{period_id or '-'}:{day.isoformat()}"
    return f"{key}:{ref}" if ref else key


def new_notification(*, kind: str, recipient, day: date, moment: datetime, ref="", **fields):
    """An unsaved notification; ``recipient`` is a ``User`` or a row of ``recipients``."""
    email = getattr(recipient, "email", "")
    period = fields.get("period")
    period_id = fields.pop("period_id", None) or (period.pk if period else None)
    return Notification(
        key=notification_key(kind, recipient.pk, period_id, day, ref),
        kind=kind,
        recipient_id=recipient.pk,
        day=day,
        period_id=period_id,
        created_at=moment,
        next_attempt_at=moment,
        email_state=EmailState.PENDING if email else EmailState.NO_ADDRESS,
        **fields,
    )


def outbox_add(notifications: list[Notification], *, now: datetime | None = None) -> int:
    """Insert the notifications whose key is new (the database refuses the others) and,
    once the transaction commits, ask a worker to deliver. Returns how many were given.

    ``now`` is passed to the delivery only when the caller fixed the moment (tests,
    ``theodoi scheduler --at``); a real run delivers at the worker's own time.
    """
    if not notifications:
        return 0
    Notification.objects.bulk_create(notifications, ignore_conflicts=True)
    transaction.on_commit(lambda: delivery_enqueue(now=now))
    return len(notifications)


def delivery_due(moment: datetime):
    """Messages a worker should try now: waiting and due, or held by a worker that died."""
    return Notification.objects.filter(
        Q(email_state=EmailState.PENDING, next_attempt_at__lte=moment)
        | Q(email_state=EmailState.SENDING, lease_until__lt=moment)
    )


def delivery_enqueue(*, now: datetime | None = None) -> None:
    """Enqueue one delivery task, unless one is already waiting in the queue."""
    from ..tasks import deliver_notifications  # the task module imports the services

    if _delivery_waiting():
        return
    deliver_notifications.enqueue(at=now.isoformat() if now else None)


def _delivery_waiting() -> bool:
    """A delivery task already waits in the database queue (the worker will take it)."""
    from ..tasks import deliver_notifications

    if not isinstance(task_backends[deliver_notifications.backend], DatabaseBackend):
        return False
    return DBTaskResult.objects.ready().filter(task_path=deliver_notifications.module_path).exists()


def moment_of(at: str) -> datetime:
    """The moment a task was asked to act at (ISO text)."""
    return datetime.fromisoformat(at)
