"""``theodoi demo`` reads and publishes the two sample plans shipped with the package."""

import pytest
from django.core.management import call_command

from theodoi.accounts.models import User
from theodoi.bodies.models import Body, BodyKind, Group
from theodoi.devtools.demo_plans import SAMPLES, demo_plans_load
from theodoi.plans.models import (
    AgencyItem,
    Assignment,
    AssignmentRole,
    Indicator,
    Plan,
    PlanStatus,
    PlanVersion,
    Task,
)


@pytest.fixture(autouse=True)
def demo_plans(settings, registry):
    settings.THEODOI_DEMO_PLANS = True


def snapshot():
    return {
        "plans": sorted(Plan.objects.values_list("pk", "status", "version", "published_at")),
        "tasks": Task.objects.count(),
        "indicators": Indicator.objects.count(),
        "items": AgencyItem.objects.count(),
        "chosen": AgencyItem.chosen.through.objects.count(),
        "assignments": Assignment.objects.count(),
        "versions": PlanVersion.objects.count(),
        "history": (Plan.history.count(), Task.history.count(), Indicator.history.count()),
        "users": User.objects.count(),
    }


def test_the_demo_publishes_both_sample_plans():
    call_command("demo")

    plans = Plan.objects.order_by("source_name")
    assert [p.source_name for p in plans] == list(SAMPLES)
    assert all(p.status == PlanStatus.PUBLISHED and p.published_at for p in plans)
    assert [p.tasks.count() for p in plans] == [55, 40]
    assert plans[0].number == "01/KH-TCT01"
    version = PlanVersion.objects.get(plan=plans[1])
    assert version.applied_by.username == "thuongtruc"
    office = User.objects.get(username="thuongtruc")
    assert {h.history_user for h in plans[0].history.all()} == {office}
    assert not Task.history.filter(history_user__isnull=True).exists()
    assert Assignment.objects.filter(plan=plans[0]).exists()
    assert Assignment.objects.filter(plan=plans[1], indicator__isnull=False).exists()


def test_the_demo_twice_changes_nothing():
    call_command("demo")
    before = snapshot()
    call_command("demo")
    assert snapshot() == before
    assert before["plans"] and before["assignments"] and before["history"][1]


def test_the_demo_chooses_every_active_department_for_a_vague_group():
    call_command("demo")

    departments = set(Body.objects.filter(kind=BodyKind.DEPARTMENT, active=True))
    vague = AgencyItem.objects.filter(group__rule="vague")
    assert vague.exists()
    for item in vague:
        assert set(item.chosen.all()) == departments
    item = vague.filter(task__isnull=False).first()
    assigned = Assignment.objects.filter(task=item.task, role=item.role).values_list("body")
    assert departments <= set(Body.objects.filter(pk__in=assigned))


def test_the_commune_group_of_the_2026_plan_assigns_every_commune():
    call_command("demo")

    group = Group.objects.get(name="UBND xã, phường, đặc khu")
    plan = Plan.objects.get(source_name="001_6cb26fb914e0f802.txt")
    item = AgencyItem.objects.filter(task__plan=plan, group=group, role=AssignmentRole.LEAD).first()
    communes = Body.objects.filter(kind=BodyKind.COMMUNE, active=True).count()
    assert communes > 90
    assert (
        Assignment.objects.filter(task=item.task, role=AssignmentRole.LEAD, via_group=group).count()
        == communes
    )


def test_a_sample_already_loaded_is_skipped():
    first = demo_plans_load()
    second = demo_plans_load()

    assert [created for _plan, created in first] == [True, True]
    assert [created for _plan, created in second] == [False, False]
    assert [p.pk for p, _ in first] == [p.pk for p, _ in second]


def test_the_demo_without_plans_leaves_the_plans_out(settings):
    settings.THEODOI_DEMO_PLANS = False
    call_command("demo")
    assert not Plan.objects.exists()
    assert User.objects.filter(username="thuongtruc").exists()
