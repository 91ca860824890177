"""The demo's plans: the two sample plans shipped with the package, read and published.

Only for a demo machine (``theodoi demo``, ``make run``): where a plan names a
vague group ("Các Sở ngành liên quan") the demo chooses every active department,
as the office would choose some of them before publishing.
"""

from importlib import resources

from django.db import transaction
from django.db.models import Q

from theodoi.bodies.models import Body, BodyKind, GroupRule
from theodoi.importer import parse_bytes
from theodoi.plans.models import AgencyItem, Plan
from theodoi.plans.services.drafts import plan_draft_create
from theodoi.plans.services.imports import attribute_history
from theodoi.plans.services.publish import plan_publish
from theodoi.reporting.services.calendar import holidays_load

SAMPLES = ("000_91be600319c8ab5d.txt", "001_6cb26fb914e0f802.txt")


def sample_bytes(name: str) -> bytes:
    return resources.files("theodoi.plans").joinpath("samples", name).read_bytes()


def _choose_departments(plan: Plan) -> None:
    """Give every vague group of the draft the active departments.

    (The samples name no body outside the registry; if one did, publishing would
    refuse it and the demo would stop with ``PublishRefused``.)
    """
    departments = list(Body.objects.filter(kind=BodyKind.DEPARTMENT, active=True))
    of_plan = Q(task__plan=plan) | Q(indicator__plan=plan)
    for item in AgencyItem.objects.filter(of_plan, group__rule=GroupRule.VAGUE):
        item.chosen.set(departments)


@transaction.atomic
def demo_plans_load(*, user=None, now=None) -> list[tuple[Plan, bool]]:
    """Read and publish each sample plan not loaded yet; ``(plan, created)`` for each.

    A sample is known by its file name and number: a second run changes nothing.
    """
    holidays_load(user=user)
    results = []
    for name in SAMPLES:
        data = parse_bytes(sample_bytes(name), name)
        number = (data.get("document") or {}).get("number") or ""
        plan = Plan.objects.filter(source_name=name, number=number).first()
        if plan is not None:
            results.append((plan, False))
            continue
        plan = plan_draft_create(data=data, source_name=name)
        _choose_departments(plan)
        plan_publish(plan=plan, user=user, confirm_gaps=True, now=now)
        if user is not None:
            attribute_history(plan, user, "plans.plan.demo_created")
        results.append((plan, True))
    return results
