"""Where a plan's tasks and KPIs stand, read from the reports; the condition form."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from theodoi.bodies.models import Body
from theodoi.plans.models import Assignment
from theodoi.plans.services.drafts import plan_draft_create
from theodoi.plans.services.publish import plan_publish
from theodoi.reporting.models import (
    Holiday,
    KpiValue,
    Period,
    Report,
    ReportItem,
    ReportState,
)
from theodoi.reporting.selectors.progress import kpi_statuses, latest_of, overview_for, plan_status
from theodoi.reporting.services.conditions import task_condition_met
from theodoi.reporting.status import KpiStatus, Status
from theodoi.reporting.tests.conftest import SMALL_PLAN, vn

JULY_1 = vn(2026, 7, 1, 9, 0)


def finance():
    return Body.objects.get(name="Sở Tài chính")


def sent(period, body, state=ReportState.SUBMITTED, at=None):
    return Report.objects.create(
        period=period, body=body, state=state, version=2, submitted_at=at or period.cutoff
    )


def item(report, task, **fields):
    assignment = Assignment.objects.get(task=task, body=report.body, role="lead")
    return ReportItem.objects.create(report=report, assignment=assignment, **fields)


def leads(plan):
    """The plan's task assignments to lead, as ``latest_of`` takes them."""
    rows = Assignment.objects.filter(plan=plan, task__isnull=False, role="lead")
    return list(rows.values_list("pk", "body_id", "plan_id"))


def later_period(period, label, cutoff):
    return Period.objects.create(
        rule=period.rule,
        plan=period.plan,
        label=label,
        starts_on=cutoff.date(),
        ends_on=cutoff.date(),
        cutoff=cutoff,
    )


def test_a_task_is_done_on_time_when_its_leads_latest_report_says_so(plan, period):
    task = plan.tasks.get(code="1")
    item(sent(period, finance()), task, state="in_progress")
    april = later_period(period, "Tháng 4/2026", vn(2026, 4, 25, 16, 0))
    item(sent(april, finance()), task, state="done", done_on=date(2026, 4, 20))
    found = plan_status(plan, now=JULY_1)
    assert found.tasks[task.pk].status == Status.DONE_ON_TIME
    assert found.summary.fallen_due == 1 and found.summary.on_time_rate == Decimal("100.0")


def test_a_draft_or_returned_report_does_not_count(plan, period):
    task = plan.tasks.get(code="1")
    item(sent(period, finance(), state=ReportState.RETURNED), task, state="done")
    found = plan_status(plan, now=JULY_1)
    assert found.tasks[task.pk].status == Status.OVERDUE
    assert [(t.code, [b.name for b in bodies]) for t, bodies in found.overdue] == [
        ("1", ["Sở Tài chính"])
    ]


def test_a_task_done_without_a_date_is_done_on_the_day_its_report_was_sent(plan, period):
    task = plan.tasks.get(code="1")
    july = later_period(period, "Tháng 7/2026", vn(2026, 7, 25, 16, 0))
    item(sent(july, finance(), at=vn(2026, 7, 3, 10, 0)), task, state="done")
    found = plan_status(plan, now=vn(2026, 7, 10, 9, 0))
    assert found.tasks[task.pk].status == Status.DONE_LATE
    assert found.tasks[task.pk].done_on == date(2026, 7, 3)


def test_the_days_off_in_the_calendar_make_a_task_due_soon(plan, period):
    task = plan.tasks.get(code="1")
    task.due = date(2026, 2, 24)
    task.save()
    assert plan_status(plan, now=vn(2026, 2, 12, 9)).tasks[task.pk].status == Status.NOT_DUE
    for day in range(16, 21):
        Holiday.objects.create(date=date(2026, 2, day), name="Tết Nguyên đán")
    assert plan_status(plan, now=vn(2026, 2, 12, 9)).tasks[task.pk].status == Status.DUE_SOON


def test_a_recurring_task_led_by_the_communes_waits_for_every_communes_report(plan, period):
    task = plan.tasks.get(code="2")
    communes = [a.body for a in task.assignments.filter(role="lead").select_related("body")]
    past = list(Period.objects.filter(plan=plan, cutoff__lte=JULY_1).order_by("cutoff"))
    skipped = (communes[-1], past[1])
    Report.objects.bulk_create(
        Report(period=p, body=body, state=ReportState.ACCEPTED, version=3)
        for p in past
        for body in communes
        if (body, p) != skipped
    )
    found = plan_status(plan, now=JULY_1).tasks[task.pk]
    assert found.status == Status.UNREPORTED and found.missing_period == past[1].label
    assert (found.done_count, found.lead_count) == (len(communes) - 1, len(communes))
    sent(past[1], communes[-1])
    assert plan_status(plan, now=JULY_1).tasks[task.pk].status == Status.ON_TRACK


def test_a_member_counts_only_the_tasks_of_the_bodies_he_oversees(plan, period):
    found = plan_status(plan, body_ids={finance().pk}, now=JULY_1)
    assert list(found.tasks) == [plan.tasks.get(code="1").pk]


