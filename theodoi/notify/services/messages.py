"""What a notice says: its subject, the facts its e-mail shows, the link it points to.

The facts are stored with the notice (``context``) when it is made, so that the
outbox shows what was said; the e-mail is rendered from them when it is sent
(``templates/notify/email/<kind>.txt`` and ``.html``). Messages go out in
Vietnamese, whatever language the person who caused them was using.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from theodoi.bodies.validators import without_control_characters

from ..models import Kind, Notification

SUBJECTS = {
    Kind.BEFORE: "Nhắc báo cáo: {body} — {period}, hạn {cutoff}",
    Kind.CUTOFF_DAY: "Hôm nay hết hạn báo cáo: {body} — {period}, hạn {cutoff}",
    Kind.OVERDUE: "Báo cáo quá hạn {overdue_days} ngày: {body} — {period}",
    Kind.ESCALATION: "Chưa báo cáo quá {escalate_after} ngày làm việc: {body} — {period}",
    Kind.SUBMITTED: "Báo cáo chờ lãnh đạo duyệt: {body} — {period}",
    Kind.RETURNED: "Báo cáo bị trả lại: {body} — {period}",
    Kind.APPROVED: "Báo cáo chờ thường trực tiếp nhận: {body} — {period}",
    Kind.ACCEPTED: "Báo cáo đã được tiếp nhận: {body} — {period}",
    Kind.DIGEST: "Tổng hợp tuần {week}: {late_count} báo cáo quá hạn, "
    "{overdue_count} nhiệm vụ quá hạn, {kpi_count} chỉ tiêu thay đổi",
}


def cutoff_text(period) -> str:
    """The effective cut-off as the province reads it: ``25/03/2026 16:00``."""
    cutoff = max(period.cutoff, period.grace_until or period.cutoff)
    return f"{timezone.localtime(cutoff):%d/%m/%Y %H:%M}"


def report_link(body_id: int, period_id: int) -> str:
    return reverse("reporting:report", args=[body_id, period_id])


def report_context(*, plan, period, body_name: str, **facts) -> dict:
    """The facts every notice about a body's report carries."""
    return {
        "plan": plan.title[:300],
        "period": period.label,
        "body": body_name,
        "cutoff": cutoff_text(period),
        **facts,
    }


def subject_for(kind: str, context: dict) -> str:
    blanks = {
        "overdue_days": "",
        "escalate_after": "",
        "week": "",
        "late_count": 0,
        "overdue_count": 0,
        "kpi_count": 0,
    }
    return SUBJECTS[kind].format(**{**blanks, **context})[:300]


def absolute_url(path: str) -> str:
    return settings.THEODOI_BASE_URL.rstrip("/") + path


def one_line(text: str) -> str:
    """A subject on one line: a body's name with a line break (stored before names were
    checked) would make Django refuse the header, and the message fail every try."""
    return without_control_characters(text)


def render_email(notification: Notification, *, link: str | None = None) -> tuple[str, str]:
    """The plain-text and HTML bodies of a notice's e-mail; ``link`` in place of the
    stored one (the password link, made only when the message is sent)."""
    context = {
        **notification.context,
        "kind": notification.kind,
        "subject": one_line(notification.subject),
        "url": absolute_url(link or notification.link or reverse("notify:list")),
        "settings_url": absolute_url(reverse("notify:preferences")),
        "recipient": notification.recipient.display_name,
        "can_opt_out": notification.kind == Kind.DIGEST,
    }
    if notification.kind == Kind.ESCALATION:
        context.update(reminded_groups(notification.context))
    with translation.override(settings.LANGUAGE_CODE):
        template = f"notify/email/{notification.kind}"
        return (
            render_to_string(f"{template}.txt", context),
            render_to_string(f"{template}.html", context),
        )


def reminded_groups(context: dict) -> dict:
    """An escalation's late bodies in two lists: ``reached``, the bodies with an
    account (their focal officers and heads were reminded, every working day when
    ``reminded_daily``), and ``unreached``, the bodies nobody could be reminded in,
    having no account. A notice stored before bodies were told apart (no
    ``accounts``) lists them all as reached, as it said then."""
    bodies = context.get("bodies", [])
    return {
        "reached": [b for b in bodies if b.get("accounts", True)],
        "unreached": [b for b in bodies if not b.get("accounts", True)],
        "reminded_daily": context.get("reminded_daily", True),
    }
