"""The committee's report over a span of periods and several plans agrees with plain
counts, and whom a proposal is addressed to.

The plan of ``test_compiled`` (monthly periods February, March, April, due on the 25th
at 16:00), with a January period before them and a May one after, and April's
reports: Sở Tài chính accepted on time (task 4 done), Sở Y tế accepted on time. The
span is February–April ("Quý I" of a plan whose quarters start in February):

- Sở Tài chính: every report accepted on time → on time;
- Sở Y tế: every report accepted, March's late → late;
- Sở Xây dựng: March sent only → not sent (February and April are missing);
- Sở Tư pháp: never sent → not sent.

Every expected figure is counted here over the rows created (items, reports),
never by the selectors the report uses.
"""

from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from theodoi.bodies.models import Body
from theodoi.plans.models import Assignment, Task
from theodoi.reporting.models import Period, Report, ReportingRule, ReportItem
from theodoi.reporting.selectors.compiled import (
    periods_within,
    proposal_addressee,
    report_compile,
    report_compile_span,
)
from theodoi.reporting.status import Status
from theodoi.reporting.tests.conftest import month_period, vn
from theodoi.reporting.tests.test_compiled import (
    BUILDING,
    CUTOFF,
    DAY_AFTER,
    FINANCE,
    HEALTH,
    JUSTICE,
    REPORTS,
    SENT,
    TASKS,
    TEN,
    build_plan,
    expected_classes,
    plan_with_bodies,
)

pytestmark = pytest.mark.django_db

APRIL = {
    (FINANCE, 4): (
        "accepted",
        vn(2026, 4, 24, 9),
        False,
        {
            "2": ("in_progress", None, "Đã trình quy chế", "", "Đề nghị UBND tỉnh bố trí kinh phí"),
            "4": ("done", date(2026, 4, 18), "Đã hoàn thành", "Chậm giải ngân", ""),
            "7": (
                "in_progress",
                None,
                "Số hóa 60%",
                "",
                "Kiến nghị Ủy ban nhân dân tỉnh An Giang xem xét bổ sung máy chủ",
            ),
        },
        {"1": Decimal(90)},
    ),
    (HEALTH, 4): (
        "accepted",
        vn(2026, 4, 23, 9),
        False,
        {"3": ("in_progress", None, "Đã thẩm định", "", "Đề nghị Bộ Y tế hướng dẫn")},
        {},
    ),
}
SPAN_REPORTS = {**REPORTS, **APRIL}
# Whom each proposal of SPAN_REPORTS is addressed to, read by a person.
ADDRESSEES = {
    "Bổ sung biên chế": "Khác",
    "Cấp kinh phí": "Khác",
    "Khen thưởng": "Khác",
    "Đề nghị UBND tỉnh bố trí kinh phí": "UBND tỉnh",
    "Kiến nghị Ủy ban nhân dân tỉnh An Giang xem xét bổ sung máy chủ": "UBND tỉnh",
    "Đề nghị Bộ Y tế hướng dẫn": "Bộ Y tế",
}


def with_months(plan, periods, *months):
    """The plan's periods, with those of ``months`` added (January before, May after)."""
    rule = ReportingRule.objects.get(plan=plan)
    return {**periods, **{month: month_period(rule, month) for month in months}}


@pytest.fixture
def span_plan(people):
    plan, periods = build_plan(people, reports=SPAN_REPORTS)
    return plan, with_months(plan, periods, 1, 5)


def first_quarter(plans):
    """February–April: the periods whose figures end on the 14th of those months."""
    return periods_within(plans, start=date(2026, 2, 1), end=date(2026, 4, 30))


def accepted_texts(plans, periods, field):
    """(body, task, text) of the non-empty ``field`` of the accepted items of
    ``periods``, period after period, each in document order."""
    items = [
        item
        for item in ReportItem.objects.filter(
            report__period__in=periods, assignment__task__plan__in=plans
        ).select_related("report__body", "report__period", "assignment__task__section")
        if item.report.state == "accepted" and getattr(item, field)
    ]
    items.sort(
        key=lambda i: (
            i.report.period.cutoff,
            i.assignment.task.section.position,
            i.assignment.task.position,
        )
    )
    return [(i.report.body.name, i.assignment.task.code, getattr(i, field), i) for i in items]


