"""The chair's screen: every figure it shows equals the same figure computed here from
the reports themselves (Report, ReportItem, KpiValue), not from the stored rows; a
member's screen holds only his bodies; who may open it; a fixed number of queries."""

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

import lxml.html
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from theodoi.dashboard.models import BodyYear
from theodoi.dashboard.tests.factories import NOW, plan_with_history, rollup_all, vn
from theodoi.lib.forecast import forecast
from theodoi.lib.numbers import format_number
from theodoi.plans.models import Assignment, AssignmentRole, Indicator
from theodoi.reporting.models import KpiValue, Report, ReportItem, ReportState

SENT = {ReportState.SUBMITTED, ReportState.APPROVED, ReportState.ACCEPTED}
WEIGHTS = (40, 30, 20, 10)  # the scorecard's documented defaults


@pytest.fixture
def history(people):
    found = plan_with_history(people)
    rollup_all(found.plan, now=NOW)
    return found


def sign_in(client, user):
    client.force_login(user, backend="theodoi.accounts.backends.UsernameOrEmailBackend")


@pytest.fixture
def screen_page(client, people):
    """``screen_page(username, plan)``: the plan's screen as that persona sees it at NOW."""

    def get(username, plan=None):
        url = reverse("dashboard:plan", args=[plan.pk]) if plan else reverse("dashboard:home")
        sign_in(client, people[username])
        with time_machine.travel(NOW, tick=False):
            return client.get(url)

    return get


def sent_reports(plan) -> dict:
    return {
        (r.body_id, r.period_id): r
        for r in Report.objects.filter(period__plan=plan, state__in=SENT)
    }


def on_time(report, period) -> bool:
    return not report.late and report.submitted_at <= period.cutoff


def kpi_series(history) -> dict:
    """Each KPI's value per period over its sent values: Σ numerators / Σ denominators."""
    series = defaultdict(dict)
    values = KpiValue.objects.filter(report__period__plan=history.plan, report__state__in=SENT)
    grouped = defaultdict(list)
    for value in values.select_related("report"):
        grouped[value.indicator_id, value.report.period_id].append(value)
    for (indicator_id, period_id), found in grouped.items():
        if all(v.denominator for v in found):
            total = sum(v.numerator for v in found) / sum(v.denominator for v in found) * 100
        else:
            (only,) = found
            total = only.value
        series[indicator_id][period_id] = round(total, 2)
    return series


def lead_items(history, *, upto) -> dict:
    """(task id, body id) -> the body's sent lead items of the periods up to ``upto``
    (a period), oldest first."""
    items = defaultdict(list)
    found = ReportItem.objects.filter(
        report__period__plan=history.plan,
        report__state__in=SENT,
        report__period__cutoff__lte=upto.cutoff,
        assignment__role=AssignmentRole.LEAD,
    ).select_related("report__period", "assignment")
    for item in sorted(found, key=lambda i: (i.report.period.cutoff, i.report.submitted_at)):
        items[item.assignment.task_id, item.report.body_id].append(item)
    return items


def task_classes(history, *, upto, today) -> dict:
    """task id -> "done-on-time" | "done-late" | "overdue" | "open", from the items."""
    leads = defaultdict(list)
    for task_id, body_id in Assignment.objects.filter(
        plan=history.plan, task__isnull=False, role=AssignmentRole.LEAD
    ).values_list("task_id", "body_id"):
        leads[task_id].append(body_id)
    items = lead_items(history, upto=upto)
    classes = {}
    for task in history.tasks.values():
        latest = [
            items[task.pk, body][-1] if items[task.pk, body] else None for body in leads[task.pk]
        ]
        if all(item and item.state == "done" for item in latest):
            done_on = max(item.done_on for item in latest)
            classes[task.pk] = "done-on-time" if done_on <= task.due else "done-late"
        else:
            classes[task.pk] = "overdue" if task.due < today else "open"
    return classes


