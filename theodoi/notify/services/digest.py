"""The weekly digest to the office: who is late, which tasks are overdue (those that
turned overdue in the week marked), which KPIs moved. Made on the digest's weekday
after its hour, once per person and week.

The tick asks every minute; on other days (or before the hour) the answer costs
nothing, and once every office user has this week's digest it costs three small
queries. The content is computed in a fixed number of queries, whatever the
number of plans, bodies, tasks or KPIs.

The week is the seven days before the digest's day (Monday to Sunday with the
default Monday): KPI values of reports submitted in it, tasks whose due day fell
in it ("mới quá hạn"). The late reports and the overdue tasks are those at the
digest's moment; the overdue tasks are counted by the selector of the plan pages.
"""

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from theodoi.accounts.models import Role, User
from theodoi.core import clock
from theodoi.core.formatting import format_date
from theodoi.lib.numbers import format_number
from theodoi.plans.models import PlanStatus
from theodoi.reporting.models import KpiValue
from theodoi.reporting.selectors import progress
from theodoi.reporting.selectors.progress import REPORTED, value_of

from ..models import Kind, Notification
from . import schedule  # (schedule imports this module: read its names when called)
from .messages import absolute_url, cutoff_text, report_link, subject_for
from .outbox import new_notification
from .recipients import digest_opted_out

WEEK = timedelta(days=7)
MAX_ROWS = 50  # per list; the rest is counted ("và N mục khác")
MAX_LEADS = 5  # lead bodies named for a task; the rest counted


def digest_time() -> time:
    return time.fromisoformat(settings.THEODOI_DIGEST_TIME)


def digest_day(moment: datetime) -> date | None:
    """The digest's day if ``moment`` is on the digest's weekday at or after its hour
    (province time), else ``None``."""
    local = timezone.localtime(moment)
    if local.weekday() != settings.THEODOI_DIGEST_WEEKDAY or local.time() < digest_time():
        return None
    return local.date()


def digest_notifications(moment: datetime) -> list[Notification]:
    """This week's digest for each active office user who has not turned it off and
    does not have it yet; none outside the digest's day and hour."""
    day = digest_day(moment)
    if day is None:
        return []
    office = list(
        User.objects.filter(is_active=True, role=Role.OFFICE).only("pk", "email").order_by("pk")
    )
    opted_out = digest_opted_out()
    made = set(
        Notification.objects.filter(kind=Kind.DIGEST, day=day)
        .order_by()
        .values_list("key", flat=True)
    )
    rows = [
        new_notification(kind=Kind.DIGEST, recipient=user, day=day, moment=moment)
        for user in office
        if user.pk not in opted_out
    ]
    rows = [row for row in rows if row.key not in made]
    if not rows:
        return []
    context = digest_context(moment, day)
    subject = subject_for(Kind.DIGEST, context)
    link = reverse("home")
    for row in rows:
        row.subject, row.link, row.context = subject, link, context
    return rows


def digest_context(moment: datetime, day: date) -> dict:
    """What the digest says (JSON: texts and numbers, dates as dd/mm/yyyy)."""
    start = day - WEEK
    context = {
        "week": f"{format_date(start)}–{format_date(day - timedelta(days=1))}",
        "week_start": format_date(start),
        "week_end": format_date(day - timedelta(days=1)),
    }
    overdue = overdue_tasks(moment, start, day)
    for name, found in (
        ("late", late_reports(moment)),
        ("overdue_tasks", overdue),
        ("kpis_moved", kpis_moved(start, day)),
    ):
        context[name] = found[:MAX_ROWS]
        context[f"{name}_count"] = len(found)
        context[f"{name}_more"] = max(len(found) - MAX_ROWS, 0)
    context["overdue_count"] = context["overdue_tasks_count"]  # shorter, for the subject
    context["overdue_new_count"] = sum(row["new"] for row in overdue)
    context["kpi_count"] = context["kpis_moved_count"]
    return context


