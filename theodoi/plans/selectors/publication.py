"""What stands between a draft and its publication: names that are not bodies yet,
and whether the document's reporting rule was read."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from ..models import AgencyItem, DutyFrequency, Plan


@dataclass
class Unresolved:
    where: str  # "nhiệm vụ I/2.1" or "chỉ tiêu 6"
    text: str
    reason: str


def _where(item: AgencyItem) -> str:
    if item.task_id:
        task = item.task
        section = task.section.path + "/" if task.section else ""
        return _("nhiệm vụ %s") % (section + task.code)
    return _("chỉ tiêu %s") % item.indicator.code


def unresolved_items(plan: Plan) -> list[Unresolved]:
    items = (
        (
            AgencyItem.objects.filter(task__plan=plan)
            | AgencyItem.objects.filter(indicator__plan=plan)
        )
        .select_related("task__section", "indicator", "group")
        .prefetch_related("chosen")
    )
    problems = []
    for item in items:
        if item.outside or item.chosen.all():
            continue
        if item.body_id is None and item.group_id is None:
            problems.append(Unresolved(_where(item), item.text, _("không có trong danh mục")))
        elif item.group_id and item.group.needs_choice:
            problems.append(Unresolved(_where(item), item.text, _("nhóm chưa rõ, cần chọn đơn vị")))
    return problems


RECURRING = {
    DutyFrequency.MONTHLY,
    DutyFrequency.QUARTERLY,
    DutyFrequency.HALF_YEARLY,
    DutyFrequency.YEARLY,
}


def reporting_day_unread(plan: Plan) -> bool:
    """Whether the document's reporting rule was not read: no duty gives a period and
    its day (or a date, for a one-off). The publish page then asks the office for the
    day rather than letting the default (monthly, by the 15th) apply unsaid."""
    return not any(
        (duty.frequency in RECURRING and duty.day)
        or (duty.frequency == DutyFrequency.ONCE and duty.date)
        for duty in plan.reporting.all()
    )
