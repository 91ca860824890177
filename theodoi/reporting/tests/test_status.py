"""The status classes at chosen dates (pure rules, no database)."""

from datetime import date
from decimal import Decimal

import pytest

from theodoi.reporting.status import (
    KpiStatus,
    LeadProgress,
    Status,
    TaskFacts,
    assignment_status,
    kpi_status,
    kpi_status_of_bodies,
    summarize,
    task_status,
    working_days_counter,
)

TET_2026 = [date(2026, 2, d) for d in range(16, 21)]  # 16–20/02/2026, Monday to Friday
DUE = date(2026, 6, 30)  # a Tuesday


def status_on(today, facts, days_off=()):
    counter = working_days_counter(today, days_off)
    return task_status(facts, today=today, working_days_until=counter)


def one(state="", done_on=None, body_id=1, missing=()):
    return LeadProgress(body_id, state, done_on, tuple(missing))


def test_it_counts_working_days_skipping_weekends_and_tet():
    count = working_days_counter(date(2026, 2, 12), TET_2026)
    assert count(date(2026, 2, 12)) == 0
    assert count(date(2026, 2, 13)) == 1
    assert count(date(2026, 2, 23)) == 2  # Friday 13, then Monday 23 after Tết
    assert count(date(2026, 2, 24)) == 3
    assert count(date(2026, 2, 11)) == -1


@pytest.mark.parametrize(
    ("today", "state", "expected"),
    [
        (date(2026, 6, 1), "", Status.NOT_DUE),
        (date(2026, 6, 1), "in_progress", Status.ON_TRACK),
        (date(2026, 6, 24), "in_progress", Status.ON_TRACK),  # Wed: 4 working days left
        (date(2026, 6, 25), "", Status.DUE_SOON),  # Thu: 26, 29, 30 — 3 working days
        (date(2026, 6, 29), "in_progress", Status.DUE_SOON),  # the day before due
        (date(2026, 6, 30), "in_progress", Status.DUE_SOON),  # the due day
        (date(2026, 7, 1), "in_progress", Status.OVERDUE),  # after due
        (date(2026, 7, 1), "", Status.OVERDUE),
    ],
)
def test_an_unfinished_task_is_classed_by_its_due_date(today, state, expected):
    assert status_on(today, TaskFacts(due=DUE, leads=(one(state),))).status == expected


def test_it_is_due_soon_three_working_days_before_across_a_weekend():
    facts = TaskFacts(due=date(2026, 7, 1), leads=(one("in_progress"),))  # a Wednesday
    assert status_on(date(2026, 6, 26), facts).status == Status.DUE_SOON  # Fri: 29, 30, 1
    assert status_on(date(2026, 6, 25), facts).status == Status.ON_TRACK  # Thu: 4 left


def test_it_is_due_soon_three_working_days_before_across_tet_2026():
    facts = TaskFacts(due=date(2026, 2, 24), leads=(one("in_progress"),))
    assert status_on(date(2026, 2, 12), facts, TET_2026).status == Status.DUE_SOON
    assert status_on(date(2026, 2, 11), facts, TET_2026).status == Status.ON_TRACK
    assert status_on(date(2026, 2, 12), facts).status == Status.ON_TRACK  # without Tết: 8 days


def test_a_task_done_by_its_due_date_is_done_on_time_and_after_it_late():
    on_time = TaskFacts(due=DUE, leads=(one("done", DUE),))
    late = TaskFacts(due=DUE, leads=(one("done", date(2026, 7, 2)),))
    assert status_on(date(2026, 7, 10), on_time).status == Status.DONE_ON_TIME
    assert status_on(date(2026, 7, 10), late).status == Status.DONE_LATE


def test_a_task_with_a_condition_waits_until_the_office_records_it_met():
    waiting = TaskFacts(due=DUE, condition="Khi Bộ ban hành hướng dẫn", leads=(one(),))
    assert status_on(date(2026, 7, 10), waiting).status == Status.WAITING
    met = TaskFacts(
        due=DUE,
        condition="Khi Bộ ban hành hướng dẫn",
        condition_met_on=date(2026, 5, 4),
        leads=(one(),),
    )
    assert status_on(date(2026, 7, 10), met).status == Status.OVERDUE