def test_every_figure_equals_the_reports(history, screen_page):
    plan, periods = history.plan, history.periods
    page = lxml.html.fromstring(screen_page("chutich", plan).content.decode())
    due = [p for p in periods if p.cutoff <= NOW]
    sent = sent_reports(plan)
    bodies = list(history.bodies.values())

    # Reporting discipline per body, per period, and the heat map.
    for body in bodies:
        row = page.xpath(f'//table[@data-testid="discipline-bodies"]//tr[@data-body="{body.pk}"]')[
            0
        ]
        got = [cell.text_content().strip() for cell in row.xpath("./td")[1:4]]
        n_sent = sum((body.pk, p.pk) in sent for p in due)
        n_on_time = sum(on_time(sent[body.pk, p.pk], p) for p in due if (body.pk, p.pk) in sent)
        assert got == [str(len(due)), str(n_sent), str(n_on_time)], body.name
        cells = page.xpath(
            f'//table[@data-testid="heat-map"]//tr[@data-body="{body.pk}"]/td[@data-state]'
        )
        expected_states = []
        for p in periods:
            report = sent.get((body.pk, p.pk))
            if report:
                expected_states.append("on-time" if on_time(report, p) else "late")
            else:
                expected_states.append("missing" if p.cutoff <= NOW else "pending")
        assert [c.get("data-state") for c in cells] == expected_states, body.name
        assert [c.get("title").split(":")[0] for c in cells] == [p.label for p in periods]
    for p in due:
        row = page.xpath(f'//table[@data-testid="discipline-periods"]//tr[@data-period="{p.pk}"]')[
            0
        ]
        got = [cell.text_content().strip() for cell in row.xpath("./td")[1:4]]
        n_sent = sum((b.pk, p.pk) in sent for b in bodies)
        n_on_time = sum(on_time(sent[b.pk, p.pk], p) for b in bodies if (b.pk, p.pk) in sent)
        assert got == [str(len(bodies)), str(n_sent), str(n_on_time)], p.label

    # The KPI tiles: each period's value, the latest, the forecast's colour.
    series = kpi_series(history)
    for kpi in history.kpis.values():
        link = reverse("plans:indicator", args=[kpi.pk])
        tile = page.xpath(f'//li[@data-testid="kpi-tile"][.//a[@href="{link}"]]')[0]
        values = [series[kpi.pk].get(p.pk) for p in periods]
        shown = [td.text_content().strip() for td in tile.xpath(".//table//tbody/tr/td[2]")]
        assert shown == [format_number(v) if v is not None else "—" for v in values]
        latest = [v for v in values if v is not None][-1]
        assert format_number(latest) in tile.xpath(".//dl")[0].text_content()
        points = [(p.ends_on, v) for p, v in zip(periods, values, strict=True) if v is not None]
        outlook = forecast(
            points, target=kpi.target_value, op=kpi.target_op, year_end=date(2026, 12, 31)
        )
        assert tile.get("data-state") == outlook.state
        assert tile.xpath(".//svg[@class='sparkline']/line[@class='target']")

    # The tasks: the classes of the latest period begun and their change since the one before.
    today = NOW.date()
    latest, previous = periods[-1], periods[-2]
    now_classes = task_classes(history, upto=latest, today=today)
    before = task_classes(history, upto=previous, today=previous.cutoff.date())
    table = page.xpath('//table[@data-testid="task-classes"]')[0]
    for status in ("done-on-time", "done-late", "overdue"):
        row = table.xpath(f'.//tr[@data-class="{status}"]')[0]
        count = sum(c == status for c in now_classes.values())
        change = count - sum(c == status for c in before.values())
        cells = [td.text_content().strip() for td in row.xpath("./td")]
        assert cells[1] == str(count), status
        assert cells[3] == (f"+{change}" if change > 0 else str(change)), status

    # The tasks by part of the plan, each part's link filtering the plan page.
    rows = page.xpath('//table[@data-testid="task-sections"]/tbody/tr')
    by_part = defaultdict(list)
    for task_id, found in now_classes.items():
        by_part[str(plan.tasks.get(pk=task_id).section_id or "")].append(found)
    assert {r.get("data-section") for r in rows} == set(by_part)
    for row in rows:
        found = by_part[row.get("data-section")]
        cells = [td.text_content().strip() for td in row.xpath("./td")]
        done = sum(c.startswith("done") for c in found)
        assert cells[1:] == [str(len(found)), str(done), str(found.count("overdue"))]
        if row.get("data-section"):
            link = row.xpath(".//a/@href")[0]
            assert link.endswith(f"?phan={row.get('data-section')}")

    # The overdue list: owner, days late, the last thing the owner reported.
    items = lead_items(history, upto=latest)
    overdue = [t for t in history.tasks.values() if now_classes[t.pk] == "overdue"]
    rows = page.xpath('//table[@data-testid="overdue"]/tbody/tr')
    assert sorted(int(r.get("data-task")) for r in rows) == sorted(t.pk for t in overdue)
    for task in overdue:
        row = page.xpath(f'//table[@data-testid="overdue"]//tr[@data-task="{task.pk}"]')[0]
        cells = row.xpath("./td")
        assert cells[3].text_content().strip() == str((today - task.due).days)
        said = [
            i
            for (t, _b), found in items.items()
            if t == task.pk
            for i in found
            if i.results.strip()
        ]
        last = max(said, key=lambda i: (i.report.period.cutoff, i.report.submitted_at)).results
        assert cells[4].text_content().strip() == last
        y_te = history.bodies["y_te"]
        owner = cells[1].xpath(f'.//a[@href="{reverse("bodies:detail", args=[y_te.pk])}"]')
        assert owner[0].text_content() == y_te.name
        assert cells[1].xpath('.//*[@data-testid="explain-cell"]')  # a red cell asks why

    # The scorecard: each rate and the score, from the reports.
    expected_scores = scorecard_from_reports(history, sent=sent, items=items, today=today)
    for row in page.xpath('//table[@data-testid="scorecard-top"]/tbody/tr'):
        body_id = int(row.get("data-body"))
        cells = [td.text_content().strip().replace("\xa0", " ") for td in row.xpath("./td")]
        rates, score = expected_scores[body_id]
        shown = ["—" if r is None else f"{format_number(round(100 * r, 1), 1)} %" for r in rates]
        assert cells[2:6] == shown, cells[1]
        assert cells[6] == format_number(round(score, 1), 1), cells[1]


