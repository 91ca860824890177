"""Notices of a report's steps: submitted → the head; returned → the focal officers;
approved → the office; accepted → the body.

Called by the workflow services inside their transaction: the notices are made
with the step, or not at all. The report's version is part of the key, so that a
report returned, corrected and returned again the same day is told twice.
"""

from datetime import datetime

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


def report_step_notify(*, report: Report, actor, now: datetime | None = None) -> int:
    """Tell those concerned that ``report`` has just reached its state."""
    kind = EVENT_OF_STATE[report.state]
    moment = clock.now(now)
    period = report.period
    context = report_context(
        plan=period.plan,
        period=period,
        body_name=report.body.name,
        actor=actor.display_name,
        comment=report.returned_comment if kind == Kind.RETURNED else "",
        late=report.late,
    )
    rows = [
        new_notification(
            kind=kind,
            recipient=person,
            day=clock.today(moment),
            moment=moment,
            ref=f"v{report.version}",
            plan_id=period.plan_id,
            period=period,
            report=report,
            body_id=report.body_id,
            actor=actor,
            subject=subject_for(kind, context),
            link=report_link(report.body_id, period.pk),
            context=context,
        )
        for person in recipients_load([report.body_id]).for_event(kind, report.body_id)
        if person.pk != actor.pk
    ]
    return outbox_add(rows, now=now)
