"""Publishing a draft: one transaction fixes who does what. Nothing half-published."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from theodoi.core import clock
from theodoi.core.audit import audit

from ..models import (
    AgencyItem,
    Assignment,
    DutyFrequency,
    Plan,
    PlanImport,
    PlanStatus,
    PlanVersion,
    ReportingDuty,
)
from ..selectors.gaps import plan_gaps
from ..selectors.publication import RECURRING, Unresolved, reporting_day_unread, unresolved_items
from ..signals import plan_published
from .assign import item_bodies
from .review import REREADING


class PublishRefused(ValidationError):
    """Names that are not bodies yet: the office must resolve them first."""

    def __init__(self, unresolved: list[Unresolved]):
        super().__init__(_("Còn %d tên đơn vị chưa xác định.") % len(unresolved))
        self.unresolved = unresolved


class GapsNotConfirmed(ValidationError):
    """Tasks that miss some of the "06 rõ": publishing needs the office's confirmation."""

    def __init__(self, gaps: dict):
        super().__init__(_("Có %d nhiệm vụ chưa đủ “06 rõ”; cần xác nhận để ban hành.") % len(gaps))
        self.gaps = gaps


class ReportingDayInvalid(ValidationError):
    """The day the office gave for the reports is not a day of a month."""


def _reporting_day_set(plan: Plan, day: int | None, user) -> None:
    """The day the office gave: on the document's duties that lack it, or as a
    monthly duty when the document sets none."""
    if day is None or not reporting_day_unread(plan):
        return
    if not 1 <= day <= 31:
        raise ReportingDayInvalid(_("Ngày hạn nộp báo cáo phải từ 1 đến 31."))
    dayless = plan.reporting.filter(frequency__in=RECURRING, day__isnull=True)
    if not dayless.update(day=day):
        ReportingDuty.objects.create(
            plan=plan,
            text=_("Báo cáo hằng tháng, trước ngày %d (văn phòng đặt khi ban hành)") % day,
            frequency=DutyFrequency.MONTHLY,
            day=day,
            position=plan.reporting.count(),
        )
    audit(plan, user, "plans.plan.reporting_day")
    plan.save()


def _assignments(plan: Plan) -> list[Assignment]:
    members: dict[int, list[int]] = {}
    rows: dict[tuple, Assignment] = {}
    items = (
        (
            AgencyItem.objects.filter(task__plan=plan, task__closed_at__isnull=True)
            | AgencyItem.objects.filter(indicator__plan=plan, indicator__closed_at__isnull=True)
        )
        .select_related("group")
        .prefetch_related("chosen")
    )
    for item in items:
        body_ids, via_group_id = item_bodies(item, members)
        for body_id in body_ids:
            key = (item.task_id, item.indicator_id, body_id, item.role)
            rows.setdefault(
                key,
                Assignment(
                    plan=plan,
                    task_id=item.task_id,
                    indicator_id=item.indicator_id,
                    body_id=body_id,
                    role=item.role,
                    via_group_id=via_group_id,
                ),
            )
    return list(rows.values())


@transaction.atomic
def plan_publish(
    *, plan: Plan, user, confirm_gaps: bool = False, reporting_day: int | None = None, now=None
) -> int:
    """Publish a draft; returns the number of assignments made.

    Refused (and nothing changed) while a name is unresolved, or while tasks
    miss some of the "06 rõ" and the office has not confirmed the list.
    ``reporting_day``: the day the office set on the publish page when the
    document's reporting rule was not read (``reporting_day_unread``).
    """
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(_("Kế hoạch này đã được ban hành."))
    if PlanImport.objects.rereading().filter(plan=plan).exists():
        raise ValidationError(REREADING)
    unresolved = unresolved_items(plan)
    if unresolved:
        raise PublishRefused(unresolved)
    gaps = plan_gaps(plan)
    if gaps and not confirm_gaps:
        raise GapsNotConfirmed(gaps)
    _reporting_day_set(plan, reporting_day, user)
    assignments = Assignment.objects.bulk_create(_assignments(plan), batch_size=1000)
    plan.status = PlanStatus.PUBLISHED
    plan.published_at = clock.now(now)
    audit(plan, user, "plans.plan.published")
    plan.save()
    # Reporting makes the plan's rules and periods here, in this transaction.
    plan_published.send(sender=Plan, plan=plan, user=user, now=now)
    PlanVersion.objects.create(
        plan=plan,
        number=plan.version,
        source_name=plan.source_name,
        changes={"published": len(assignments), "gaps_confirmed": sorted(gaps)},
        applied_by=user,
    )
    return len(assignments)
