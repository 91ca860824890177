"""The demo's months of reports: a living plan for the chair's first look.

For the plan of the current year, a few bodies (the demo accounts' bodies and a dozen
more departments and communes) report every monthly period up to ``now`` through the
real services — items and KPI values saved, sent, approved by the head where the body
has one, accepted by the office — each step dated at a moment of its month: most on
time, some late, a few never. Progress and KPI values follow from ``random.Random``
seeded by the body and the period, so two machines show the same demo.

A (body, period) that already has a report is left as it is: a second run changes
nothing. The dashboard's figures of every period are computed again at the end.
"""

import random
from contextlib import contextmanager
from datetime import timedelta

from django.db import transaction

from theodoi.accounts.models import Role, User
from theodoi.bodies.models import Body
from theodoi.core import clock
from theodoi.dashboard import receivers
from theodoi.dashboard.services.rollup import plan_rollup
from theodoi.plans.models import AssignmentRole, DutyFrequency, Plan, PlanStatus
from theodoi.reporting.models import ItemState, Period, Report, ReportState
from theodoi.reporting.services import workflow
from theodoi.reporting.services.reports import (
    is_rate,
    kpi_value_save,
    report_item_save,
    report_open,
)
from theodoi.reporting.signals import report_moved

SEED = "theodoi-demo-2026"
# Besides the demo accounts' bodies; a body missing from the registry is skipped.
MORE_BODIES = (
    "Sở Khoa học và Công nghệ",
    "Văn phòng Ủy ban nhân dân tỉnh",
    "Sở Nội vụ",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Công Thương",
    "Sở Nông nghiệp và Môi trường",
    "Phường Long Xuyên",
    "Phường Rạch Giá",
    "Phường Châu Đốc",
    "Xã Châu Thành",
    "Xã Chợ Mới",
    "Xã Giồng Riềng",
)
# The focal officers the demo makes for bodies without one (no password: nobody signs in).
NAMES = (
    "Võ Thị Hạnh",
    "Bùi Văn Tâm",
    "Đặng Thị Thu",
    "Huỳnh Văn Phúc",
    "Ngô Thị Yến",
    "Dương Văn Lộc",
    "Lý Thị Ngọc",
    "Trương Văn Sang",
    "Mai Thị Hồng",
    "Lâm Văn Khánh",
    "Tạ Thị Duyên",
    "Châu Văn Bảo",
    "Quách Thị Kim",
    "Kiều Văn Nghĩa",
)
# What ``_report_month`` returns when it wrote nothing.
NOT_WRITTEN = {"never", "later"}
# How a body reports: (never, late) chances and how fast its tasks move.
PROFILES = {
    "good": (0.0, 0.1, 1.3),
    "average": (0.1, 0.3, 0.9),
    "poor": (0.3, 0.45, 0.5),
}


def _profile(index: int) -> tuple[float, float, float]:
    return PROFILES[("good", "average", "good", "poor")[index % 4]]


def _decimal(number: float) -> str:
    """A number the way an officer types it (``14,5``)."""
    return f"{number:.1f}".replace(".", ",")


def _bodies() -> list[Body]:
    """The demo accounts' bodies first (focal officers who sign in), then the others."""
    own = list(Body.objects.filter(users__username__in=["daumoi", "daumoi.xa"]).order_by("name"))
    more = [b for b in Body.objects.filter(name__in=MORE_BODIES) if b not in own]
    return own + sorted(more, key=lambda b: MORE_BODIES.index(b.name))


