"""The office's outbox: every message, to whom, what, when, delivered or why not;
and sending again a message that was given up."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.utils.translation import gettext as _

from theodoi.core.access import is_office

from ..models import EmailState, Kind, Notification
from . import delivery, outbox
from .messages import render_email

PAGE_SIZE = 50


def outbox_rows(*, state: str = "", kind: str = ""):
    """The outbox, newest first, narrowed to an e-mail state and a kind when given."""
    rows = Notification.objects.select_related("recipient").defer("context")
    if state in EmailState.values:
        rows = rows.filter(email_state=state)
    if kind in Kind.values:
        rows = rows.filter(kind=kind)
    return rows


def outbox_message(notification_id: int) -> Notification:
    return Notification.objects.select_related("recipient").get(pk=notification_id)


def rendered_email(notification: Notification) -> tuple[str, str] | None:
    """The e-mail as it is sent (text, HTML), or None when its template is missing."""
    try:
        return render_email(notification)
    except TemplateDoesNotExist:
        return None


@transaction.atomic
def outbox_resend(notification: Notification, *, user, now: datetime | None = None) -> Notification:
    """The office sends again a message that was given up; the worker takes it now."""
    if not is_office(user):
        raise ValidationError(_("Chỉ thường trực được gửi lại thư."), code="forbidden")
    state = Notification.objects.filter(pk=notification.pk).values_list("email_state", flat=True)
    if state.first() != EmailState.FAILED:
        raise ValidationError(_("Chỉ gửi lại được thư đã gửi không được."), code="state")
    delivery.retry(notification, now=now)
    transaction.on_commit(lambda: outbox.delivery_enqueue(now=now))
    notification.refresh_from_db()
    return notification