def test_the_plan_status_runs_a_fixed_number_of_queries(
    plan, period, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        plan_status(plan, now=JULY_1)


def test_the_plan_status_reads_as_much_for_one_report_as_for_every_body_and_period(
    plan, period, django_assert_num_queries
):
    task = plan.tasks.get(code="1")
    item(sent(period, finance()), task, state="in_progress")
    with CaptureQueriesContext(connection) as one:
        plan_status(plan, now=JULY_1)
    months = [later_period(period, f"Tháng {m}/2026", vn(2026, m, 25, 16, 0)) for m in (4, 5, 6)]
    for month in [period, *months]:
        for a in Assignment.objects.filter(plan=plan, task__isnull=False, role="lead"):
            report, _ = Report.objects.get_or_create(
                period=month,
                body=a.body,
                defaults={"state": ReportState.ACCEPTED, "submitted_at": month.cutoff},
            )
            ReportItem.objects.get_or_create(
                report=report, assignment=a, defaults={"state": "done"}
            )
    with django_assert_num_queries(len(one)):
        found = plan_status(plan, now=JULY_1)
    assert found.tasks[task.pk].status == Status.DONE_ON_TIME


def test_a_task_missing_from_the_latest_report_keeps_its_last_reported_state(plan, period):
    """Its item is read from the report before (a task added after, or closed since, the
    body's latest report has no item there)."""
    task, other = plan.tasks.get(code="1"), plan.tasks.get(code="2")
    assignment = Assignment.objects.get(task=task, body=finance(), role="lead")
    item(sent(period, finance()), task, state="in_progress", percent=60)
    april = sent(later_period(period, "Tháng 4/2026", vn(2026, 4, 25, 16, 0)), finance())
    may = later_period(period, "Tháng 5/2026", vn(2026, 5, 25, 16, 0))
    commune = other.assignments.filter(role="lead").first().body
    ReportItem.objects.create(
        report=sent(may, commune), assignment=other.assignments.get(body=commune, role="lead")
    )
    latest = latest_of(leads(plan))
    assert latest[assignment.pk] == ("in_progress", None)
    ReportItem.objects.create(report=april, assignment=assignment, state="done")
    latest = latest_of(leads(plan))
    assert latest[assignment.pk] == ("done", vn(2026, 4, 25, 16, 0).date())


def test_the_overview_reads_as_much_for_three_plans_as_for_one(people, plan, period):
    with CaptureQueriesContext(connection) as one:
        assert len(overview_for(people["chutich"], now=JULY_1)) == 1
    for _ in range(2):
        published = plan_draft_create(data=SMALL_PLAN)
        plan_publish(
            plan=published, user=people["thuongtruc"], confirm_gaps=True, now=vn(2026, 1, 2, 8)
        )
    with CaptureQueriesContext(connection) as three:
        overview = overview_for(people["chutich"], now=JULY_1)
    assert len(overview) == 3 and len(three) == len(one)
    assert [len(status.overdue) for _plan, status in overview] == [1, 1, 1]


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Decimal("85"), KpiStatus.MET), (Decimal("70"), KpiStatus.NOT_MET), (None, KpiStatus.NO_DATA)],
)
def test_a_kpi_is_met_or_not_by_its_latest_reported_value(plan, period, value, expected):
    indicator = plan.indicators.get()
    KpiValue.objects.create(report=sent(period, finance()), indicator=indicator, value=value)
    assert kpi_statuses(plan)[indicator.pk].status == expected


def test_a_kpi_reported_as_a_ratio_is_compared_as_a_percentage(plan, period):
    indicator = plan.indicators.get()
    KpiValue.objects.create(
        report=sent(period, finance()), indicator=indicator, numerator=9, denominator=10
    )
    standing = kpi_statuses(plan)[indicator.pk]
    assert standing.status == KpiStatus.MET and standing.value == Decimal("90.00")


@pytest.fixture
def conditional(plan):
    task = plan.tasks.get(code="1")
    task.condition = "Sau khi Bộ Tài chính ban hành hướng dẫn"
    task.save()
    return task


def test_a_task_with_a_condition_waits_until_the_office_records_it_met(plan, conditional, people):
    assert plan_status(plan, now=JULY_1).tasks[conditional.pk].status == Status.WAITING
    task_condition_met(task=conditional, on=date(2026, 5, 4), user=people["thuongtruc"], now=JULY_1)
    conditional.refresh_from_db()
    assert conditional.condition_met_on == date(2026, 5, 4)
    assert conditional.history.first().history_user == people["thuongtruc"]
    assert plan_status(plan, now=JULY_1).tasks[conditional.pk].status == Status.OVERDUE


def test_a_condition_cannot_be_met_in_the_future_nor_on_a_task_without_one(
    plan, conditional, people
):
    with pytest.raises(ValidationError, match="tương lai"):
        task_condition_met(
            task=conditional, on=date(2026, 7, 2), user=people["thuongtruc"], now=JULY_1
        )
    with pytest.raises(ValidationError, match="không có điều kiện"):
        task_condition_met(
            task=plan.tasks.get(code="2"),
            on=date(2026, 5, 4),
            user=people["thuongtruc"],
            now=JULY_1,
        )


def test_the_office_records_a_condition_met_with_the_form(login, conditional):
    client = login("thuongtruc")
    url = reverse("reporting:condition_met", args=[conditional.pk])
    assert "Sau khi Bộ Tài chính" in client.get(url).content.decode()
    response = client.post(url, {"on": "04/05/2026"})
    assert response.status_code == 302
    conditional.refresh_from_db()
    assert conditional.condition_met_on == date(2026, 5, 4)


def test_a_focal_officer_cannot_record_a_condition(login, conditional):
    url = reverse("reporting:condition_met", args=[conditional.pk])
    assert login("daumoi").post(url, {"on": "04/05/2026"}).status_code == 403