def scorecard_from_reports(history, *, sent, items, today) -> dict:
    """body id -> ([completion, on time, reporting, KPIs], score) computed from the reports."""
    found = {}
    leads = defaultdict(list)
    for task_id, body_id in Assignment.objects.filter(
        plan=history.plan, task__isnull=False, role=AssignmentRole.LEAD
    ).values_list("task_id", "body_id"):
        leads[body_id].append(history.plan.tasks.get(pk=task_id))
    for body in history.bodies.values():
        fallen = [t for t in leads[body.pk] if t.due <= today]
        done = [
            t for t in fallen if items[t.pk, body.pk] and items[t.pk, body.pk][-1].state == "done"
        ]
        timely = [t for t in done if items[t.pk, body.pk][-1].done_on <= t.due]
        reporting = sum(
            on_time(sent[body.pk, p.pk], p) for p in history.periods if (body.pk, p.pk) in sent
        )
        owed = [p for p in history.periods if p.cutoff <= NOW or (body.pk, p.pk) in sent]
        kpi_values = [
            v
            for v in KpiValue.objects.filter(report__body=body, report__state__in=SENT)
            .select_related("report__period", "indicator")
            .order_by("report__period__cutoff")
        ]
        kpis = None
        if kpi_values:
            last = kpi_values[-1].report.period_id
            own = [v for v in kpi_values if v.report.period_id == last]
            kpis = sum(v.value >= v.indicator.target_value for v in own) / len(own)
        rates = [
            len(done) / len(fallen) if fallen else None,
            len(timely) / len(done) if done else None,
            reporting / len(owed),
            kpis,
        ]
        present = [(w, r) for w, r in zip(WEIGHTS, rates, strict=True) if r is not None]
        score = 100 * sum(w * r for w, r in present) / sum(w for w, _r in present)
        found[body.pk] = (rates, score)
    return found


