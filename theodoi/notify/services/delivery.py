"""The worker's side of the outbox: claim a message, send it, record the attempt.

A message is claimed by one conditional UPDATE (pending and due, or held by a
worker whose lease ran out), so two workers never send the same message. The
claim is a lease: a worker killed mid-batch leaves its message "sending" until
the lease ends, then another worker takes it again. A failure is retried with
back-off (``rules.retry_delay``) and every attempt is kept for the outbox.

The one case that can repeat a message is a worker killed after the SMTP server
accepted it and before the database recorded it; the Message-ID is the same on
both copies, so mail programs show one.
"""

import hashlib
import logging
import mimetypes
from datetime import datetime, timedelta
from email.utils import format_datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import F, Q
from django.utils import timezone

from theodoi.core import clock

from ..models import DeliveryAttempt, EmailState, Notification
from ..rules import MAX_ATTEMPTS, retry_delay
from .messages import one_line, render_email
from .outbox import delivery_due
from .reset import private_link

log = logging.getLogger(__name__)
BATCH = 50


def lease() -> timedelta:
    return timedelta(seconds=settings.THEODOI_OUTBOX_LEASE_SECONDS)


def claim(pk: int, moment: datetime) -> bool:
    """Take the message for this worker; False if another worker has it or it is done."""
    claimable = Q(email_state=EmailState.PENDING, next_attempt_at__lte=moment) | Q(
        email_state=EmailState.SENDING, lease_until__lt=moment
    )
    return bool(
        Notification.objects.filter(claimable, pk=pk).update(
            email_state=EmailState.SENDING, lease_until=moment + lease()
        )
    )


def message_id(notification: Notification) -> str:
    digest = hashlib.sha256(notification.key.encode()).hexdigest()[:32]
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "theodoi.local"
    return f"<{digest}@{domain}>"


def build_email(notification: Notification, connection, moment: datetime) -> EmailMultiAlternatives:
    """The e-mail, dated when it is handed over (the clock's moment in tests)."""
    text, html = render_email(notification, link=private_link(notification))
    email = EmailMultiAlternatives(
        subject=one_line(notification.subject),  # a header: a line break would refuse it
        body=text,
        to=[notification.recipient.email],
        connection=connection,
        headers={
            "Message-ID": message_id(notification),
            "Date": format_datetime(timezone.localtime(moment)),
            "X-Theodoi-Key": notification.key,
        },
    )
    email.attach_alternative(html, "text/html")
    if notification.attachment:
        with notification.attachment.open("rb") as attached:
            email.attach(notification.attachment_name, attached.read(), _content_type(notification))
    return email


def _content_type(notification: Notification) -> str:
    guessed, _encoding = mimetypes.guess_type(notification.attachment_name)
    return guessed or "application/octet-stream"


def _record(notification: Notification, moment: datetime, error: str = "") -> None:
    attempts = notification.attempts + 1
    if not error:
        changes = {"email_state": EmailState.SENT, "sent_at": moment, "last_error": ""}
    elif attempts >= MAX_ATTEMPTS:
        changes = {"email_state": EmailState.FAILED, "last_error": error}
    else:
        changes = {
            "email_state": EmailState.PENDING,
            "next_attempt_at": moment + retry_delay(attempts),
            "last_error": error,
        }
    Notification.objects.filter(pk=notification.pk).update(
        attempts=F("attempts") + 1, lease_until=None, **changes
    )
    DeliveryAttempt.objects.create(notification=notification, at=moment, ok=not error, error=error)


def deliver_batch(now: datetime | None = None, *, limit: int = BATCH) -> int:
    """Send up to ``limit`` due messages over one SMTP connection; returns how many
    were tried. Each message is claimed just before it is sent, so that a slow
    batch never outlives the claims of the messages it has not reached yet.

    When the server cannot be reached, every message of the batch records the
    failure and waits for its next try.
    """
    candidates = delivery_due(clock.now(now)).select_related("recipient")
    tried, connection, unreachable = 0, None, ""
    try:
        for notification in candidates.order_by("next_attempt_at", "pk")[:limit]:
            if not claim(notification.pk, clock.now(now)):
                continue  # another worker has it
            tried += 1
            if not unreachable and connection is None:
                connection = get_connection()
                try:
                    connection.open()
                except Exception as error:  # refused, timed out, unknown host
                    unreachable = _describe(error)
            if unreachable:
                _record(notification, clock.now(now), unreachable)
                continue
            try:
                build_email(notification, connection, clock.now(now)).send()
            except Exception as error:  # refused or dropped: tried again later
                log.warning("notification %s not sent: %s", notification.key, error)
                _record(notification, clock.now(now), _describe(error))
                connection = _close(connection)  # the next message opens a fresh one
            else:
                _record(notification, clock.now(now))
    finally:
        _close(connection)
    return tried


def _close(connection) -> None:
    if connection is not None:
        try:
            connection.close()
        except Exception:  # the server may already be gone
            pass


def deliver_all(now: datetime | None = None) -> int:
    """Deliver batch after batch until nothing is due; returns how many were tried."""
    total = 0
    while tried := deliver_batch(now):
        total += tried
    return total


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:1000]


def retry(notification: Notification, *, now: datetime | None = None) -> None:
    """The office sends again a message that was given up."""
    Notification.objects.filter(pk=notification.pk, email_state=EmailState.FAILED).update(
        email_state=EmailState.PENDING, next_attempt_at=clock.now(now)
    )