def fallen_due_rates(plans, moment):
    """(on-time rate, done rate) over the dated, unconditional tasks due by ``moment``:
    done when each lead's latest sent item is done (on time by the due day)."""
    today = moment.date()
    latest = {}
    for item in ReportItem.objects.select_related("report__period"):
        if item.report.state in SENT:
            key = item.report.period.cutoff
            if item.assignment_id not in latest or key > latest[item.assignment_id][0]:
                latest[item.assignment_id] = (key, item)
    due = on_time = done = 0
    for task in Task.objects.filter(plan__in=plans, due__isnull=False, condition=""):
        if task.due > today:
            continue
        due += 1
        leads = Assignment.objects.filter(task=task, role="lead")
        items = [latest[a.pk][1] for a in leads if a.pk in latest]
        if items and len(items) == len(leads) and all(i.state == "done" for i in items):
            done += 1
            on_time += max(i.done_on for i in items) <= task.due
    rate = lambda part: (Decimal(100) * part / due).quantize(Decimal("0.1"))  # noqa: E731
    return rate(on_time), rate(done)


def expected_discipline(plans, periods) -> dict[str, str]:
    """Each body's state over the span, from the rows: every period of a plan that
    gives it work owes a report; any missing or unsent → not sent, else any late."""
    owed = defaultdict(list)
    for assignment in Assignment.objects.filter(plan__in=plans).select_related("body"):
        for period in periods:
            if period.plan_id == assignment.plan_id:
                owed[assignment.body.name].append((assignment.body_id, period.pk))
    reports = {(r.body_id, r.period_id): r for r in Report.objects.filter(period__in=periods)}
    found = {}
    for name, keys in owed.items():
        sent = [reports.get(key) for key in set(keys)]
        if any(r is None or r.state not in SENT for r in sent):
            found[name] = "not_sent"
        elif any(r.late for r in sent):
            found[name] = "late"
        else:
            found[name] = "on_time"
    return found


# --- A quarter of one plan --------------------------------------------------------


def test_periods_within_a_quarter(span_plan):
    plan, periods = span_plan
    found = first_quarter([plan])
    assert [p.label for p in found] == ["Tháng 2/2026", "Tháng 3/2026", "Tháng 4/2026"]
    assert all(date(2026, 2, 1) <= p.ends_on <= date(2026, 4, 30) for p in found)
    month = periods_within([plan], start=date(2026, 5, 1), end=date(2026, 5, 31))
    assert month == [periods[5]]


def test_quarter_classes_rates_and_labels(span_plan):
    plan, periods = span_plan
    found = report_compile_span([plan], periods=first_quarter([plan]), label="Quý I/2026")
    as_of = periods[4].cutoff
    assert found.as_of == as_of
    now_counts = expected_classes(plan, as_of)
    before = expected_classes(plan, periods[1].cutoff)
    assert {c.status: c.count for c in found.classes} == {s: now_counts[s] for s in Status}
    assert {c.status: c.previous for c in found.classes} == {s: before[s] for s in Status}
    assert found.total == sum(now_counts.values()) == 9
    assert found.previous_total == sum(before.values())
    assert (found.on_time_rate, found.done_rate) == fallen_due_rates([plan], as_of)
    assert (found.plan_title, found.period_label) == ("Kế hoạch", "Quý I/2026")
    assert (found.previous_label, found.next_label) == ("Tháng 1/2026", "Tháng 5/2026")
    default = report_compile_span([plan], periods=first_quarter([plan]))
    assert default.period_label == "Tháng 2/2026 – Tháng 4/2026"