def test_a_member_sees_only_his_bodies(history, screen_page, people):
    y_te = history.bodies["y_te"]  # thanhvien oversees Sở Y tế only
    page = lxml.html.fromstring(screen_page("thanhvien", history.plan).content.decode())
    assert {
        r.get("data-body") for r in page.xpath('//table[@data-testid="heat-map"]/tbody/tr')
    } == {str(y_te.pk)}
    for testid in ("discipline-bodies", "scorecard-top"):
        rows = page.xpath(f'//table[@data-testid="{testid}"]/tbody/tr')
        assert [r.get("data-body") for r in rows] == [str(y_te.pk)], testid
    tiles = page.xpath('//li[@data-testid="kpi-tile"]/a/@href')
    assert tiles == [reverse("plans:indicator", args=[history.kpis["ty_le"].pk])]
    overdue = page.xpath('//table[@data-testid="overdue"]/tbody/tr')
    assert {int(r.get("data-task")) for r in overdue} == {
        history.tasks["so_hoa"].pk,
        history.tasks["danh_gia"].pk,
    }
    # The task classes: Sở Y tế's lead tasks, from its own items.
    items = lead_items(history, upto=history.periods[-1])
    own = Assignment.objects.filter(body=y_te, task__isnull=False, role=AssignmentRole.LEAD)
    found = defaultdict(int)
    for assignment in own.select_related("task"):
        task = assignment.task
        if task.children.exists():
            continue  # a parent task is not counted
        latest = items[task.pk, y_te.pk][-1] if items[task.pk, y_te.pk] else None
        if latest and latest.state == "done":
            found["done-on-time" if latest.done_on <= task.due else "done-late"] += 1
        elif task.due < NOW.date():
            found["overdue"] += 1
    table = page.xpath('//table[@data-testid="task-classes"]')[0]
    for status in ("done-on-time", "done-late", "overdue"):
        row = table.xpath(f'.//tr[@data-class="{status}"]/td[2]')
        assert (int(row[0].text_content()) if row else 0) == found[status], status
    assert sum(found.values()) > 0
    # Sở Tài chính's member: not the overdue tasks of Sở Y tế.
    page = lxml.html.fromstring(screen_page("uyvien", history.plan).content.decode())
    assert not page.xpath('//table[@data-testid="overdue"]')
    names = [a.text for a in page.xpath('//table[@data-testid="heat-map"]//th[@scope="row"]/a')]
    assert y_te.name not in names and history.bodies["tai_chinh"].name in names


@pytest.mark.parametrize(
    "username, status",
    [("chutich", 200), ("thuongtruc", 200), ("uyvien", 200), ("daumoi", 403), ("lanhdao", 403)],
)
def test_who_may_open_the_screens(history, screen_page, username, status):
    assert screen_page(username, history.plan).status_code == status
    assert screen_page(username).status_code == status


def test_the_committee_page_links_each_plan(history, screen_page):
    page = lxml.html.fromstring(screen_page("chutich").content.decode())
    row = page.xpath(f'//tr[.//a[@href="{reverse("dashboard:plan", args=[history.plan.pk])}"]]')[0]
    cells = [td.text_content().strip() for td in row.xpath("./td")]
    sent = sent_reports(history.plan)
    last_due = [p for p in history.periods if p.cutoff <= NOW][-1]
    timely = sum(
        on_time(sent[b.pk, last_due.pk], last_due)
        for b in history.bodies.values()
        if (b.pk, last_due.pk) in sent
    )
    assert cells[3] == "2"  # Số hóa hồ sơ and Đánh giá giữa kỳ are overdue
    assert f"({timely}/{len(history.bodies)})" in cells[4]


def count_queries(client, people, *, bodies: int, months: int) -> tuple[int, int]:
    now = vn(2026, 12, 31, 8) if months == 12 else vn(2026, months, 28, 8)
    history = plan_with_history(people, months=months, now=now, extra_bodies=bodies - 3)
    rollup_all(history.plan, now=now)
    url = reverse("dashboard:plan", args=[history.plan.pk])
    with time_machine.travel(now, tick=False):
        sign_in(client, people["chutich"])
        client.get(url)  # the session and the translations, once
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as home:
            assert client.get(reverse("dashboard:home")).status_code == 200
    return len(queries), len(home)


def test_a_fixed_number_of_queries(client, people):
    small = count_queries(client, people, bodies=10, months=3)
    large = count_queries(client, people, bodies=60, months=12)  # and a second plan
    assert small == large
    assert small[0] <= 18 and small[1] <= 10


