"""The scheduler's tick: every minute, put in the outbox what is due and not yet there.

A tick is idempotent — what it makes has a unique key, and it first skips the keys
already made — so ticks may repeat, overlap (two schedulers) or resume after a
stop. Its cost is a fixed number of queries whatever the number of bodies.

Only the latest period of a reporting rule whose cut-off has passed calls for
overdue notices: once the next one is due too, the body is chased for that one.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from theodoi.core import clock
from theodoi.plans.models import Assignment, AssignmentRole, PlanStatus
from theodoi.reporting.models import KpiValue, Period, Report, ReportItem
from theodoi.reporting.selectors.calendar import calendar_days
from theodoi.reporting.services.workflow import EDITABLE_STATES

from ..models import Kind, Notification
from ..rules import MAX_DAYS_BEFORE, Policy, notices_for_owed_report
from ..signals import tick_done
from . import digest
from .messages import report_context, report_link, subject_for
from .outbox import (
    delivery_due,
    delivery_enqueue,
    new_notification,
    notification_key,
    outbox_add,
)
from .recipients import recipients_load

# Periods further away than this are not looked at: the furthest reminder is
# MAX_DAYS_BEFORE working days before the cut-off (about six weeks with holidays).
LOOK_AHEAD = timedelta(days=MAX_DAYS_BEFORE * 2)
# An unlocked period whose cut-off passed longer ago than this is left to the office.
LOOK_BACK = timedelta(days=400)


@dataclass
class TickResult:
    created: int
    delivery_enqueued: bool


def effective_cutoff(period: Period) -> datetime:
    return max(period.cutoff, period.grace_until or period.cutoff)


def periods_to_watch(moment: datetime) -> list[Period]:
    """Unlocked periods of published plans whose cut-off is near, and, per rule, the
    latest one whose cut-off has passed."""
    periods = (
        Period.objects.filter(
            plan__status=PlanStatus.PUBLISHED,
            locked_at__isnull=True,
            cutoff__gte=moment - LOOK_BACK,
            cutoff__lte=moment + LOOK_AHEAD,
        )
        .select_related("plan__reminder_policy")
        .order_by("rule_id", "cutoff")
    )
    watched, latest_past = [], {}
    for period in periods:
        if effective_cutoff(period) >= moment:
            watched.append(period)
        else:
            latest_past[period.rule_id] = period
    return watched + list(latest_past.values())


def _policy(period: Period) -> Policy:
    return Policy.of(getattr(period.plan, "reminder_policy", None))


def owed_reports(periods: list[Period]) -> list[tuple[Period, dict, Report | None]]:
    """Each body the periods' plans give work to and that still owes its report: no
    report, or one still being written (draft or returned). A period over before
    its plan was published is owed only by those who began a report. Two queries.

    The body's row holds ``plan_id``, ``body_id``, ``body__name`` and the counts of
    its open ``tasks`` and of the open ``kpis`` it leads (its report's items).
    """
    if not periods:
        return []
    plan_ids = {p.plan_id for p in periods}
    work = defaultdict(dict)  # plan -> body -> (tasks, kpis)
    for row in (
        Assignment.objects.filter(plan_id__in=plan_ids, body__active=True)
        .values("plan_id", "body_id", "body__name")
        .annotate(  # what its report holds items for: open tasks, open KPIs it leads
            tasks=Count("task", filter=Q(task__closed_at__isnull=True)),
            kpis=Count(
                "indicator", filter=Q(role=AssignmentRole.LEAD, indicator__closed_at__isnull=True)
            ),
        )
    ):
        work[row["plan_id"]][row["body_id"]] = row
    reports = {
        (r.period_id, r.body_id): r
        for r in Report.objects.filter(period__in=periods).only("period_id", "body_id", "state")
    }
    owed = []
    for period in periods:
        for body_id, row in work[period.plan_id].items():
            report = reports.get((period.pk, body_id))
            if report is None and period.cutoff < period.plan.published_at:
                continue  # the period was over when the plan was published
            if report is not None and report.state not in EDITABLE_STATES:
                continue
            owed.append((period, row, report))
    return owed


def scheduled_notices(moment: datetime) -> list[Notification]:
    """Every scheduled notice due at ``moment`` (made or not yet)."""
    today = clock.today(moment)
    hour = timezone.localtime(moment).time()
    periods = [p for p in periods_to_watch(moment) if hour >= _policy(p).send_at]
    if not periods:
        return []
    owed = owed_reports(periods)
    days_off, working_days = calendar_days(today - LOOK_BACK - LOOK_AHEAD, today + LOOK_AHEAD * 2)
    due = []  # (period, body row, report, notice)
    for period, row, report in owed:
        for notice in notices_for_owed_report(
            cutoff_day=clock.today(effective_cutoff(period)),
            today=today,
            policy=_policy(period),
            days_off=days_off,
            working_days=working_days,
        ):
            due.append((period, row, report, notice))
    return _notifications(due, moment, today)


def _notifications(due, moment: datetime, today) -> list[Notification]:
    """The due notices as rows, skipping the keys already made."""
    if not due:
        return []
    made = set(
        Notification.objects.filter(
            day__gte=min(notice.day for *_rest, notice in due),
            kind__in=[Kind.BEFORE, Kind.CUTOFF_DAY, Kind.OVERDUE, Kind.ESCALATION],
        ).values_list("key", flat=True)
    )
    recipients = recipients_load()
    written = _written(report for _p, _row, report, _n in due if report is not None)
    rows = {}  # key -> notification
    for period, row, report, notice in due:
        items_done, kpis_done = written.get(report.pk if report else None, (0, 0))
        context = report_context(
            plan=period.plan,
            period=period,
            body_name=row["body__name"],
            missing_items=max(row["tasks"] - items_done, 0),
            missing_kpis=max(row["kpis"] - kpis_done, 0),
            overdue_days=(today - clock.today(effective_cutoff(period))).days,
            escalate_after=_policy(period).escalate_after,
            reminded_daily=_policy(period).overdue_daily,
            accounts=recipients.can_be_reminded(row["body_id"]),
        )
        link = report_link(row["body_id"], period.pk)
        for person in recipients.for_notice(notice.kind, row["body_id"]):
            key = notification_key(notice.kind, person.pk, period.pk, notice.day)
            if key in made:
                continue
            if key in rows:  # an escalation names every late body of the period in one notice
                _add_body(rows[key], context, link, to_office=person in recipients.office)
                continue
            rows[key] = new_notification(
                kind=notice.kind,
                recipient=person,
                day=notice.day,
                moment=moment,
                plan_id=period.plan_id,
                period=period,
                report=report,
                body_id=row["body_id"],
                subject=subject_for(notice.kind, context),
                link=link,
                context={**context, "bodies": [_late_body(context, link)]},
            )
    return list(rows.values())


def _late_body(context: dict, link: str) -> dict:
    names = ("body", "missing_items", "missing_kpis", "accounts")
    return {**{name: context[name] for name in names}, "link": link}


def _add_body(notification: Notification, context: dict, link: str, *, to_office: bool) -> None:
    """One more late body in an escalation: the notice is now about the period, and
    links to the period's board (the office) or to the member's overview."""
    bodies = notification.context["bodies"]
    bodies.append(_late_body(context, link))
    notification.body_id = notification.report = None
    notification.context["body"] = f"{len(bodies)} đơn vị"
    notification.subject = subject_for(notification.kind, notification.context)
    notification.link = (
        reverse("reporting:board", args=[notification.period_id])
        if to_office
        else reverse("accounts:viewer_home")
    )


def _written(reports) -> dict[int, tuple[int, int]]:
    """Per report: items written (saved at least once) and KPIs given a value."""
    ids = [report.pk for report in reports]
    items = dict(
        ReportItem.objects.filter(report_id__in=ids, version__gt=1)
        .values("report_id")
        .annotate(n=Count("pk"))
        .values_list("report_id", "n")
    )
    kpis = dict(
        KpiValue.objects.filter(report_id__in=ids)
        .filter(Q(value__isnull=False) | Q(numerator__isnull=False))
        .values("report_id")
        .annotate(n=Count("pk"))
        .values_list("report_id", "n")
    )
    return {pk: (items.get(pk, 0), kpis.get(pk, 0)) for pk in ids}


def tick(now: datetime | None = None) -> TickResult:
    """One minute of the scheduler: scheduled notices, the weekly digest, delivery."""
    moment = clock.now(now)
    rows = scheduled_notices(moment) + digest.digest_notifications(moment)
    created = outbox_add(rows, now=now)
    waiting = created or delivery_due(moment).exists()
    if waiting and not created:
        delivery_enqueue(now=now)  # retries, or messages a dead worker held
    tick_done.send_robust(sender=tick, now=moment)
    return TickResult(created=created, delivery_enqueued=bool(waiting))