def test_quarter_texts_from_every_accepted_report(span_plan):
    plan, _periods = span_plan
    span = first_quarter([plan])
    found = report_compile_span([plan], periods=span)
    results = accepted_texts([plan], span, "results")
    assert [s.code for s in found.sections] == ["I", "II"]
    for section in found.sections:
        expected = [
            (body, code, text, f"results:{item.pk}")
            for body, code, text, item in results
            if item.assignment.task.section.code == section.code
        ]
        assert [(p.body, p.task_code, p.text, p.key) for p in section.passages] == expected
    texts = [p.text for s in found.sections for p in s.passages]
    assert {"Tháng hai", "Đã hoàn thành", "Đang soạn quy chế"} <= set(texts)
    assert "Chưa tiếp nhận" not in texts  # Sở Xây dựng's March report was not accepted

    order = list(Body.objects.order_by("kind", "name").values_list("name", flat=True))
    for field, groups in (("difficulties", found.difficulties), ("proposals", found.proposals)):
        expected = {}
        for body, code, text, item in accepted_texts([plan], span, field):
            expected.setdefault(body, []).append((code, text, f"{field}:{item.pk}"))
        assert {g.body: [(p.task_code, p.text, p.key) for p in g.passages] for g in groups} == (
            expected
        )
        assert [g.body for g in groups] == sorted(expected, key=order.index)
    # The keys stay the same when the report is compiled again.
    again = report_compile_span([plan], periods=span)
    assert [p.key for g in again.proposals for p in g.passages] == [
        p.key for g in found.proposals for p in g.passages
    ]


def test_quarter_discipline(span_plan):
    plan, _periods = span_plan
    span = first_quarter([plan])
    found = report_compile_span([plan], periods=span).discipline
    expected = expected_discipline([plan], span)
    assert set(found.expected) == set(expected)
    for state in ("on_time", "late", "not_sent"):
        assert set(getattr(found, state)) == {n for n, s in expected.items() if s == state}
    assert (found.on_time, found.late, set(found.not_sent)) == (
        (FINANCE,),
        (HEALTH,),
        {BUILDING, JUSTICE},
    )


def test_quarter_next_tasks_overdue_and_matrix(span_plan):
    plan, periods = span_plan
    found = report_compile_span([plan], periods=first_quarter([plan]))
    today = periods[4].cutoff.date()
    horizon = periods[5].cutoff.date()
    done = {
        i.assignment.task.code
        for i in ReportItem.objects.filter(report__period__plan=plan, state="done")
    }
    dated = [t for t in Task.objects.filter(plan=plan, due__isnull=False, condition="")]
    expected = sorted(
        (t.due, t.code) for t in dated if today < t.due <= horizon and t.code not in done
    )
    assert [(t.due, t.code) for t in found.next_tasks] == expected == [(date(2026, 5, 10), "5")]
    overdue = sorted((t.due, t.code) for t in dated if t.due < today and t.code not in done)
    assert (
        [(t.due, t.code) for t in found.overdue]
        == overdue
        == [
            (date(2026, 3, 10), "2"),
            (date(2026, 3, 25), "3"),
        ]
    )
    assert [t.days_late for t in found.overdue] == [(today - due).days for due, _code in overdue]

    matrix = found.matrix  # every period up to the span's end
    assert matrix.periods == tuple(f"Tháng {m}/2026" for m in (1, 2, 3, 4))
    cells = {row.body: row.states for row in matrix.rows}
    assert cells == {
        name: tuple(SPAN_REPORTS.get((name, m), ("not-started",))[0] for m in (1, 2, 3, 4))
        for name in (FINANCE, HEALTH, BUILDING, JUSTICE)
    }


@pytest.mark.parametrize("moment", [None, CUTOFF, DAY_AFTER], ids=["default", "cut-off", "after"])
def test_one_plan_and_one_period_is_the_monthly_report(people, moment):
    plan, periods = build_plan(people)
    monthly = report_compile(plan, period=periods[3], now=moment)
    span = periods_within([plan], start=date(2026, 3, 1), end=date(2026, 3, 31))
    assert span == [periods[3]]
    assert report_compile_span([plan], periods=span, now=moment) == monthly
    assert monthly.period_label == "Tháng 3/2026"
    assert all(row.plan == "" for row in monthly.kpis)


