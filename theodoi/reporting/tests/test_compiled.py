"""The committee's report compiled from the database agrees with plain counts.

One plan published on 02/01/2026, monthly periods (February, March, April) due on the
25th at 16:00; the report of March, read at its cut-off (Wednesday 25/03/2026 16:00)
and the day after. Sở Tài chính and Sở Y tế lead, Sở Xây dựng and Sở Tư pháp support:

- Sở Tài chính: February and March accepted, on time;
- Sở Y tế: February accepted, March accepted but late;
- Sở Xây dựng: March sent, not accepted (its texts must not appear);
- Sở Tư pháp: never sent.

The expected figures are counted here over the rows (items, reports, KPI values),
never by the selectors the report uses.
"""

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from theodoi.bodies.models import Body
from theodoi.plans.models import Assignment, Task
from theodoi.plans.services.drafts import plan_draft_create
from theodoi.plans.services.publish import plan_publish
from theodoi.reporting.models import KpiValue, Period, Report, ReportingRule, ReportItem
from theodoi.reporting.selectors.compiled import report_compile
from theodoi.reporting.status import KpiStatus, Status
from theodoi.reporting.tests.conftest import SMALL_PLAN, month_period, vn

pytestmark = pytest.mark.django_db

FINANCE, HEALTH, BUILDING, JUSTICE = "Sở Tài chính", "Sở Y tế", "Sở Xây dựng", "Sở Tư pháp"
SENT = {"submitted", "approved", "accepted"}
CUTOFF = vn(2026, 3, 25, 16, 0)
DAY_AFTER = vn(2026, 3, 26, 16, 0)


def task(code, lead, *, section="I", due=None, recurrence="", condition="", support=()):
    if recurrence:
        deadline = {"text": "Thường xuyên", "recurrence": recurrence}
    else:
        deadline = {"text": f"{due:%d/%m/%Y}", "due": due.isoformat()}
    return {
        "section": section,
        "code": code,
        "title": f"Nhiệm vụ {code}",
        "lead": lead,
        "support": list(support),
        "deadline": deadline,
        "deliverable": "Báo cáo",
        **({"condition": condition} if condition else {}),
    }


def indicator(code, lead, op, value, unit="%"):
    return {
        "code": code,
        "name": f"Chỉ tiêu {code}",
        "unit": unit,
        "target": {"text": f"{op} {value}", "op": op, "value": value},
        "lead": lead,
        "support": [],
    }


TASKS = [
    task("1", [FINANCE], due=date(2026, 2, 27)),  # done on time (February)
    task("2", [FINANCE], due=date(2026, 3, 10), support=[JUSTICE]),  # overdue
    task("3", [HEALTH], due=date(2026, 3, 25)),  # due on the cut-off day: overdue the day after
    task("4", [FINANCE], section="II", due=date(2026, 4, 20), support=[BUILDING]),  # next period
    task("5", [HEALTH], section="II", due=date(2026, 5, 10)),  # beyond the next period
    task("6", [FINANCE], section="II", due=date(2026, 6, 30), condition="Khi có kinh phí"),
    task("7", [FINANCE], section="II", recurrence="continuous"),
    task("8", [FINANCE], section="II", due=date(2026, 3, 20)),  # done late (in March)
    task("9", [HEALTH], section="II", due=date(2026, 4, 24)),  # next period, done already
]
INDICATORS = [
    indicator("1", [FINANCE], ">=", 80),  # 85: met
    indicator("2", [HEALTH], ">=", 50),  # 40: not met
    indicator("3", [FINANCE], "<=", 5, unit="ngày"),  # no value: no data
]
SECTIONS = [
    {"code": "I", "path": "I", "title": "Phần một"},
    {"code": "II", "path": "II", "title": "Phần hai"},
]

# (body, period month) -> (state, sent on, late, {task: (state, done on, results,
# difficulties, proposals)}, {KPI: value})
REPORTS = {
    (FINANCE, 2): (
        "accepted",
        vn(2026, 2, 24, 9),
        False,
        {
            "1": ("done", date(2026, 2, 20), "Đã xong kho", "", ""),
            "2": ("in_progress", None, "Tháng hai", "", ""),
            "7": ("in_progress", None, "", "", ""),
        },
        {"1": Decimal(70)},
    ),
    (HEALTH, 2): ("accepted", vn(2026, 2, 25, 9), False, {}, {}),
    (FINANCE, 3): (
        "accepted",
        vn(2026, 3, 24, 9),
        False,
        {
            "2": ("in_progress", None, "Đang soạn quy chế", "Thiếu nhân lực", "Bổ sung biên chế"),
            "4": ("in_progress", None, "Đã khảo sát", "", "Cấp kinh phí"),
            "7": ("in_progress", None, "Số hóa 40%", "Máy chủ cũ", ""),
            "8": ("done", date(2026, 3, 22), "Đã ban hành", "", ""),
        },
        {"1": Decimal(85)},
    ),
    (HEALTH, 3): (
        "accepted",
        vn(2026, 3, 26, 8),
        True,
        {
            "3": ("in_progress", None, "Đang thẩm định", "Hồ sơ chậm", ""),
            "9": ("done", date(2026, 3, 20), "Xong sớm", "", "Khen thưởng"),
        },
        {"2": Decimal(40)},
    ),
    (BUILDING, 3): (
        "submitted",
        vn(2026, 3, 25, 9),
        False,
        {"4": ("in_progress", None, "Chưa tiếp nhận", "Không được in", "Không được in")},
        {},
    ),
}


