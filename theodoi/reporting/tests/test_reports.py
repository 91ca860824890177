"""Opening a body's report and saving it one item (or KPI value) at a time."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from theodoi.bodies.models import Body
from theodoi.plans.models import Assignment
from theodoi.reporting.models import ItemState, Report, ReportItem
from theodoi.reporting.services.reports import (
    kpi_value_save,
    report_item_save,
    report_open,
    reports_open_for_period,
)
from theodoi.reporting.services.workflow import report_submit

from .conftest import month_period, vn


@pytest.fixture
def finance(people):
    return people["daumoi"].body


@pytest.fixture
def opened(period, finance):
    return report_open(period=period, body=finance)


def next_period(period):
    return month_period(period.rule, 4)


def test_it_opens_one_item_per_assigned_task_and_one_value_per_kpi_the_body_leads(opened):
    items = opened.items.select_related("assignment__task")
    assert [(i.assignment.task.code, i.assignment.role) for i in items] == [("1", "lead")]
    assert [v.indicator.code for v in opened.kpi_values.all()] == ["1"]


def test_a_supporting_body_gets_an_item_but_no_kpi_value(period):
    health = Body.objects.get(name="Sở Y tế")
    report = report_open(period=period, body=health)
    assert [i.assignment.role for i in report.items.all()] == ["support"]
    assert not report.kpi_values.exists()


def test_opening_twice_changes_nothing(period, finance, opened):
    again = report_open(period=period, body=finance)
    assert again.pk == opened.pk
    assert again.items.count() == 1 and again.kpi_values.count() == 1


def test_a_new_period_starts_from_the_last_reports_values(period, finance, opened, people):
    item = opened.items.get()
    report_item_save(
        item=item,
        data={
            "state": "in_progress",
            "percent": "40",
            "results": "Đã khảo sát",
            "difficulties": "Thiếu kinh phí",
            "proposals": "Bổ sung vốn",
            "evidence_ref": "12/BC-STC",
            "evidence_date": "05/03/2026",
        },
        user=people["daumoi"],
        seen_version=item.version,
    )
    kpi = opened.kpi_values.get()
    kpi_value_save(
        kpi_value=kpi,
        data={"numerator": "3", "denominator": "4", "note": "Quý I"},
        user=people["daumoi"],
        seen_version=kpi.version,
    )
    april = report_open(period=next_period(period), body=finance)
    carried = april.items.get()
    assert (carried.state, carried.percent, carried.results, carried.evidence_ref) == (
        "in_progress",
        40,
        "Đã khảo sát",
        "12/BC-STC",
    )
    assert carried.evidence_date == date(2026, 3, 5) and carried.proposals == "Bổ sung vốn"
    value = april.kpi_values.get()
    assert (value.value, value.numerator, value.note) == (Decimal("75"), Decimal("3"), "Quý I")


def test_the_board_opens_every_bodys_report_in_a_few_queries(period):
    bodies = set(Assignment.objects.filter(plan=period.plan).values_list("body_id", flat=True))
    with CaptureQueriesContext(connection) as queries:
        assert reports_open_for_period(period=period) == len(bodies)
    assert len(queries) <= 15
    assert Report.objects.filter(period=period).count() == len(bodies) > 50
    assert ReportItem.objects.filter(report__period=period).count() == (
        Assignment.objects.filter(plan=period.plan, task__isnull=False).count()
    )
    reports_open_for_period(period=period)
    assert Report.objects.filter(period=period).count() == len(bodies)


def save(item, user, **data):
    return report_item_save(item=item, data=data, user=user, seen_version=item.version)


def test_a_focal_officer_saves_an_item_and_its_version_moves_on(opened, people):
    item = save(opened.items.get(), people["daumoi"], state="done", percent="100")
    assert item.state == ItemState.DONE and item.version == 2
    assert item.history.first().history_user == people["daumoi"]


@pytest.mark.parametrize("percent", ["101", "-1", "nửa"])
def test_it_refuses_a_percent_outside_0_to_100(opened, people, percent):
    with pytest.raises(ValidationError, match="từ 0 đến 100"):
        save(opened.items.get(), people["daumoi"], percent=percent)


def test_a_bad_date_is_refused_with_a_clear_message_and_nothing_is_saved(opened, people):
    item = opened.items.get()
    with pytest.raises(ValidationError, match="ngày/tháng/năm"):
        save(item, people["daumoi"], results="Mới", evidence_date="31/02/2026")
    item.refresh_from_db()
    assert item.results == "" and item.version == 1


def test_a_submitted_report_cannot_be_changed(opened, people):
    report_submit(report=opened, user=people["daumoi"], now=vn(2026, 3, 20, 8, 0))
    with pytest.raises(ValidationError, match="đã gửi"):
        save(opened.items.get(), people["daumoi"], results="Sửa sau khi gửi")


def test_a_stale_item_is_refused_not_overwritten(opened, people):
    item = opened.items.get()
    save(item, people["lanhdao"], results="Bản của lãnh đạo")
    with pytest.raises(ValidationError, match="Người khác vừa sửa mục này"):
        report_item_save(
            item=item, data={"results": "Bản cũ"}, user=people["daumoi"], seen_version=1
        )
    item.refresh_from_db()
    assert item.results == "Bản của lãnh đạo"


def test_nothing_changes_in_a_locked_period(opened, period, people):
    period.locked_at = vn(2026, 4, 1, 0, 0)
    period.save()
    with pytest.raises(ValidationError, match="khóa sổ"):
        save(opened.items.get(), people["daumoi"], results="Muộn")


def test_an_officer_of_another_body_cannot_save_the_item(opened, people):
    with pytest.raises(PermissionDenied):
        save(opened.items.get(), people["daumoi.yte"], results="Không phải của tôi")


def test_a_rate_kpi_is_computed_from_numerator_and_denominator(opened, people):
    kpi = opened.kpi_values.get()
    kpi = kpi_value_save(
        kpi_value=kpi,
        data={"numerator": "1.234", "denominator": "2.000,0", "note": ""},
        user=people["daumoi"],
        seen_version=1,
    )
    assert kpi.value == Decimal("61.7")


def test_a_kpi_value_must_be_a_number(opened, people):
    with pytest.raises(ValidationError, match="phải là một số"):
        kpi_value_save(
            kpi_value=opened.kpi_values.get(),
            data={"value": "tám mươi"},
            user=people["daumoi"],
            seen_version=1,
        )


def test_a_task_added_later_joins_a_report_being_written_but_not_one_already_sent(
    period, finance, opened, people
):
    task = period.plan.tasks.get(code="2")
    Assignment.objects.create(plan=period.plan, task=task, body=finance, role="support")
    assert report_open(period=period, body=finance).items.count() == 2
    report_submit(report=opened, user=people["daumoi"], now=vn(2026, 3, 20, 8, 0))
    Assignment.objects.create(plan=period.plan, task=task, body=finance, role="lead")
    report_open(period=period, body=finance)
    assert opened.items.count() == 2


def test_nothing_is_opened_in_a_locked_period(period, finance):
    period.locked_at = vn(2026, 4, 1, 0, 0)
    period.save()
    assert report_open(period=period, body=finance) is None
    assert reports_open_for_period(period=period) == 0
    assert not Report.objects.filter(period=period).exists()


def test_an_amendment_that_takes_a_task_from_a_body_keeps_the_report_it_filed(period, people):
    """The amendment closes the body's assignment (a report points to it), never deletes it."""
    import copy

    from theodoi.plans.models import Assignment
    from theodoi.plans.serialize import plan_to_json
    from theodoi.plans.services.amend import plan_amend_apply

    plan = period.plan
    finance = people["daumoi"].body
    report = report_open(period=period, body=finance)
    item = report.items.get(assignment__task__code="1", assignment__role="lead")
    data = copy.deepcopy(plan_to_json(plan))
    data["tasks"][0]["lead"] = ["Sở Nội vụ"]

    plan_amend_apply(plan=plan, data=data, user=people["thuongtruc"])

    item.refresh_from_db()
    assert item.assignment.closed_at is not None and item.assignment.body == finance
    task = item.assignment.task
    assert not Assignment.objects.filter(task=task, body=finance, role="lead").exists()
    assert Assignment.objects.filter(task=task, body__name="Sở Nội vụ", role="lead").exists()
    later = period.plan.periods.exclude(pk=period.pk).order_by("cutoff").last()
    assert (
        not report_open(period=later, body=finance)
        .items.filter(assignment__task=task, assignment__role="lead")
        .exists()
    )