# --- Two plans at once ----------------------------------------------------------

SECOND_TASKS = [t for t in TASKS if t["code"] in {"1", "2", "4", "8"}]
SECOND_REPORTS = {
    (FINANCE, 2): (
        "accepted",
        vn(2026, 2, 26, 9),
        True,
        {"1": ("done", date(2026, 2, 25), "Kế hoạch hai: xong", "", "Đề nghị Bộ Tài chính hỗ trợ")},
        {},
    ),
    (FINANCE, 3): ("accepted", vn(2026, 3, 20, 9), False, {}, {}),
    (FINANCE, 4): ("submitted", vn(2026, 4, 20, 9), False, {}, {}),
}


@pytest.fixture
def two_plans(people):
    first, first_periods = build_plan(people, reports=SPAN_REPORTS, title="Kế hoạch A")
    first_periods = with_months(first, first_periods, 1, 5)
    second, second_periods = build_plan(
        people,
        tasks=SECOND_TASKS,
        indicators=[],
        reports=SECOND_REPORTS,
        title="Kế hoạch B",
    )
    return (first, first_periods), (second, second_periods)


def test_two_plans_figures_are_summed(two_plans):
    (first, first_periods), (second, _second_periods) = two_plans
    span = first_quarter([first, second])
    assert len(span) == 6
    found = report_compile_span([first, second], periods=span, label="Quý I/2026")
    as_of = first_periods[4].cutoff
    assert found.as_of == as_of
    now_counts = expected_classes(first, as_of) + expected_classes(second, as_of)
    # Only the first plan has a period before the span (January): the change is its.
    before = expected_classes(first, first_periods[1].cutoff)
    assert {c.status: c.count for c in found.classes} == {s: now_counts[s] for s in Status}
    assert {c.status: c.previous for c in found.classes} == {s: before[s] for s in Status}
    assert found.total == 9 + 4
    assert found.previous_total == sum(before.values())
    assert (found.on_time_rate, found.done_rate) == fallen_due_rates([first, second], as_of)
    assert found.plan_title == "Kế hoạch A; Kế hoạch B"
    assert (found.previous_label, found.next_label) == ("Tháng 1/2026", "Tháng 5/2026")

    assert [(k.plan, k.code, k.name) for k in found.kpis] == [
        ("Kế hoạch A", i.code, i.name) for i in first.indicators.order_by("position")
    ]
    assert [s.title for s in found.sections] == [
        "Kế hoạch A: Phần một",
        "Kế hoạch A: Phần hai",
        "Kế hoạch B: Phần một",
        "Kế hoạch B: Phần hai",
    ]
    second_results = [
        (body, code, text) for body, code, text, _item in accepted_texts([second], span, "results")
    ]
    assert [(p.body, p.task_code, p.text) for s in found.sections[2:] for p in s.passages] == (
        second_results
    )
    assert second_results == [(FINANCE, "1", "Kế hoạch hai: xong")]
    proposals = Counter(p.text for g in found.proposals for p in g.passages)
    expected = Counter(
        text
        for plan in (first, second)
        for _b, _c, text, _i in accepted_texts([plan], span, "proposals")
    )
    assert proposals == expected