def build_plan(people, *, tasks=TASKS, indicators=INDICATORS, reports=REPORTS, title="Kế hoạch"):
    data = {**SMALL_PLAN, "document": {**SMALL_PLAN["document"], "title": title}}
    data = {**data, "sections": SECTIONS, "tasks": tasks, "indicators": indicators}
    plan = plan_draft_create(data=data)
    plan_publish(plan=plan, user=people["thuongtruc"], confirm_gaps=True, now=vn(2026, 1, 2, 8))
    ReportingRule.objects.filter(plan=plan).delete()
    rule = ReportingRule.objects.create(
        plan=plan, frequency="monthly", due_day=25, due_time="16:00"
    )
    periods = {month: month_period(rule, month) for month in (2, 3, 4)}
    for (name, month), (state, sent_on, late, items, values) in reports.items():
        body = Body.objects.get(name=name)
        report = Report.objects.create(
            period=periods[month],
            body=body,
            state=state,
            version=2,
            submitted_at=sent_on,
            late=late,
        )
        for code, (item_state, done_on, results, difficulties, proposals) in items.items():
            ReportItem.objects.create(
                report=report,
                assignment=Assignment.objects.get(task__plan=plan, task__code=code, body=body),
                state=item_state,
                done_on=done_on,
                results=results,
                difficulties=difficulties,
                proposals=proposals,
            )
        for code, value in values.items():
            KpiValue.objects.create(
                report=report,
                indicator=plan.indicators.get(code=code),
                value=value,
            )
    return plan, periods


@pytest.fixture
def compiled_plan(people):
    return build_plan(people)


# --- The independent count ------------------------------------------------------


def weekdays_after(today: date, due: date) -> int:
    """Working days after today up to due (no holidays in late March 2026)."""
    return sum((today + timedelta(days=n)).weekday() < 5 for n in range(1, (due - today).days + 1))


def expected_classes(plan, moment) -> Counter:
    """Each open task's class by the Government Office's rules, counted over every item
    of the sent reports (each lead's latest, as the pages take it)."""
    today = moment.date()
    latest = {}
    for item in ReportItem.objects.filter(report__period__plan=plan).select_related(
        "report__period", "assignment"
    ):
        if item.report.state in SENT and item.assignment.role == "lead":
            key = item.report.period.cutoff
            if item.assignment_id not in latest or key > latest[item.assignment_id][0]:
                latest[item.assignment_id] = (key, item)
    owed = [p for p in Period.objects.filter(plan=plan) if p.cutoff <= moment]
    sent = {
        (r.body_id, r.period_id)
        for r in Report.objects.filter(period__plan=plan)
        if r.state in SENT
    }
    counts = Counter()
    for task in Task.objects.filter(plan=plan):
        leads = list(Assignment.objects.filter(task=task, role="lead"))
        items = [latest[a.pk][1] for a in leads if a.pk in latest]
        done = [i for i in items if i.state == "done"]
        if task.condition:
            status = Status.WAITING
        elif task.recurrence:
            behind = any((a.body_id, p.pk) not in sent for a in leads for p in owed)
            status = Status.UNREPORTED if behind else Status.ON_TRACK
        elif len(done) == len(leads):
            late = max(i.done_on for i in done) > task.due
            status = Status.DONE_LATE if late else Status.DONE_ON_TIME
        elif task.due < today:
            status = Status.OVERDUE
        elif weekdays_after(today, task.due) <= 3:
            status = Status.DUE_SOON
        elif items:
            status = Status.ON_TRACK
        else:
            status = Status.NOT_DUE
        counts[status] += 1
    return counts


def accepted_items(plan, period):
    return [
        item
        for item in ReportItem.objects.filter(report__period=period).select_related(
            "report__body", "assignment__task__section"
        )
        if item.report.state == "accepted"
    ]


def document_order(item):
    return (item.assignment.task.section.position, item.assignment.task.position)


# --- The tests ------------------------------------------------------------------


