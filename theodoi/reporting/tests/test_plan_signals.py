"""A plan's publication and amendment tell reporting through ``plans.signals``: the
rules and periods are made inside the plan's transaction, so that a failure there
undoes the publication (or the amendment) — all or nothing."""

import copy

import pytest

from theodoi.plans.models import Assignment, Plan, PlanStatus, PlanVersion
from theodoi.plans.serialize import plan_to_json
from theodoi.plans.services.amend import plan_amend_apply
from theodoi.plans.services.drafts import plan_draft_create
from theodoi.plans.services.publish import plan_publish
from theodoi.plans.signals import plan_amended
from theodoi.reporting import receivers
from theodoi.reporting.models import Period, ReportingRule
from theodoi.reporting.tests.conftest import SMALL_PLAN, vn

pytestmark = pytest.mark.django_db

MONTHLY = {"text": "Báo cáo hằng tháng trước ngày 25", "frequency": "monthly", "day": 25,
           "time": None, "date": None, "to": ""}  # fmt: skip
QUARTERLY = {"text": "Báo cáo quý trước ngày 20", "frequency": "quarterly", "day": 20,
             "time": None, "date": None, "to": ""}  # fmt: skip


@pytest.fixture
def plan(people):
    """The small plan, reporting monthly by the 25th, published at the start of 2026."""
    plan = plan_draft_create(data={**SMALL_PLAN, "reporting": [MONTHLY]})
    plan_publish(plan=plan, user=people["thuongtruc"], confirm_gaps=True, now=vn(2026, 1, 2))
    plan.refresh_from_db()
    return plan


def amended(plan) -> dict:
    """The plan's document with task 1 reworded and a quarterly duty instead of the monthly."""
    data = copy.deepcopy(plan_to_json(plan))
    data["tasks"][0]["title"] = "Xây dựng kho dữ liệu (đã sửa đổi)"
    data["reporting"] = [QUARTERLY]
    return data


class Broken(Exception):
    pass


def broken(**kwargs):
    raise Broken


def test_publication_makes_the_rules_and_periods_inside_its_transaction(people, monkeypatch):
    draft = plan_draft_create(data=SMALL_PLAN)
    seen = []

    def setup(*, plan, user, now):
        # Called by the publication itself: the plan is published, not yet committed.
        seen.append((Plan.objects.get(pk=plan.pk).status, user, now))
        return real(plan=plan, user=user, now=now)

    real = receivers.plan_reporting_setup
    monkeypatch.setattr(receivers, "plan_reporting_setup", setup)
    plan_publish(plan=draft, user=people["thuongtruc"], confirm_gaps=True, now=vn(2026, 1, 2))

    assert seen == [(PlanStatus.PUBLISHED, people["thuongtruc"], vn(2026, 1, 2))]
    assert ReportingRule.objects.get(plan=draft).frequency == "monthly"
    assert Period.objects.filter(plan=draft).count() == 12


def test_a_failure_making_the_periods_undoes_the_publication(people, monkeypatch):
    draft = plan_draft_create(data=SMALL_PLAN)
    monkeypatch.setattr(receivers, "plan_reporting_setup", broken)
    with pytest.raises(Broken):
        plan_publish(plan=draft, user=people["thuongtruc"], confirm_gaps=True)

    draft.refresh_from_db()
    assert (draft.status, draft.published_at) == (PlanStatus.DRAFT, None)
    assert not Assignment.objects.filter(plan=draft).exists()
    assert not PlanVersion.objects.filter(plan=draft).exists()
    assert not ReportingRule.objects.filter(plan=draft).exists()


def test_a_failure_following_the_amendment_undoes_it(plan, people, monkeypatch):
    data = amended(plan)
    monkeypatch.setattr(receivers, "rules_follow_amendment", broken)
    with pytest.raises(Broken):
        plan_amend_apply(plan=plan, data=data, user=people["thuongtruc"])

    plan.refresh_from_db()
    assert plan.version == 1
    assert plan.tasks.get(code="1").title == "Xây dựng kho dữ liệu"
    assert not PlanVersion.objects.filter(plan=plan, number=2).exists()
    assert not ReportingRule.objects.filter(plan=plan, frequency="quarterly").exists()


def test_the_amendment_gives_reporting_the_duties_the_plan_had_before(plan, people):
    data = amended(plan)
    assert list(plan.reporting.values_list("frequency", "day")) == [("monthly", 25)]
    heard = []

    def listen(sender, **arguments):
        heard.append([(d.frequency, d.day) for d in arguments["duties_before"]])

    plan_amended.connect(listen)
    try:
        plan_amend_apply(plan=plan, data=data, user=people["thuongtruc"], now=vn(2026, 3, 1))
    finally:
        plan_amended.disconnect(listen)

    assert heard == [[("monthly", 25)]]  # the duties before, though replaced since
    # The new duty became a rule with its periods; the dropped one keeps its rule.
    quarterly = ReportingRule.objects.get(plan=plan, frequency="quarterly")
    assert [p.label for p in quarterly.periods.order_by("ends_on")] == [
        "Quý I/2026", "Quý II/2026", "Quý III/2026", "Quý IV/2026"
    ]  # fmt: skip
    assert ReportingRule.objects.filter(plan=plan, frequency="monthly", due_day=25).exists()
