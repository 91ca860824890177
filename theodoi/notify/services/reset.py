"""A forgotten password: the reset e-mail goes through the outbox, like every message.

The web request only counts and enqueues (``password_reset_request``): it does the
same work whether the address has an account or not, and sends nothing itself, so
that neither its answer nor its time tells which addresses exist. The worker looks
the address up (``reset_queue``) and delivers.

The link (a token) is made when the e-mail is built (``private_link``), never
stored: the office reads the outbox, and a stored link would let it set anybody's
password, the administrator's included.
"""

from datetime import datetime, timedelta
from uuid import uuid4

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.urls import reverse
from django.utils.crypto import salted_hmac

from theodoi.core import clock

from ..models import Kind, Notification, ResetRequest
from .outbox import new_notification, outbox_add
from .welcome import password_link

RESET_SUBJECT = "Đặt lại mật khẩu trên hệ thống theo dõi kế hoạch"
WINDOW_SECONDS = 3600


def reset_limit() -> int:
    """Requests allowed per address, and per client, in an hour."""
    return getattr(settings, "THEODOI_RESET_PER_HOUR", 5)


def _hashed(kind: str, value: str) -> str:
    """A keyed hash (``SECRET_KEY``): the table holds no address a guess could find."""
    return salted_hmac(f"theodoi.reset.{kind}", value).hexdigest()


def reset_allowed(*, email: str, client: str | None, now: datetime | None = None) -> bool:
    """Whether this request is within the limits, counted in the database so that every
    server process counts the same requests. Both counts grow either way: a refused
    request counts too, so that hammering never reopens the window. The same three
    queries for any address, known or not."""
    moment = clock.now(now)
    request = ResetRequest.objects.create(
        at=moment,
        email_hash=_hashed("email", email.strip().casefold()),
        client_hash=_hashed("client", client or "-"),
    )
    recent = ResetRequest.objects.filter(at__gt=moment - timedelta(seconds=WINDOW_SECONDS))
    counts = [
        recent.filter(email_hash=request.email_hash).count(),
        recent.filter(client_hash=request.client_hash).count(),
    ]
    return max(counts) <= reset_limit()


def reset_requests_prune(now: datetime | None = None) -> int:
    """Delete the requests the limit no longer counts (the scheduler, each minute)."""
    old = clock.now(now) - timedelta(seconds=WINDOW_SECONDS)
    deleted, _ = ResetRequest.objects.filter(at__lte=old).delete()
    return deleted


def password_reset_request(*, email: str, client: str | None) -> bool:
    """Ask the worker to send the reset e-mail to ``email``'s accounts, if any; False
    (nothing queued) over the limit. The caller answers the same page either way."""
    if not reset_allowed(email=email, client=client):
        return False
    from ..reset_tasks import password_reset_queue  # the task module imports this one

    password_reset_queue.enqueue(email=email)
    return True


def reset_queue(email: str, *, now: datetime | None = None) -> int:
    """Put a reset message in the outbox for each active account of ``email`` that has
    a password (Django's rule, ``PasswordResetForm.get_users``); 0 for an unknown one."""
    moment = clock.now(now)
    rows = [
        new_notification(
            kind=Kind.RESET,
            recipient=user,
            day=clock.today(moment),
            moment=moment,
            ref=uuid4().hex,  # every request its own message
            subject=RESET_SUBJECT,
            link=reverse("accounts:password_change"),  # under the bell: no token
            context={"username": user.username},
        )
        for user in PasswordResetForm().get_users(email)
    ]
    return outbox_add(rows, now=now)


def private_link(notification: Notification) -> str | None:
    """The link the e-mail carries in place of the stored one: a fresh password link
    for a reset and a welcome; None (the stored link) for every other message."""
    if notification.kind in (Kind.RESET, Kind.WELCOME):
        return password_link(notification.recipient)
    return None