@pytest.mark.parametrize("moment", [CUTOFF, DAY_AFTER], ids=["cut-off", "day-after"])
def test_task_classes_and_change_agree_with_a_plain_count(compiled_plan, moment):
    plan, periods = compiled_plan
    found = report_compile(plan, period=periods[3], now=moment)
    now_counts = expected_classes(plan, moment)
    before = expected_classes(plan, periods[2].cutoff)
    assert {c.status: c.count for c in found.classes} == {s: now_counts[s] for s in Status}
    assert {c.status: c.change for c in found.classes} == {
        s: now_counts[s] - before[s] for s in Status
    }
    assert found.total == sum(now_counts.values()) == 9
    assert found.previous_total == sum(before.values())
    assert (found.previous_label, found.period_label, found.next_label) == (
        "Tháng 2/2026",
        "Tháng 3/2026",
        "Tháng 4/2026",
    )
    # Task 3 is due on the cut-off day: due soon then, overdue the day after.
    expected = Status.DUE_SOON if moment == CUTOFF else Status.OVERDUE
    assert now_counts[expected] >= 1
    assert (now_counts[Status.DONE_ON_TIME], now_counts[Status.DONE_LATE]) == (2, 1)


def test_the_default_moment_is_the_cutoff(compiled_plan):
    plan, periods = compiled_plan
    found = report_compile(plan, period=periods[3])
    assert found.as_of == periods[3].cutoff
    assert found.classes == report_compile(plan, period=periods[3], now=CUTOFF).classes


def test_first_period_has_no_change(compiled_plan):
    plan, periods = compiled_plan
    found = report_compile(plan, period=periods[2])
    assert found.previous_label is None and found.previous_total is None
    assert all(c.previous is None and c.change is None for c in found.classes)


def test_kpis_agree_with_the_latest_values(compiled_plan):
    plan, periods = compiled_plan
    found = report_compile(plan, period=periods[3], now=CUTOFF)
    latest = {}
    for row in KpiValue.objects.filter(indicator__plan=plan).select_related(
        "report__period", "indicator"
    ):
        if row.report.state in SENT:
            code = row.indicator.code
            if code not in latest or row.report.period.cutoff > latest[code][0]:
                latest[code] = (row.report.period.cutoff, row.value)
    rows = {k.code: k for k in found.kpis}
    assert list(rows) == ["1", "2", "3"]
    for indicator in plan.indicators.all():
        row = rows[indicator.code]
        value = latest.get(indicator.code, (None, None))[1]
        assert (row.name, row.unit, row.target, row.value) == (
            indicator.name,
            indicator.unit,
            indicator.target_text,
            value,
        )
        if value is None:
            assert row.status == KpiStatus.NO_DATA
        else:
            met = value >= indicator.target_value
            assert row.status == (KpiStatus.MET if met else KpiStatus.NOT_MET)
    assert [rows[c].label for c in "123"] == ["Đạt", "Chưa đạt", "Chưa có số liệu"]


def test_texts_come_from_accepted_reports_only_in_document_order(compiled_plan):
    plan, periods = compiled_plan
    found = report_compile(plan, period=periods[3], now=CUTOFF)
    items = sorted(accepted_items(plan, periods[3]), key=document_order)
    for section in found.sections:
        expected = [
            (i.report.body.name, i.assignment.task.code, i.results)
            for i in items
            if i.assignment.task.section.code == section.code and i.results
        ]
        assert [(p.body, p.task_code, p.text) for p in section.passages] == expected
    assert [s.code for s in found.sections] == ["I", "II"]
    texts = [p.text for s in found.sections for p in s.passages]
    assert "Chưa tiếp nhận" not in texts  # Sở Xây dựng's report was not accepted
    assert "Tháng hai" not in texts  # another period's

    for field, groups in (("difficulties", found.difficulties), ("proposals", found.proposals)):
        expected = {}
        for item in items:
            if getattr(item, field):
                expected.setdefault(item.report.body.name, []).append(
                    (item.assignment.task.code, getattr(item, field))
                )
        assert {g.body: [(p.task_code, p.text) for p in g.passages] for g in groups} == expected
        assert "Không được in" not in [p.text for g in groups for p in g.passages]
    assert [g.body for g in found.difficulties] == list(
        Body.objects.filter(name__in=[FINANCE, HEALTH])
        .order_by("kind", "name")
        .values_list("name", flat=True)
    )