def test_a_recurring_task_is_on_track_while_every_period_is_reported():
    facts = TaskFacts(due=None, recurrence="continuous", leads=(one(body_id=1), one(body_id=2)))
    assert status_on(date(2026, 7, 10), facts).status == Status.ON_TRACK
    behind = TaskFacts(
        due=None,
        recurrence="annual",
        leads=(
            one(body_id=1),
            one(
                body_id=2,
                missing=[(date(2026, 4, 25), "Tháng 4/2026"), (date(2026, 3, 25), "Tháng 3/2026")],
            ),
        ),
    )
    result = status_on(date(2026, 7, 10), behind)
    assert result.status == Status.UNREPORTED
    assert result.missing_period == "Tháng 3/2026"
    assert (result.done_count, result.lead_count) == (1, 2)


def test_a_task_led_by_a_group_is_done_when_every_body_is_and_shows_its_tally():
    leads = tuple(one("done", date(2026, 6, 1), body_id=i) for i in range(87)) + tuple(
        one("in_progress", body_id=100 + i) for i in range(15)
    )
    result = status_on(date(2026, 7, 1), TaskFacts(due=DUE, leads=leads))
    assert result.status == Status.OVERDUE
    assert (result.done_count, result.lead_count, result.is_tally) == (87, 102, True)
    all_done = leads[:87] + tuple(one("done", date(2026, 7, 3), body_id=200 + i) for i in range(15))
    result = status_on(date(2026, 7, 10), TaskFacts(due=DUE, leads=all_done))
    assert result.status == Status.DONE_LATE and result.done_on == date(2026, 7, 3)


def test_an_assignment_is_classed_by_its_own_bodys_progress():
    facts = TaskFacts(due=DUE, leads=(one("done", DUE, 1), one("", None, 2)))
    counter = working_days_counter(date(2026, 7, 1))
    done = assignment_status(
        facts, one("done", DUE, 1), today=date(2026, 7, 1), working_days_until=counter
    )
    behind = assignment_status(
        facts, one("", None, 2), today=date(2026, 7, 1), working_days_until=counter
    )
    assert (done.status, behind.status) == (Status.DONE_ON_TIME, Status.OVERDUE)


def test_rates_count_only_the_tasks_that_have_fallen_due():
    today = date(2026, 7, 1)
    statuses = [
        status_on(today, TaskFacts(due=DUE, leads=(one("done", DUE),))),  # on time, fallen due
        status_on(today, TaskFacts(due=DUE, leads=(one("done", today),))),  # late
        status_on(today, TaskFacts(due=DUE, leads=(one("in_progress"),))),  # overdue
        status_on(today, TaskFacts(due=date(2026, 12, 31), leads=(one("done", DUE),))),  # early
        status_on(today, TaskFacts(due=date(2026, 12, 31), leads=(one(),))),  # not due
    ]
    summary = summarize(statuses)
    assert summary.fallen_due == 3
    assert summary.on_time_rate == Decimal("33.3")
    assert summary.done_rate == Decimal("66.7")
    assert summary.counts[Status.DONE_ON_TIME] == 2 and summary.overdue == 1
    assert summarize([]).on_time_rate is None


@pytest.mark.parametrize(
    ("value", "op", "target", "expected"),
    [
        (Decimal("85"), ">=", Decimal("80"), KpiStatus.MET),
        (Decimal("79.5"), ">=", Decimal("80"), KpiStatus.NOT_MET),
        (Decimal("3"), "<=", Decimal("5"), KpiStatus.MET),
        (Decimal("6"), "<=", Decimal("5"), KpiStatus.NOT_MET),
        (Decimal("100"), "=", Decimal("100"), KpiStatus.MET),
        (None, ">=", Decimal("80"), KpiStatus.NO_DATA),
    ],
)
def test_a_kpi_is_met_or_not_against_its_target(value, op, target, expected):
    assert kpi_status(value, op=op, target=target) == expected


def test_a_kpi_of_several_bodies_is_met_only_when_every_body_reported_and_met():
    target = {"op": ">=", "target": Decimal("80")}
    assert kpi_status_of_bodies([Decimal(90), Decimal(85)], lead_count=2, **target) == KpiStatus.MET
    assert kpi_status_of_bodies([Decimal(90)], lead_count=2, **target) == KpiStatus.NO_DATA
    assert (
        kpi_status_of_bodies([Decimal(90), Decimal(70)], lead_count=2, **target)
        == KpiStatus.NOT_MET
    )