def late_reports(moment: datetime) -> list[dict]:
    """Reports still owed after their cut-off (the periods and rules the scheduler
    chases), the longest late first."""
    today = clock.today(moment)
    periods = [
        p for p in schedule.periods_to_watch(moment) if schedule.effective_cutoff(p) < moment
    ]
    late = []
    for period, row, _report in schedule.owed_reports(periods):
        days = (today - clock.today(schedule.effective_cutoff(period))).days
        late.append(
            {
                "body": row["body__name"],
                "plan": period.plan.title[:200],
                "period": period.label,
                "cutoff": cutoff_text(period),
                "days_late": days,
                "url": absolute_url(report_link(row["body_id"], period.pk)),
            }
        )
    late.sort(key=lambda r: (-r["days_late"], r["plan"], r["period"], r["body"]))
    return late


def overdue_tasks(moment: datetime, start: date, day: date) -> list[dict]:
    """The overdue tasks of the published plans at ``moment``, read with the selector
    the plan pages use (so the digest's count is the pages' count), with the lead
    bodies still behind; ``new`` marks those whose due day fell in ``[start, day)``."""
    found = []
    for plan, task, behind in progress.overdue_tasks(now=moment):
        names = [body.name for body in behind]
        found.append(
            {
                "code": task.code,
                "title": _truncate(task.title, 200),
                "plan": plan.title[:200],
                "due": format_date(task.due),
                "new": start <= task.due < day,
                "leads": ", ".join(names[:MAX_LEADS]),
                "leads_more": max(len(names) - MAX_LEADS, 0),
                "url": absolute_url(task.get_absolute_url()),
            }
        )
    return found


def kpis_moved(start: date, day: date) -> list[dict]:
    """KPIs whose value, in a report submitted during ``[start, day)``, differs from
    the same body's value in its previous period. Per KPI and body, the latest period
    submitted in the week is compared with the last period reported before it; a
    first value (nothing before) is not a move."""
    begin = _midnight(start)
    end = _midnight(day)
    week = (
        KpiValue.objects.filter(
            report__state__in=REPORTED,
            report__submitted_at__gte=begin,
            report__submitted_at__lt=end,
            report__period__plan__status=PlanStatus.PUBLISHED,
            indicator__closed_at__isnull=True,
        )
        .select_related("indicator__plan", "report__body", "report__period")
        .order_by("indicator_id", "report__body_id", "-report__period__cutoff")
    )
    current = {}  # (indicator, body) -> the latest value of the week
    for row in week:
        current.setdefault((row.indicator_id, row.report.body_id), row)
    if not current:
        return []
    earlier = defaultdict(list)  # (indicator, body) -> [(cutoff, value)], latest first
    for indicator_id, body_id, cutoff, value, numerator, denominator in (
        KpiValue.objects.filter(
            report__state__in=REPORTED,
            indicator_id__in={key[0] for key in current},
            report__body_id__in={key[1] for key in current},
            report__period__cutoff__lt=max(r.report.period.cutoff for r in current.values()),
        )
        .order_by("indicator_id", "report__body_id", "-report__period__cutoff")
        .values_list(
            "indicator_id",
            "report__body_id",
            "report__period__cutoff",
            "value",
            "numerator",
            "denominator",
        )
    ):
        if (indicator_id, body_id) in current:
            row = KpiValue(value=value, numerator=numerator, denominator=denominator)
            earlier[indicator_id, body_id].append((cutoff, value_of(row)))
    moved = []
    for key, row in current.items():
        after = value_of(row)
        cutoff = row.report.period.cutoff
        before = next((value for when, value in earlier[key] if when < cutoff), None)
        if before is None or after is None or before == after:
            continue
        indicator = row.indicator
        moved.append(
            {
                "name": _truncate(indicator.name, 200),
                "code": indicator.code,
                "plan": indicator.plan.title[:200],
                "body": row.report.body.name,
                "period": row.report.period.label,
                "before": format_number(before),
                "after": format_number(after),
                "up": after > before,
                "unit": indicator.unit,
                "target": indicator.target_text,
                "url": absolute_url(indicator.plan.get_absolute_url()),
            }
        )
    moved.sort(key=lambda r: (r["plan"], r["code"], r["name"], r["body"]))
    return moved


def _midnight(day: date) -> datetime:
    """The start of ``day`` in the province's time zone."""
    return timezone.make_aware(datetime.combine(day, time()))


def _truncate(text: str, length: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