def test_discipline_by_name(compiled_plan):
    plan, periods = compiled_plan
    found = report_compile(plan, period=periods[3], now=CUTOFF).discipline
    expected = list(
        Body.objects.filter(assignments__plan=plan)
        .distinct()
        .order_by("kind", "name")
        .values_list("name", flat=True)
    )
    assert list(found.expected) == expected
    assert set(expected) == {FINANCE, HEALTH, BUILDING, JUSTICE}
    reports = {r.body.name: r for r in Report.objects.filter(period=periods[3])}
    assert set(found.on_time) == {n for n, r in reports.items() if r.state in SENT and not r.late}
    assert set(found.late) == {n for n, r in reports.items() if r.state in SENT and r.late}
    assert set(found.not_sent) == set(expected) - set(reports)
    assert (set(found.on_time), found.late, found.not_sent) == (
        {FINANCE, BUILDING},
        (HEALTH,),
        (JUSTICE,),
    )


@pytest.mark.parametrize("moment", [CUTOFF, DAY_AFTER], ids=["cut-off", "day-after"])
def test_next_period_tasks_and_overdue_appendix(compiled_plan, moment):
    plan, periods = compiled_plan
    found = report_compile(plan, period=periods[3], now=moment)
    today = moment.date()
    horizon = periods[4].cutoff.date()
    done = {
        i.assignment.task.code
        for i in ReportItem.objects.filter(report__period__plan=plan, state="done")
    }
    expected = sorted(
        (t.due, t.code)
        for t in Task.objects.filter(plan=plan, due__isnull=False, condition="")
        if today < t.due <= horizon and t.code not in done
    )
    assert [(t.due, t.code) for t in found.next_tasks] == expected == [(date(2026, 4, 20), "4")]
    assert found.next_tasks[0].leads == (FINANCE,)

    overdue = sorted(
        (t.due, t.code)
        for t in Task.objects.filter(plan=plan, due__isnull=False, condition="")
        if t.due < today and t.code not in done
    )
    assert [(t.due, t.code) for t in found.overdue] == overdue
    for line in found.overdue:
        assert line.days_late == (today - line.due).days
        lead = Assignment.objects.get(task__plan=plan, task__code=line.code, role="lead")
        assert line.leads == (lead.body.name,)
    codes = [line.code for line in found.overdue]
    assert codes == (["2"] if moment == CUTOFF else ["2", "3"])


def test_without_next_period_the_next_month_is_shown(compiled_plan):
    plan, periods = compiled_plan
    periods[4].delete()
    found = report_compile(plan, period=periods[3], now=CUTOFF)
    assert found.next_label is None
    # Up to 25/04: task 4 (20/04); task 9 is done.
    assert [t.code for t in found.next_tasks] == ["4"]


def test_status_matrix(compiled_plan):
    plan, periods = compiled_plan
    found = report_compile(plan, period=periods[3], now=CUTOFF).matrix
    assert found.periods == ("Tháng 2/2026", "Tháng 3/2026")
    cells = {row.body: row.states for row in found.rows}
    expected = {}
    for name in cells:
        states = []
        for month in (2, 3):
            state = REPORTS.get((name, month), ("not-started",))[0]
            states.append(state)
        expected[name] = tuple(states)
    assert cells == expected
    assert cells[JUSTICE] == ("not-started", "not-started")
    row = next(r for r in found.rows if r.body == BUILDING)
    assert row.labels == ("Chưa bắt đầu", "Đã gửi")


TEN = [
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Tài chính",
    "Sở Công Thương",
    "Sở Nông nghiệp và Môi trường",
    "Sở Xây dựng",
    "Sở Khoa học và Công nghệ",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Sở Dân tộc và Tôn giáo",
]


def plan_with_bodies(people, names):
    tasks = [
        task("1", names[:1], due=date(2026, 3, 10), support=names[1:]),
        task("2", names, due=date(2026, 4, 20)),
        task("3", names, section="II", recurrence="continuous"),
    ]
    reports = {
        (name, 3): (
            "accepted",
            vn(2026, 3, 24, 9),
            n % 2 == 1,
            {"2": ("in_progress", None, f"Kết quả {n}", f"Khó khăn {n}", f"Đề xuất {n}")},
            {"1": Decimal(90)},
        )
        for n, name in enumerate(names)
    }
    return build_plan(
        people,
        tasks=tasks,
        indicators=[indicator("1", names, ">=", 80)],
        reports=reports,
        title=f"Kế hoạch {len(names)}",
    )


def test_query_count_does_not_grow_with_the_bodies(people, django_assert_max_num_queries):
    small, small_periods = plan_with_bodies(people, [FINANCE, HEALTH])
    large, large_periods = plan_with_bodies(people, TEN)
    with CaptureQueriesContext(connection) as few:
        found = report_compile(small, period=small_periods[3], now=CUTOFF)
    assert len(found.discipline.expected) == 2
    with django_assert_max_num_queries(len(few)) as many:
        found = report_compile(large, period=large_periods[3], now=CUTOFF)
    assert len(found.discipline.expected) == 10
    assert len(found.difficulties) == 10
    assert len(many) == len(few) <= 30
