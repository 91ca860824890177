"""A person's own notifications: the bell's count, the list, marking them read.

Every function takes the user and touches only that user's rows: a notification
of someone else is not found (the views answer 404), never read or changed.
"""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils.http import url_has_allowed_host_and_scheme

from theodoi.core import clock
from theodoi.core.audit import audit

from ..models import Notification, Preference

PAGE_SIZE = 50


def inbox(user):
    """The user's notifications, newest first (what the list pages through)."""
    return Notification.objects.filter(recipient=user).only(
        "pk", "kind", "subject", "link", "created_at", "read_at", "recipient_id"
    )


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def own_notification(user, notification_id: int) -> Notification:
    """The user's notification; ``Notification.DoesNotExist`` if it is not his."""
    return inbox(user).get(pk=notification_id)


def mark_read(user, notification_id: int, *, now: datetime | None = None) -> Notification:
    """Mark one of the user's notifications read (kept as first read if it already was)."""
    notification = own_notification(user, notification_id)
    if notification.read_at is None:
        moment = clock.now(now)
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=moment)
        notification.read_at = moment
    return notification


def mark_all_read(user, *, now: datetime | None = None) -> int:
    """Mark every unread notification of the user read; returns how many."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=clock.now(now)
    )


def open_target(notification: Notification, fallback: str, host: str) -> str:
    """Where opening a notification leads: its link when it is a path of this site."""
    link = notification.link
    if link and link.startswith("/") and url_has_allowed_host_and_scheme(link, {host}):
        return link
    return fallback


def preference_of(user) -> Preference:
    """The user's preference, or the defaults (unsaved) when he never chose."""
    return Preference.objects.filter(user=user).first() or Preference(user=user)


@transaction.atomic
def preference_save(user, *, digest: bool) -> Preference:
    """Record the user's choice (the first save creates the row), with its author."""
    preference = Preference.objects.select_for_update().filter(user=user).first()
    if preference is None:
        preference = Preference(user=user)
    preference.digest = digest
    audit(preference, user, "notify.preference.saved")
    try:
        with transaction.atomic():
            preference.save()
    except IntegrityError:  # a second tab created it at the same moment: update that row
        preference = Preference.objects.select_for_update().get(user=user)
        preference.digest = digest
        audit(preference, user, "notify.preference.saved")
        preference.save()
    return preference
