"""The welcome e-mail of a new account, through the outbox: who the person is in the
system (user name, body, role) and a link to set a password.

The link is built on ``THEODOI_BASE_URL`` (the address people use), never on the
host of the request that created the account. Like a reset's, it holds a token that
sets the password, so it is made when the e-mail is built (``reset.private_link``)
and never stored: the outbox keeps the page of one's own password instead, which
needs a log-in.
"""

from datetime import datetime

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from theodoi.core import clock

from ..models import Kind
from .outbox import new_notification, outbox_add

WELCOME_SUBJECT = "Tài khoản của anh/chị trên hệ thống theo dõi kế hoạch"


def password_link(user) -> str:
    """The path of the page where the person sets a password (valid until used)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("accounts:password_reset_confirm", args=[uid, token])


def welcome_queue(users, *, actor, now: datetime | None = None) -> int:
    """Put a welcome message for each new account in the outbox."""
    moment = clock.now(now)
    rows = [
        new_notification(
            kind=Kind.WELCOME,
            recipient=user,
            day=clock.today(moment),
            moment=moment,
            actor=actor,
            body_id=user.body_id,
            subject=WELCOME_SUBJECT,
            link=reverse("accounts:password_change"),  # no token at rest: see the docstring
            context=_facts(user),
        )
        for user in users
    ]
    return outbox_add(rows, now=now)


def _facts(user) -> dict:
    """What the message says, in Vietnamese whatever the office's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return {
            "username": user.username,
            "body": user.body.name if user.body_id else "",
            "role": str(user.get_role_display()),
        }