def _focal(body: Body, index: int) -> User:
    """The body's focal officer: its own account, else one the demo makes."""
    user = User.objects.filter(body=body, role=Role.FOCAL, is_active=True).order_by("pk").first()
    if user is not None:
        return user
    full_name = NAMES[index % len(NAMES)]
    first, _sep, last = full_name.rpartition(" ")
    user, created = User.objects.get_or_create(
        username=f"daumoi.demo{index:02d}",
        defaults={
            "first_name": last,
            "last_name": first,
            "email": f"daumoi.demo{index:02d}@theodoi.local",
            "role": Role.FOCAL,
            "position": "Chuyên viên đầu mối",
            "body": body,
        },
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _head(body: Body) -> User | None:
    return User.objects.filter(body=body, role=Role.HEAD, is_active=True).order_by("pk").first()


def _advance_items(report: Report, rng: random.Random, pace: float, user, moment) -> None:
    """Move two to four of the body's unfinished lead tasks forward; at 100 % a task is
    done, on a day of the month, with its document."""
    items = list(
        report.items.filter(assignment__role=AssignmentRole.LEAD)
        .exclude(state=ItemState.DONE)
        .order_by("assignment__task__position")
    )
    for item in items[: rng.randint(2, 4)]:
        percent = min(100, item.percent + round(rng.randint(15, 45) * pace))
        data = {
            "percent": str(percent),
            "state": ItemState.IN_PROGRESS if percent else ItemState.NOT_STARTED,
            "results": f"Đã triển khai, ước đạt {percent}% khối lượng công việc.",
        }
        if percent == 100:
            done_on = (moment - timedelta(days=rng.randint(1, 10))).date()
            data.update(
                state=ItemState.DONE,
                done_on=done_on.strftime("%d/%m/%Y"),
                evidence_ref=f"{rng.randint(10, 999)}/BC-{report.body_id}",
                results="Đã hoàn thành nhiệm vụ.",
            )
        elif rng.random() < 0.3:
            data["difficulties"] = "Thiếu kinh phí và nhân lực chuyên trách."
        report_item_save(item=item, data=data, user=user, seen_version=None, now=moment)


def _kpi_values(report: Report, month: int, user, moment) -> None:
    """Each KPI the body leads: a value growing month by month towards a level of its own
    (per KPI and body), above the target for some KPIs, below it for others."""
    for kpi in report.kpi_values.select_related("indicator").order_by("indicator__position"):
        indicator = kpi.indicator
        rng = random.Random(f"{SEED}:{indicator.plan_id}:{indicator.position}:{report.body_id}")
        level = rng.uniform(0.7, 1.15)
        target = float(indicator.target_value or 80)
        value = target * level * (0.75 + 0.25 * min(month, 12) / 12)
        if is_rate(indicator):
            denominator = rng.randint(120, 400)
            numerator = min(denominator, round(denominator * min(value, 100) / 100))
            data = {"numerator": str(numerator), "denominator": str(denominator)}
        else:
            data = {"value": _decimal(value)}
        kpi_value_save(kpi_value=kpi, data=data, user=user, seen_version=None, now=moment)


def _report_month(period: Period, body: Body, index: int, *, now) -> str:
    """The body's report of the period as the demo tells it; what became of it."""
    rng = random.Random(f"{SEED}:{body.name}:{period.label}")
    never, late, pace = _profile(index)
    if rng.random() < never:
        return "never"
    if rng.random() < late:
        moment = period.cutoff + timedelta(days=rng.randint(1, 12), hours=rng.randint(1, 6))
    else:
        moment = period.cutoff - timedelta(days=rng.randint(0, 5), hours=rng.randint(1, 8))
    writing = min(moment - timedelta(hours=2), now)
    if writing < period.cutoff - timedelta(days=12):
        return "later"  # the month is not over yet
    focal = _focal(body, index)
    report = report_open(period=period, body=body)
    if report is None:  # a locked period the body never reported
        return "never"
    _advance_items(report, rng, pace, focal, writing)
    _kpi_values(report, period.ends_on.month, focal, writing)
    if moment > now:
        return "draft"
    dated = clock.dated
    dated(workflow.report_submit)(report=report, user=focal, now=moment)
    report.refresh_from_db()
    office = User.objects.filter(role=Role.OFFICE, is_active=True).order_by("pk").first()
    if report.state == ReportState.SUBMITTED:  # the body's head approves, if it has one
        moment = min(moment + timedelta(hours=rng.randint(2, 20)), now)
        if (head := _head(body)) is not None:
            dated(workflow.report_approve)(report=report, user=head, now=moment)
        else:
            dated(workflow.report_approve_for_head)(
                report=report, user=office, reason="Lãnh đạo đơn vị đi công tác", now=moment
            )
    accepted = moment + timedelta(days=rng.randint(1, 3))
    if accepted > now:
        return "sent"
    dated(workflow.report_accept)(report=report, user=office, now=accepted)
    return "late" if report.late else "on time"


def _plan(now) -> Plan | None:
    """The published plan of the current year, else the latest one."""
    plans = Plan.objects.filter(status=PlanStatus.PUBLISHED).order_by("-year", "-pk")
    return plans.filter(year=clock.today(now).year).first() or plans.first()


@contextmanager
def _figures_once():
    """Each report step recomputes its period's figures (``dashboard.receivers``): some
    450 rollups, minutes. The demo leaves them out while it loads and computes every
    period once at the end (steps that commit later, under an outer transaction, are
    still followed)."""
    uid = "dashboard.on_report_moved"
    connected = report_moved.disconnect(dispatch_uid=uid)
    try:
        yield
    finally:
        if connected:
            report_moved.connect(receivers.on_report_moved, dispatch_uid=uid)


def demo_reports_load(*, now=None, say=print) -> dict[str, int]:
    """Report the current plan's monthly periods up to ``now``; counts of what happened."""
    now = clock.now(now)
    plan = _plan(now)
    counts: dict[str, int] = {}
    if plan is None:
        return counts
    periods = Period.objects.filter(
        plan=plan, rule__frequency=DutyFrequency.MONTHLY, starts_on__lte=clock.today(now)
    ).order_by("cutoff")
    bodies = _bodies()
    with _figures_once():
        _load(periods, bodies, counts, now=now, say=say)
    if any(outcome not in NOT_WRITTEN for outcome in counts):
        say(f"  Bảng tổng hợp của Ban Chỉ đạo: {plan_rollup(plan, now=now)} kỳ")
    return counts


def _load(periods, bodies: list[Body], counts: dict[str, int], *, now, say) -> None:
    for period in periods:
        done = set(
            Report.objects.filter(period=period, body__in=bodies).values_list("body_id", flat=True)
        )
        todo = [(index, body) for index, body in enumerate(bodies) if body.pk not in done]
        for index, body in todo:
            with transaction.atomic():
                outcome = _report_month(period, body, index, now=now)
            counts[outcome] = counts.get(outcome, 0) + 1
        say(f"  {period.label}: {len(todo)}/{len(bodies)} đơn vị mới")