def test_the_heat_map_shows_twenty_bodies_a_page_and_htmx_swaps_the_next(client, people):
    now = vn(2026, 3, 28, 8)
    history = plan_with_history(people, months=3, now=now, extra_bodies=57)  # 60 bodies
    rollup_all(history.plan, now=now)
    screen = reverse("dashboard:plan", args=[history.plan.pk])
    fragment = reverse("dashboard:discipline", args=[history.plan.pk])
    expected = BodyYear.objects.filter(plan=history.plan, year=2026).count()
    assert expected == 60
    with time_machine.travel(now, tick=False):
        sign_in(client, people["chutich"])
        first = lxml.html.fromstring(client.get(screen).content.decode())
        second = client.get(fragment + "?trang=2", headers={"HX-Request": "true"})
        plain = client.get(fragment + "?trang=2")
    rows = first.xpath('//table[@data-testid="heat-map"]/tbody/tr')
    assert len(rows) == 20
    assert "60 cơ quan, đơn vị; đang xem 1–20." in first.text_content()
    (link,) = first.xpath('//section[@id="discipline"]//nav[@class="pager"][1]//a[@rel="next"]')
    assert link.get("hx-get") == fragment + "?trang=2" and link.get("hx-target") == "#discipline"
    part = lxml.html.fromstring(second.content.decode())
    assert part.get("id") == "discipline" and "<html" not in second.content.decode()
    names = part.xpath('//table[@data-testid="heat-map"]/tbody/tr/th/a/text()')
    shown = first.xpath('//table[@data-testid="heat-map"]/tbody/tr/th/a/text()')
    assert len(names) == 20 and not set(names) & set(shown)
    assert plain.status_code == 302 and plain["Location"].endswith("?trang=2#discipline")


def test_the_period_change_is_the_difference_of_the_snapshots(history):
    from theodoi.dashboard.selectors import plan_screen

    screen = plan_screen(history.plan, now=NOW + timedelta(days=30))
    assert screen.snapshot.period == history.periods[-1]
    assert screen.previous.period == history.periods[-2]
    for row in screen.classes:
        key = row.status.value
        assert row.change == screen.snapshot.classes.get(key, 0) - screen.previous.classes.get(
            key, 0
        )
    assert Decimal(0) <= Decimal(sum(r.count for r in screen.classes)) <= screen.snapshot.total


def test_a_sparkline_breaks_at_a_missing_value_and_draws_the_target():
    from theodoi.dashboard.templatetags.charts import sparkline

    svg = lxml.html.fromstring(sparkline([Decimal(1), Decimal(2), None, Decimal(4)], Decimal(3)))
    assert len(svg.xpath("//polyline")) == 2
    (target,) = svg.xpath("//line[@class='target']")
    assert target.get("y1") == target.get("y2")
    assert sparkline([None, None], Decimal(3)) == ""


def test_the_screen_is_rendered_once_for_what_it_shows(history, screen_page):
    """The rendered screen is kept by a digest of what it shows: the same figures give
    the same page, and any change of what it shows gives a new one."""
    from django.core.cache import cache

    cache.clear()
    first = screen_page("chutich", history.plan).content.decode()
    kept = [key for key in cache._cache if "dashboard:screen:" in key]  # LocMemCache's
    assert len(kept) == 1
    assert screen_page("chutich", history.plan).content.decode().count("kpi-tile") == first.count(
        "kpi-tile"
    )
    assert len([key for key in cache._cache if "dashboard:screen:" in key]) == 1  # read again
    kpi = history.kpis["ho_so"]
    Indicator.objects.filter(pk=kpi.pk).update(name="Tên chỉ tiêu đã sửa")
    renamed = screen_page("chutich", history.plan).content.decode()
    assert "Tên chỉ tiêu đã sửa" in renamed and kpi.name not in renamed.split("kpi-tiles")[1]
    member = screen_page("thanhvien", history.plan).content.decode()  # his bodies only
    assert member.count('data-testid="kpi-tile"') < renamed.count('data-testid="kpi-tile"')
    assert len([key for key in cache._cache if "dashboard:screen:" in key]) == 3