def test_two_plans_discipline_next_tasks_and_matrix(two_plans):
    (first, first_periods), (second, _second_periods) = two_plans
    span = first_quarter([first, second])
    found = report_compile_span([first, second], periods=span)
    discipline = expected_discipline([first, second], span)
    for state in ("on_time", "late", "not_sent"):
        assert set(getattr(found.discipline, state)) == {
            n for n, s in discipline.items() if s == state
        }
    # Sở Tài chính sent the second plan's February late; Sở Y tế, the first's March.
    assert (found.discipline.on_time, set(found.discipline.late)) == ((), {FINANCE, HEALTH})

    # Each plan's next tasks up to its period after the span (the second has none: a
    # month after the cut-off), and overdue tasks, plan after plan.
    today = first_periods[4].cutoff.date()
    horizons = {first: first_periods[5].cutoff.date(), second: date(2026, 5, 25)}
    next_tasks, overdue = [], []
    for plan, horizon in horizons.items():
        done = {
            i.assignment.task.code
            for i in ReportItem.objects.filter(report__period__plan=plan, state="done")
        }
        dated = [t for t in Task.objects.filter(plan=plan, due__isnull=False, condition="")]
        next_tasks += sorted(
            (t.due, t.code) for t in dated if today < t.due <= horizon and t.code not in done
        )
        overdue += sorted((t.due, t.code) for t in dated if t.due < today and t.code not in done)
    assert [(t.due, t.code) for t in found.next_tasks] == next_tasks == [(date(2026, 5, 10), "5")]
    assert [(t.due, t.code) for t in found.overdue] == overdue
    assert [code for _due, code in overdue] == ["2", "3", "2", "8", "4"]
    assert all(t.days_late == (today - t.due).days for t in found.overdue)

    matrix = found.matrix
    assert matrix.periods == (
        *(f"Kế hoạch A: Tháng {m}/2026" for m in (1, 2, 3, 4)),
        *(f"Kế hoạch B: Tháng {m}/2026" for m in (2, 3, 4)),
    )
    cells = {row.body: row.states for row in matrix.rows}
    assert cells[FINANCE][4:] == ("accepted", "accepted", "submitted")
    second_bodies = set(Assignment.objects.filter(plan=second).values_list("body__name", flat=True))
    for name, states in cells.items():
        assert (states[4:] == ("", "", "")) == (name not in second_bodies)
    assert next(r for r in matrix.rows if r.body == HEALTH).labels[4:] == ("", "", "")
    assert next(r for r in matrix.rows if r.body == JUSTICE).labels[4:] == ("Chưa bắt đầu",) * 3


# --- Proposals by addressee -------------------------------------------------------


def test_proposals_grouped_by_addressee(span_plan):
    plan, _periods = span_plan
    found = report_compile_span([plan], periods=first_quarter([plan]))
    flat = [p for g in found.proposals for p in g.passages]
    expected = {}
    for passage in flat:
        expected.setdefault(ADDRESSEES[passage.text], []).append(passage)
    groups = {g.addressee: list(g.passages) for g in found.proposals_by_addressee}
    assert groups == expected
    assert [g.addressee for g in found.proposals_by_addressee] == ["Bộ Y tế", "UBND tỉnh", "Khác"]
    assert sum(len(g.passages) for g in found.proposals_by_addressee) == len(flat) == 6


