"""Notices of a report's steps: submitted → the head (and delegated deputies);
returned → the focal officers; approved → the office; accepted → the body. A report
that waits for a head while nobody of the body can approve it → the office.

Called once the step is committed (``notify.receivers``, on the signals of
``reporting.signals``): a failure to notify never undoes the step, and a step rolled
back tells nobody. The report's version is part of the key, so that a
report returned, corrected and returned again the same day is told twice.
"""

from datetime import datetime

from theodoi.accounts.selectors import approvers_of
from theodoi.core import clock
from theodoi.reporting.models import Report, ReportState

from ..models import Kind
from .messages import report_context, report_link, subject_for
from .outbox import new_notification, outbox_add
from .recipients import recipients_load

EVENT_OF_STATE = {
    ReportState.SUBMITTED: Kind.SUBMITTED,
    ReportState.RETURNED: Kind.RETURNED,
    ReportState.APPROVED: Kind.APPROVED,
    ReportState.ACCEPTED: Kind.ACCEPTED,
}


def _report_notices(
    report: Report, people, *, kind, actor, ref: str, subject: str, context: dict, link="", now
) -> int:
    """One notice per person about ``report`` (the body's, its period's), through the outbox."""
    moment = clock.now(now)
    period = report.period
    rows = [
        new_notification(
            kind=kind,
            recipient=person,
            day=clock.today(moment),
            moment=moment,
            ref=ref,
            plan_id=period.plan_id,
            period=period,
            report=report,
            body_id=report.body_id,
            actor=actor,
            subject=subject[:300],
            link=link or report_link(report.body_id, period.pk),
            context=context,
        )
        for person in people
    ]
    return outbox_add(rows, now=now)


def report_step_notify(*, report: Report, actor, now: datetime | None = None) -> int:
    """Tell those concerned that ``report`` has just reached its state."""
    kind = EVENT_OF_STATE[report.state]
    period = report.period
    context = report_context(
        plan=period.plan,
        period=period,
        body_name=report.body.name,
        actor=actor.display_name,
        comment=report.returned_comment if kind == Kind.RETURNED else "",
        late=report.late,
        approval=report.approval if kind == Kind.APPROVED else "",
        reason=report.approval_reason if kind == Kind.APPROVED else "",
    )
    people = recipients_load([report.body_id]).for_event(kind, report.body_id)
    if kind == Kind.SUBMITTED:
        people = _with_deputies(people, report.body_id)
    return _report_notices(
        report,
        [person for person in people if person.pk != actor.pk],
        kind=kind,
        actor=actor,
        ref=f"v{report.version}",
        subject=subject_for(kind, context),
        context=context,
        now=now,
    )


def _with_deputies(people: list, body_id: int) -> list:
    """The head(s) and the accounts delegated to approve, each once."""
    seen = {person.pk for person in people}
    return people + [user for user in approvers_of(body_id) if user.pk not in seen]


NO_APPROVER_SUBJECT = "Báo cáo chờ duyệt nhưng đơn vị không có ai duyệt: {body} — {period}"


def report_no_approver_notify(*, report: Report, actor, now: datetime | None = None) -> int:
    """Tell the office that a report waits for a head the body does not have, so that
    it approves on the head's behalf or gives the body an approver."""
    period = report.period
    context = report_context(
        plan=period.plan,
        period=period,
        body_name=report.body.name,
        actor=actor.display_name,
        late=report.late,
        no_approver=True,
    )
    return _report_notices(
        report,
        recipients_load([report.body_id]).office,
        kind=Kind.SUBMITTED,
        actor=actor,
        ref=f"v{report.version}:no-approver",
        subject=NO_APPROVER_SUBJECT.format(**context),
        context=context,
        now=now,
    )


# --- Comments on a report item ("ý kiến chỉ đạo") ------------------------------
# (imports kept local to this section)

from theodoi.accounts.models import User  # noqa: E402
from theodoi.reporting.models import ItemComment  # noqa: E402

COMMENT_SUBJECT = "Ý kiến chỉ đạo về báo cáo: {body} — {period}"


def item_comment_notify(*, comment, now: datetime | None = None) -> int:
    """Tell the others in a report item's thread that ``comment`` was written: the
    body's focal officers and head, the office, and those who commented before —
    never its author. Each comment is its own notice (``ref`` is the comment)."""
    item = comment.item
    report = item.report
    period = report.period
    task = item.assignment.task
    people = recipients_load([report.body_id])
    earlier = User.objects.filter(
        is_active=True,
        pk__in=ItemComment.objects.filter(item=item).exclude(pk=comment.pk).values("author_id"),
    )
    recipients = {
        person.pk: person
        for person in [
            *people.focal[report.body_id],
            *people.head[report.body_id],
            *people.office,
            *earlier,
        ]
        if person.pk != comment.author_id
    }
    context = report_context(
        plan=period.plan,
        period=period,
        body_name=report.body.name,
        actor=comment.author.display_name,
        task=f"{task.code}. {task.title}"[:500],
        comment=comment.text,
    )
    return _report_notices(
        report,
        recipients.values(),
        kind=Kind.COMMENT,
        actor=comment.author,
        ref=f"c{comment.pk}",
        subject=COMMENT_SUBJECT.format(**context),
        link=f"{report_link(report.body_id, period.pk)}#item-{item.pk}",
        context=context,
        now=now,
    )
