"""A recurring task is "chưa báo cáo" only for a period already owed and not reported.

The demo showed "Chưa báo cáo kỳ Tháng 1/…" on a recurring task whose December had
been reported and accepted: the periods of the plan year that closed before the plan
was published counted as missed, and so did a period still open in its grace.

Here a plan of 2025 is published on 20/11/2025 (its periods Tháng 1–12/2025 are made,
those up to November already over); the scheduler's roll-over adds Tháng 1/2026, due
on 15/01/2026. Every commune reports December, accepted.
"""

from collections import Counter
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from theodoi.bodies.models import Body
from theodoi.plans.services.drafts import plan_draft_create
from theodoi.plans.services.publish import plan_publish
from theodoi.reporting.models import Period, Report, ReportState
from theodoi.reporting.selectors.progress import plan_status
from theodoi.reporting.status import Status
from theodoi.reporting.tests.conftest import SMALL_PLAN, vn

pytestmark = pytest.mark.django_db

BEFORE_JANUARY = vn(2026, 1, 10, 9, 0)
AFTER_JANUARY = vn(2026, 1, 20, 9, 0)


@pytest.fixture
def plan(people):
    data = {**SMALL_PLAN, "document": {**SMALL_PLAN["document"], "year": 2025}}
    plan = plan_draft_create(data=data)
    plan_publish(plan=plan, user=people["thuongtruc"], confirm_gaps=True, now=vn(2025, 11, 20, 8))
    december = plan.periods.get(label="Tháng 12/2025")
    Period.objects.create(
        rule=december.rule,
        plan=plan,
        label="Tháng 1/2026",
        starts_on=date(2025, 12, 15),
        ends_on=date(2026, 1, 14),
        cutoff=vn(2026, 1, 15, 23, 59, 59),
    )
    Report.objects.bulk_create(
        Report(period=december, body=body, state=ReportState.ACCEPTED, version=3)
        for body in communes(plan)
    )
    return plan


def communes(plan) -> list[Body]:
    return list(Body.objects.filter(assignments__task__plan=plan, assignments__task__code="2"))


def recurring(plan, now):
    found = plan_status(plan, now=now)
    return found.tasks[plan.tasks.get(code="2").pk], found.summary


def unreported_in_rows(plan, now) -> int:
    """How many recurring tasks have a lead body without a sent report for a period
    past its cut-off (and grace) that closed after publication: a plain count."""
    plan.refresh_from_db()
    owed = [
        p
        for p in plan.periods.all()
        if max(p.cutoff, p.grace_until or p.cutoff) <= now and p.cutoff >= plan.published_at
    ]
    sent = set(
        Report.objects.filter(
            state__in=[ReportState.SUBMITTED, ReportState.APPROVED, ReportState.ACCEPTED]
        ).values_list("body_id", "period_id")
    )
    return sum(
        any(
            (a.body_id, p.pk) not in sent
            for a in task.assignments.filter(role="lead")
            for p in owed
        )
        for task in plan.tasks.exclude(recurrence="")
    )


def test_before_the_january_cut_off_december_accepted_is_on_track(plan):
    found, summary = recurring(plan, BEFORE_JANUARY)
    assert found.status == Status.ON_TRACK and found.missing_period == ""
    assert (found.done_count, found.lead_count) == (len(communes(plan)),) * 2
    assert summary.counts[Status.UNREPORTED] == unreported_in_rows(plan, BEFORE_JANUARY) == 0


def test_after_the_january_cut_off_january_is_not_reported(plan):
    found, summary = recurring(plan, AFTER_JANUARY)
    assert found.status == Status.UNREPORTED and found.missing_period == "Tháng 1/2026"
    assert found.done_count == 0
    assert summary.counts[Status.UNREPORTED] == unreported_in_rows(plan, AFTER_JANUARY) == 1


def test_a_period_in_its_grace_is_not_missing_yet(plan):
    Period.objects.filter(plan=plan, label="Tháng 1/2026").update(
        grace_until=vn(2026, 1, 22, 23, 59)
    )
    assert recurring(plan, AFTER_JANUARY)[0].status == Status.ON_TRACK
    assert recurring(plan, vn(2026, 1, 23, 9, 0))[0].missing_period == "Tháng 1/2026"


def test_one_commune_behind_is_counted_with_its_period(plan):
    january = Period.objects.get(plan=plan, label="Tháng 1/2026")
    bodies = communes(plan)
    Report.objects.bulk_create(
        Report(period=january, body=body, state=ReportState.SUBMITTED, version=2)
        for body in bodies[1:]
    )
    found = recurring(plan, AFTER_JANUARY)[0]
    assert found.missing_period == "Tháng 1/2026"
    assert (found.done_count, found.lead_count) == (len(bodies) - 1, len(bodies))
    Report.objects.create(period=january, body=bodies[0], state=ReportState.APPROVED, version=2)
    assert recurring(plan, AFTER_JANUARY)[0].status == Status.ON_TRACK


def test_a_period_over_before_publication_is_owed_by_a_body_that_began_its_report(plan):
    """As the scheduler chases it: a draft begun for it is a report still owed."""
    october = plan.periods.get(label="Tháng 10/2025")
    Report.objects.create(period=october, body=communes(plan)[0], state=ReportState.DRAFT)
    found = recurring(plan, BEFORE_JANUARY)[0]
    assert found.status == Status.UNREPORTED and found.missing_period == "Tháng 10/2025"
    assert found.done_count == found.lead_count - 1


def test_the_plan_page_and_the_communes_page_say_the_same(plan, login, people):
    """The label and the count a person reads, before and after the cut-off."""
    plan_url = reverse("plans:detail", args=[plan.pk])
    body_url = reverse("bodies:detail", args=[people["daumoi.xa"].body_id])
    for moment, label in ((BEFORE_JANUARY, None), (AFTER_JANUARY, "Tháng 1/2026")):
        with time_machine.travel(moment, tick=False):
            pages = [login("thuongtruc").get(plan_url), login("daumoi.xa").get(body_url)]
        for page in pages:
            html = page.content.decode()
            statuses = Counter(
                s.split('"')[0] for s in html.split('class="work-status ')[1:] if "task-status" in s
            )
            assert statuses["unreported"] == unreported_in_rows(plan, moment)
            assert "kỳ Tháng 1/2025" not in html and "kỳ Tháng 11/2025" not in html
            assert (f"kỳ {label}" in html) == bool(label)
