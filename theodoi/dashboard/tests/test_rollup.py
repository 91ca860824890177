"""The stored figures of each period equal what the reports say, counted here again
from the rows the factory wrote (never from the code under test), and follow a report
that moves and the scheduler's tick."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from theodoi.core import clock
from theodoi.dashboard.models import BodyPeriodStat, KpiPoint, PeriodSnapshot
from theodoi.dashboard.services.rollup import period_rollup
from theodoi.dashboard.tests.factories import plan_with_history, rollup_all, vn
from theodoi.notify.services.schedule import tick
from theodoi.plans.models import Assignment
from theodoi.plans.services.drafts import plan_draft_create
from theodoi.plans.services.publish import plan_publish
from theodoi.reporting.models import Holiday, KpiValue, Report, ReportItem, ReportState
from theodoi.reporting.services.workflow import report_accept, report_submit
from theodoi.reporting.tests.conftest import SMALL_PLAN

pytestmark = pytest.mark.django_db

SENT = {"submitted", "approved", "accepted"}


@pytest.fixture
def history(people):
    found = plan_with_history(people)
    rollup_all(found.plan, now=found.now)
    return found


# --- an independent count ---------------------------------------------------------


def latest_items(plan, cutoff) -> dict[int, ReportItem]:
    """Lead assignment id -> its latest item in a sent report of a period up to ``cutoff``."""
    latest: dict[int, ReportItem] = {}
    items = ReportItem.objects.filter(
        report__period__plan=plan, report__period__cutoff__lte=cutoff, report__state__in=SENT
    ).select_related("report__period")
    for item in items:
        key = (item.report.period.cutoff, item.report.submitted_at)
        before = latest.get(item.assignment_id)
        if before is None or key > (before.report.period.cutoff, before.report.submitted_at):
            latest[item.assignment_id] = item
    return latest


def working_days_after(day: date, due: date) -> int:
    off = set(Holiday.objects.filter(kind="off").values_list("date", flat=True))
    extra = set(Holiday.objects.filter(kind="working").values_list("date", flat=True))
    days = [day + timedelta(n) for n in range(1, (due - day).days + 1)]
    return sum(d in extra or (d.weekday() < 5 and d not in off) for d in days)


def classify(due: date, items: list, day: date) -> str:
    """A task's class from its leads' latest items (None: never reported)."""
    if items and all(i is not None and i.state == "done" for i in items):
        return "done-late" if max(i.done_on for i in items) > due else "done-on-time"
    if due < day:
        return "overdue"
    if working_days_after(day, due) <= 3:
        return "due-soon"
    return "on-track" if any(i is not None for i in items) else "not-due"


def leads_of(task) -> list[Assignment]:
    return list(task.assignments.filter(role="lead").order_by("pk"))


def expected_classes(history, period, *, day=None) -> tuple[dict[str, int], dict[int, str]]:
    day = day or clock.today(period.cutoff)
    latest = latest_items(history.plan, period.cutoff)
    classes: dict[str, int] = {}
    of_task = {}
    for task in history.tasks.values():
        found = classify(task.due, [latest.get(a.pk) for a in leads_of(task)], day)
        classes[found] = classes.get(found, 0) + 1
        of_task[task.pk] = found
    return classes, of_task


def closed(history):
    return [p for p in history.periods if p.cutoff <= history.now]


# --- the snapshot -----------------------------------------------------------------


def test_the_classes_at_each_cutoff_are_those_the_reports_give(history):
    for period in closed(history):
        snapshot = PeriodSnapshot.objects.get(period=period)
        classes, _tasks = expected_classes(history, period)
        stored = {status: n for status, n in snapshot.classes.items() if n}
        assert stored == classes, period.label
        assert snapshot.total == len(history.tasks)
        assert snapshot.as_of == period.cutoff
    assert PeriodSnapshot.objects.get(period=history.periods[-1]).as_of == history.now


def test_the_months_read_as_the_story_goes(history):
    """The factory's story, read by hand: in March two tasks are behind, in May the
    store is done on time, the reform done late and the mid-term review overdue."""
    march, may = history.periods[2], history.periods[4]
    assert PeriodSnapshot.objects.get(period=march).classes["overdue"] == 2
    classes = PeriodSnapshot.objects.get(period=may).classes
    assert (classes["done-on-time"], classes["done-late"], classes["overdue"]) == (1, 1, 2)


def test_an_overdue_task_has_its_days_late_leads_and_last_reported_text(history):
    for period in closed(history):
        _classes, of_task = expected_classes(history, period)
        day = clock.today(period.cutoff)
        late = sorted(
            (t for t in history.tasks.values() if of_task[t.pk] == "overdue"),
            key=lambda t: (t.due, t.position),
        )
        stored = PeriodSnapshot.objects.get(period=period).overdue
        assert [entry["task"] for entry in stored] == [t.pk for t in late], period.label
        for entry, task in zip(stored, late, strict=True):
            assert entry["days_late"] == (day - task.due).days
            assert entry["due"] == task.due.isoformat()
            assert [body_id for body_id, _name in entry["leads"]] == [
                a.body_id for a in leads_of(task)
            ]
            said = (
                ReportItem.objects.filter(
                    assignment__in=leads_of(task),
                    report__state__in=SENT,
                    report__period__cutoff__lte=period.cutoff,
                )
                .exclude(results="")
                .order_by("-report__period__cutoff", "-report__submitted_at")
                .first()
            )
            assert entry["last_report"] == (said.results if said else "")
    may = PeriodSnapshot.objects.get(period=history.periods[4]).overdue
    review = next(e for e in may if e["task"] == history.tasks["danh_gia"].pk)
    # Nothing written in April: March's words; nothing sent by Sở Y tế in May.
    assert (review["days_late"], review["last_report"]) == (5, "Đang triển khai tháng 3")


# --- each body --------------------------------------------------------------------


def test_each_body_expected_sent_and_on_time_as_its_reports_say(history):
    working = set(Assignment.objects.filter(plan=history.plan).values_list("body_id", flat=True))
    for period in history.periods:
        reports = {r.body_id: r for r in Report.objects.filter(period=period)}
        stats = {s.body_id: s for s in BodyPeriodStat.objects.filter(period=period)}
        assert set(stats) == working, period.label
        for body_id, stat in stats.items():
            report = reports.get(body_id)
            sent = report is not None and report.state in SENT
            assert stat.expected
            assert (stat.sent, stat.on_time) == (sent, sent and not report.late)
            assert stat.sent_at == (report.submitted_at if sent else None)
    commune = history.bodies["xa"].pk
    states = [BodyPeriodStat.objects.get(period=p, body_id=commune).state for p in history.periods]
    assert states == ["accepted", "not-started", "draft", "accepted", "returned", "not-started"]


def test_each_body_task_counts_as_of_the_cutoff(history):
    for period in closed(history):
        day = clock.today(period.cutoff)
        latest = latest_items(history.plan, period.cutoff)
        counts: dict[int, list[int]] = {}
        for task in history.tasks.values():
            for a in leads_of(task):
                found = classify(task.due, [latest.get(a.pk)], day)
                row = counts.setdefault(a.body_id, [0, 0, 0, 0])
                fallen_due = task.due <= day
                row[0] += fallen_due
                row[1] += fallen_due and found.startswith("done")
                row[2] += fallen_due and found == "done-on-time"
                row[3] += found == "overdue"
        for stat in BodyPeriodStat.objects.filter(period=period):
            stored = [
                stat.tasks_fallen_due,
                stat.tasks_done,
                stat.tasks_done_on_time,
                stat.tasks_overdue,
            ]
            assert stored == counts.get(stat.body_id, [0, 0, 0, 0]), (period.label, stat.body_id)


def test_each_body_kpis_met_and_assessed_in_its_report(history):
    for period in history.periods:
        values = KpiValue.objects.filter(report__period=period, report__state__in=SENT)
        expected: dict[int, list[int]] = {}
        for row in values.select_related("report", "indicator"):
            met = row.value >= row.indicator.target_value
            counts = expected.setdefault(row.report.body_id, [0, 0])
            counts[0] += met
            counts[1] += 1
        for stat in BodyPeriodStat.objects.filter(period=period):
            stored = [stat.kpis_met, stat.kpis_assessed]
            assert stored == expected.get(stat.body_id, [0, 0]), (period.label, stat.body_id)


# --- the KPIs ---------------------------------------------------------------------


def test_each_kpi_point_from_the_sent_values_of_the_period(history):
    count, rate = history.kpis["ho_so"], history.kpis["ty_le"]
    for period in history.periods:
        sent = KpiValue.objects.filter(report__period=period, report__state__in=SENT)
        counted = list(sent.filter(indicator=count))
        point = KpiPoint.objects.get(period=period, indicator=count)
        assert point.bodies_reported == len(counted)
        assert point.value == (counted[0].value if len(counted) == 1 else None)
        parts = list(sent.filter(indicator=rate))
        point = KpiPoint.objects.get(period=period, indicator=rate)
        assert point.bodies_reported == len(parts)
        if not parts:
            assert point.value is None
            continue
        numerator = sum(p.numerator for p in parts)
        denominator = sum(p.denominator for p in parts)
        assert (point.numerator, point.denominator) == (numerator, denominator)
        assert point.value == (100 * numerator / denominator).quantize(Decimal("0.01"))
    april = KpiPoint.objects.get(period=history.periods[3], indicator=rate)
    assert (april.numerator, april.denominator, april.value) == (100, 150, Decimal("66.67"))


# --- following the reports and the days ---------------------------------------------


def test_a_report_that_moves_updates_its_rows(history, people, django_capture_on_commit_callbacks):
    may = history.periods[4]
    report = Report.objects.get(period=may, body=history.bodies["xa"])
    moment = history.now
    with django_capture_on_commit_callbacks(execute=True):
        report_submit(report=report, user=people["daumoi.xa"], now=moment)
    stat = BodyPeriodStat.objects.get(period=may, body=history.bodies["xa"])
    report.refresh_from_db()
    assert (stat.sent, stat.on_time, stat.sent_at, stat.state) == (
        True,
        False,
        report.submitted_at,
        report.state,
    )
    assert report.state == ReportState.APPROVED  # the commune has no head: sent straight on
    with django_capture_on_commit_callbacks(execute=True):
        report_accept(report=report, user=people["thuongtruc"], now=moment)
    assert BodyPeriodStat.objects.get(period=may, body=history.bodies["xa"]).state == "accepted"


def test_a_late_report_moves_the_later_periods_too(
    history, people, django_capture_on_commit_callbacks
):
    """Sở Y tế's May, sent in June, says the digitisation is done: June's open period
    counts it done (late) too."""
    may, june = history.periods[4], history.periods[5]
    report = Report.objects.create(period=may, body=history.bodies["y_te"], version=2)
    item = ReportItem.objects.get(
        report__period=history.periods[3], assignment__task=history.tasks["so_hoa"]
    )
    ReportItem.objects.create(
        report=report,
        assignment=item.assignment,
        state="done",
        percent=100,
        done_on=date(2026, 6, 1),
        results="Xong",
        evidence_ref="1/BC",
    )
    with django_capture_on_commit_callbacks(execute=True):
        report_submit(report=report, user=people["daumoi.yte"], now=history.now)
    for period, day in ((may, may.cutoff), (june, history.now)):
        snapshot = PeriodSnapshot.objects.get(period=period)
        assert history.tasks["so_hoa"].pk not in [e["task"] for e in snapshot.overdue]
        classes, _tasks = expected_classes(history, period, day=clock.today(day))
        assert {status: n for status, n in snapshot.classes.items() if n} == classes


def test_sends_leave_the_rollup_to_the_worker_once_per_period(
    history, people, settings, django_capture_on_commit_callbacks
):
    """With the database queue (production), a send computes nothing in its request:
    one task per period is queued, however many reports of it are sent meanwhile."""
    from django_tasks_db.models import DBTaskResult

    from theodoi.dashboard.receivers import on_report_moved, rollup_after_report

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "email"]}
    }
    may = history.periods[4]
    report = Report.objects.get(period=may, body=history.bodies["xa"])

    def sent() -> bool:
        return BodyPeriodStat.objects.get(period=may, body=history.bodies["xa"]).sent

    with django_capture_on_commit_callbacks(execute=True):
        report_submit(report=report, user=people["daumoi.xa"], now=history.now)
    for other in Report.objects.filter(period=may).exclude(pk=report.pk):  # sent meanwhile
        on_report_moved(Report, report=other, now=history.now)
    waiting = DBTaskResult.objects.ready().filter(task_path=rollup_after_report.module_path)
    assert [task.args_kwargs["args"][0] for task in waiting] == [may.pk]
    assert not sent()  # nothing recomputed yet
    assert rollup_after_report.call(may.pk, history.now.isoformat()) >= 1  # what the worker runs
    assert sent()


def test_a_failing_rollup_never_stops_the_report_step(
    history, people, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def broken(period, *, now=None):
        raise RuntimeError("hỏng")

    monkeypatch.setattr("theodoi.dashboard.services.rollup.period_rollup", broken)
    report = Report.objects.get(period=history.periods[4], body=history.bodies["xa"])
    with django_capture_on_commit_callbacks(execute=True):
        report_submit(report=report, user=people["daumoi.xa"], now=history.now)
    report.refresh_from_db()
    assert report.state == ReportState.APPROVED
    assert "rollup of period" in caplog.text


def test_a_publication_computes_its_periods(people, django_capture_on_commit_callbacks):
    plan = plan_draft_create(data=SMALL_PLAN)
    with django_capture_on_commit_callbacks(execute=True):
        plan_publish(plan=plan, user=people["thuongtruc"], confirm_gaps=True, now=vn(2026, 1, 2))
    periods = plan.periods.count()
    assert periods and PeriodSnapshot.objects.filter(plan=plan).count() == periods


def test_the_tick_recomputes_the_recent_periods(history, people):
    april, may, june = history.periods[3], history.periods[4], history.periods[5]
    computed = PeriodSnapshot.objects.get(period=april).computed_at
    Report.objects.create(  # written without a step: no signal
        period=june,
        body=history.bodies["y_te"],
        state=ReportState.ACCEPTED,
        submitted_at=history.now,
        version=2,
    )
    Report.objects.filter(period=may, body=history.bodies["xa"]).update(
        state=ReportState.ACCEPTED, submitted_at=history.now, late=True
    )
    tick(now=history.now + timedelta(minutes=11))
    assert BodyPeriodStat.objects.get(period=june, body=history.bodies["y_te"]).sent
    assert BodyPeriodStat.objects.get(period=may, body=history.bodies["xa"]).sent
    assert PeriodSnapshot.objects.get(period=april).computed_at == computed  # too old to move
    assert PeriodSnapshot.objects.get(period=june).as_of == history.now + timedelta(minutes=11)


def test_the_command_recomputes_a_plan(history, capsys):
    PeriodSnapshot.objects.filter(plan=history.plan).delete()
    call_command("dashboard", "--refresh", "--plan", str(history.plan.pk))
    assert PeriodSnapshot.objects.filter(plan=history.plan).count() == len(history.periods)
    assert f"6/6 kế hoạch {history.plan.pk}" in capsys.readouterr().out


def test_a_period_takes_the_same_queries_for_10_or_60_bodies(people):
    counts = []
    for extra in (10, 60):
        found = plan_with_history(people, extra_bodies=extra)
        with CaptureQueriesContext(connection) as queries:
            period_rollup(found.periods[4], now=found.now)
        counts.append(len(queries))
        assert BodyPeriodStat.objects.filter(period=found.periods[4]).count() == 3 + extra
    assert counts[0] == counts[1] <= 30  # the reads, the writes, the forecasts, the year