@pytest.mark.parametrize(
    ("text", "addressee"),
    [
        ("Đề nghị UBND tỉnh bố trí kinh phí", "UBND tỉnh"),
        ("Kiến nghị Ủy ban nhân dân tỉnh An Giang xem xét", "UBND tỉnh"),
        ("Đề nghị Uỷ ban nhân dân tỉnh quan tâm", "UBND tỉnh"),
        ("de nghi ubnd tinh cap kinh phi", "UBND tỉnh"),
        ("Đề nghị Chủ tịch UBND tỉnh chỉ đạo", "UBND tỉnh"),
        ("Đề nghị Bộ Tài chính hướng dẫn", "Bộ Tài chính"),
        ("đề nghị bộ tài chính sớm ban hành", "Bộ Tài chính"),
        (
            "Đề xuất với Bộ Văn hóa, Thể thao và Du lịch sớm ban hành",
            "Bộ Văn hóa, Thể thao và Du lịch",
        ),
        ("Kiến nghị Bộ Khoa học và Công nghệ, Bộ Nội vụ", "Bộ Khoa học và Công nghệ"),
        (
            "Đề nghị Bộ Lao động - Thương binh và Xã hội hỗ trợ",
            "Bộ Lao động - Thương binh và Xã hội",
        ),
        ("Kiến nghị Chính phủ sửa đổi Nghị định", "Chính phủ"),
        ("KIẾN NGHỊ CHÍNH PHỦ", "Chính phủ"),
        ("de xuat voi bo y te huong dan", "Bộ Y te"),
        ("Đề nghị với Sở Tài chính, Sở Nội vụ", "Sở Tài chính"),
        ("Đề nghị Sở Y tế, UBND tỉnh", "Sở Y tế"),
        ("Kiến nghị Thủ tướng Chính phủ cho phép", "Chính phủ"),
        ("Đề nghị đối với Trung ương: sớm ban hành", "Trung ương"),
        ("Đề nghị các Bộ, ngành Trung ương hướng dẫn", "Trung ương"),
        ("Kiến nghị với trung ương", "Trung ương"),
        ("Đề nghị Thường trực HĐND tỉnh thống nhất", "HĐND tỉnh"),
        ("Kính đề nghị Hội đồng nhân dân tỉnh", "HĐND tỉnh"),
        ("- Đề nghị Tỉnh ủy chỉ đạo", "Tỉnh ủy"),
        ("Đề nghị Ban Thường vụ Tỉnh ủy cho ý kiến", "Tỉnh ủy"),
        ("DE NGHI TINH UY", "Tỉnh ủy"),
        ("Đề nghị Ban Chỉ đạo tỉnh xem xét", "Ban Chỉ đạo"),
        ("1. Đề xuất Ban chỉ đạo giao nhiệm vụ", "Ban Chỉ đạo"),
        ("ĐỀ NGHỊ SỞ TÀI CHÍNH THẨM ĐỊNH", "Sở Tài chính"),
        ("Đề nghị: Sở Nội vụ bổ sung biên chế", "Sở Nội vụ"),
        ("Đề nghị Sở Tài chính và UBND tỉnh", "Sở Tài chính"),
        ("Đề nghị Sở Khoa học và Công nghệ.", "Sở Khoa học và Công nghệ"),
        ("Đề nghị bổ sung biên chế", "Khác"),
        ("Đề nghị số liệu được cập nhật", "Khác"),
        ("Đề nghị cấp trên quan tâm", "Khác"),
        ("Đề nghị các sở, ngành phối hợp", "Khác"),
        ("UBND tỉnh bố trí kinh phí", "Khác"),  # no opening: not read
        ("Cấp kinh phí", "Khác"),
        ("", "Khác"),
    ],
)
def test_proposal_addressee(text, addressee):
    assert proposal_addressee(text) == addressee


def test_addressee_variants_are_one_group(people):
    texts = ["de nghi bo tai chinh ho tro", "Đề nghị Bộ Tài chính hỗ trợ", "Đề nghị BỘ TÀI CHÍNH"]
    reports = {
        (FINANCE, 3): (
            "accepted",
            vn(2026, 3, 24, 9),
            False,
            {
                code: ("in_progress", None, "", "", text)
                for code, text in zip("247", texts, strict=True)
            },
            {},
        )
    }
    plan, periods = build_plan(people, reports=reports)
    found = report_compile_span([plan], periods=[periods[3]])
    assert [(g.addressee, [p.text for p in g.passages]) for g in found.proposals_by_addressee] == [
        ("Bộ Tài chính", texts)
    ]


# --- Queries --------------------------------------------------------------------


def test_query_count_grows_neither_with_periods_nor_with_bodies(people):
    small, small_periods = plan_with_bodies(people, [FINANCE, HEALTH])
    small_periods = with_months(small, small_periods, 1, 5)
    large, large_periods = plan_with_bodies(people, TEN)
    large_periods = with_months(large, large_periods, 1, 5)
    with CaptureQueriesContext(connection) as one:
        found = report_compile_span([small], periods=[small_periods[3]])
    assert len(found.discipline.expected) == 2
    for plan in (small, large):
        span = first_quarter([plan])
        with CaptureQueriesContext(connection) as three:
            found = report_compile_span([plan], periods=span)
        assert len(found.matrix.periods) == 4
        assert len(three) == len(one) <= 30
    assert len(found.discipline.expected) == 10 == len(found.difficulties)
    assert Period.objects.filter(plan=large).count() == 5
