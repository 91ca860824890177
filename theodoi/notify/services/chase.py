"""The office's "Nhắc ngay" on a period's board: the focal officers and heads of the
chosen bodies are told now, in the app and by e-mail through the outbox.

Each message is a notification with the office member who pressed (``actor``), the
moment, the body and the period: that row is the record of who chased whom and
when, and the board reads the latest one as "Nhắc lần cuối".
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from theodoi.bodies.models import Body
from theodoi.core import clock
from theodoi.core.access import is_office
from theodoi.reporting.models import Period, Report
from theodoi.reporting.services.workflow import EDITABLE_STATES

from ..models import Kind
from .messages import report_context, report_link
from .outbox import new_notification, outbox_add
from .recipients import recipients_load

SUBJECT = "Thường trực đề nghị gửi báo cáo: {body} — {period}, hạn {cutoff}"


@dataclass
class ChaseResult:
    reminded: list[str] = field(default_factory=list)  # names of the bodies told
    messages: int = 0  # one per person told
    without_account: list[str] = field(default_factory=list)  # no focal officer nor head
    already_sent: list[str] = field(default_factory=list)  # nothing to chase


@transaction.atomic
def period_chase(
    *, period: Period, body_ids: list[int], user, now: datetime | None = None
) -> ChaseResult:
    """Remind the chosen bodies of ``period`` that still owe their report.

    All chosen bodies must be given work by the period's plan, or nothing is sent.
    Bodies that have sent their report, or have no active focal officer or head
    account, are named in the result instead.
    """
    if not is_office(user):
        raise ValidationError(_("Chỉ thường trực được nhắc báo cáo."), code="forbidden")
    wanted = set(body_ids)
    if not wanted:
        raise ValidationError(_("Chưa chọn đơn vị nào để nhắc."), code="empty")
    bodies = list(
        Body.objects.filter(pk__in=wanted, assignments__plan_id=period.plan_id)
        .distinct()
        .order_by("kind", "name")
    )
    if len(bodies) != len(wanted):
        raise ValidationError(
            _("Có đơn vị được chọn không thuộc kế hoạch của kỳ này; chưa nhắc đơn vị nào."),
            code="foreign",
        )
    moment = clock.now(now)
    states = dict(
        Report.objects.filter(period=period, body_id__in=wanted).values_list("body_id", "state")
    )
    recipients = recipients_load(wanted)
    result = ChaseResult()
    rows = []
    for body in bodies:
        if body.pk in states and states[body.pk] not in EDITABLE_STATES:
            result.already_sent.append(body.name)
            continue
        people = recipients.focal[body.pk] + recipients.head[body.pk]
        if not people:
            result.without_account.append(body.name)
            continue
        context = report_context(
            plan=period.plan,
            period=period,
            body_name=body.name,
            actor=user.display_name,
            overdue=moment > max(period.cutoff, period.grace_until or period.cutoff),
        )
        result.reminded.append(body.name)
        rows += [
            new_notification(
                kind=Kind.CHASE,
                recipient=person,
                day=clock.today(moment),
                moment=moment,
                ref=f"{moment:%H%M}",  # a second press within the minute sends nothing more
                plan_id=period.plan_id,
                period=period,
                body_id=body.pk,
                actor=user,
                subject=SUBJECT.format(**context)[:300],
                link=report_link(body.pk, period.pk),
                context=context,
            )
            for person in people
        ]
    result.messages = outbox_add(rows, now=now)
    return result
