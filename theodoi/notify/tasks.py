"""Background tasks of notifications (the django.tasks API; ``theodoi worker`` runs them)."""

from django_tasks import task

from .services.delivery import deliver_all
from .services.outbox import moment_of


@task(queue_name="email")
def deliver_notifications(at: str | None = None) -> int:
    """Send every message due; ``at`` fixes the moment (tests, ``scheduler --at``)."""
    return deliver_all(moment_of(at) if at else None)
