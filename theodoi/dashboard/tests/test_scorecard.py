"""The yearly scorecard: every rate and score against a count made here from the rows
the test writes; weights, ranking, XLSX, access, a fixed number of queries."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from theodoi.bodies.models import Body, BodyKind
from theodoi.core.concurrency import EditConflict
from theodoi.dashboard.models import BodyPeriodStat, DashboardSettings
from theodoi.dashboard.services.scorecard import (
    scorecard,
    scorecard_store,
    scorecard_xlsx,
    settings_save,
    top_and_bottom,
)
from theodoi.plans.services.drafts import plan_draft_create
from theodoi.plans.services.publish import plan_publish
from theodoi.reporting.models import Period, ReportingRule
from theodoi.reporting.tests.conftest import SMALL_PLAN, month_period, vn

pytestmark = pytest.mark.django_db

# Per body and month: (expected, on_time, fallen_due, done, done_on_time, kpis_met, assessed)
FIGURES = {
    "Sở Tài chính": {
        1: (True, True, 2, 1, 1, 0, 0),
        2: (True, True, 3, 2, 2, 1, 2),
        3: (True, False, 4, 4, 3, 0, 0),
    },
    "Sở Y tế": {
        1: (True, False, 1, 0, 0, 0, 0),
        2: (True, False, 2, 1, 0, 0, 0),
        3: (False, False, 2, 2, 1, 0, 0),
    },
    "Sở Nội vụ": {  # no task, no KPI: reporting alone
        1: (True, True, 0, 0, 0, 0, 0),
        2: (True, True, 0, 0, 0, 0, 0),
        3: (True, False, 0, 0, 0, 0, 0),
    },
}


@pytest.fixture
def plan(people):
    found = plan_draft_create(data=SMALL_PLAN)
    plan_publish(plan=found, user=people["thuongtruc"], confirm_gaps=True, now=vn(2026, 1, 2, 8))
    return found


@pytest.fixture
def periods(plan):
    rule = ReportingRule.objects.create(
        plan=plan, frequency="monthly", due_day=25, due_time="16:00"
    )
    return {month: month_period(rule, month) for month in (1, 2, 3)}


def stat(period, body, figures):
    expected, on_time, fallen_due, done, done_on_time, met, assessed = figures
    return BodyPeriodStat(
        period=period,
        plan_id=period.plan_id,
        body=body,
        expected=expected,
        sent=on_time,
        on_time=on_time,
        tasks_fallen_due=fallen_due,
        tasks_done=done,
        tasks_done_on_time=done_on_time,
        kpis_met=met,
        kpis_assessed=assessed,
    )


@pytest.fixture
def stats(periods):
    rows = [
        stat(periods[month], Body.objects.get(name=name), figures)
        for name, months in FIGURES.items()
        for month, figures in months.items()
    ]
    BodyPeriodStat.objects.bulk_create(rows)


def stored(plan, year=2026):
    """The year's scorecard computed from the rows written here, then read back."""
    scorecard_store(plan, year=year)
    return list(scorecard(plan, year=year))


def expected_row(name, weights=(40, 30, 20, 10)):
    """The body's rates and score, counted here from FIGURES."""
    months = FIGURES[name]
    latest = months[max(months)]
    fallen_due, done, done_on_time = latest[2:5]
    expected = sum(1 for f in months.values() if f[0])
    on_time = sum(1 for f in months.values() if f[0] and f[1])
    with_kpis = [f for f in months.values() if f[6]]
    met, assessed = (with_kpis[-1][5], with_kpis[-1][6]) if with_kpis else (0, 0)
    rates = [
        done / fallen_due if fallen_due else None,
        done_on_time / done if done else None,
        on_time / expected if expected else None,
        met / assessed if assessed else None,
    ]
    present = [(w, r) for w, r in zip(weights, rates, strict=True) if r is not None]
    score = 100 * sum(w * r for w, r in present) / sum(w for w, _r in present)
    return rates, score


def test_every_rate_and_score_equals_a_count_of_the_rows(plan, stats):
    rows = stored(plan)
    assert {row.body.name for row in rows} == set(FIGURES)
    for row in rows:
        rates, score = expected_row(row.body.name)
        assert [row.completion, row.on_time, row.reporting, row.kpis] == pytest.approx(rates)
        assert row.score == pytest.approx(score)
    # Sở Tài chính: 4/4, 3/4, 2/3, 1/2 → (40 + 22.5 + 13.33 + 5) = 80.83
    finance = next(row for row in rows if row.body.name == "Sở Tài chính")
    assert finance.score == pytest.approx(40 + 30 * 0.75 + 20 * 2 / 3 + 10 * 0.5)
    # Sở Nội vụ: reporting only (2 of 3 on time) — the other weights fall away.
    home = next(row for row in rows if row.body.name == "Sở Nội vụ")
    assert (home.completion, home.on_time, home.kpis) == (None, None, None)
    assert home.score == pytest.approx(100 * 2 / 3)
    assert [row.body.name for row in rows] == ["Sở Tài chính", "Sở Nội vụ", "Sở Y tế"]
    assert [row.rank for row in rows] == [1, 2, 3]


def test_only_the_periods_of_the_year_count(plan, stats, periods):
    rule = periods[1].rule
    old = Period.objects.create(
        rule=rule,
        plan=plan,
        label="Tháng 12/2025",
        starts_on=date(2025, 11, 15),
        ends_on=date(2025, 12, 14),
        cutoff=vn(2025, 12, 25, 16),
    )
    finance = Body.objects.get(name="Sở Tài chính")
    BodyPeriodStat.objects.create(period=old, plan=plan, body=finance, expected=True)
    rows_2026 = {row.body.name: row for row in stored(plan)}
    assert rows_2026["Sở Tài chính"].expected == 3
    rows_2025 = stored(plan, 2025)
    assert [(row.body.name, row.expected, row.on_time_reports) for row in rows_2025] == [
        ("Sở Tài chính", 1, 0)
    ]
    assert stored(plan, 2024) == []


def test_the_weights_come_from_the_settings(plan, stats, people):
    settings_save(
        plan,
        data={
            "public": False,
            "weight_completion": 0,
            "weight_on_time": 0,
            "weight_reporting": 100,
            "weight_kpis": 0,
        },
        user=people["thuongtruc"],
        seen_version="1",
    )
    rows = stored(plan)
    for row in rows:
        assert row.score == pytest.approx(expected_row(row.body.name, (0, 0, 100, 0))[1])


def test_equal_scores_share_a_rank_and_are_listed_by_name(plan, periods):
    names = ["Sở Y tế", "Sở Công Thương", "Sở Tài chính"]
    figures = {
        "Sở Y tế": (True, True),
        "Sở Công Thương": (True, True),
        "Sở Tài chính": (True, False),
    }
    BodyPeriodStat.objects.bulk_create(
        stat(periods[1], Body.objects.get(name=name), (*figures[name], 0, 0, 0, 0, 0))
        for name in names
    )
    rows = stored(plan)
    assert [(row.body.name, row.rank) for row in rows] == [
        ("Sở Công Thương", 1),
        ("Sở Y tế", 1),
        ("Sở Tài chính", 3),
    ]


def test_a_body_with_nothing_to_score_comes_last_unranked(plan, periods):
    body = Body.objects.get(name="Sở Y tế")
    BodyPeriodStat.objects.create(period=periods[1], plan=plan, body=body, expected=False)
    (row,) = stored(plan)
    assert (row.score, row.rank) == (None, None)


def test_top_and_bottom(plan, periods):
    bodies = Body.objects.bulk_create(
        Body(name=f"Đơn vị thử {i:02}", kind=BodyKind.OTHER) for i in range(25)
    )
    BodyPeriodStat.objects.bulk_create(  # body i: i + 1 tasks fallen due, one done
        stat(periods[1], body, (False, False, i + 1, 1, 1, 0, 0)) for i, body in enumerate(bodies)
    )
    stored(plan)
    top, bottom = top_and_bottom(plan, year=2026, n=10)
    assert [r.rank for r in top] == list(range(1, 11))
    assert [r.body.name for r in top[:2]] == ["Đơn vị thử 00", "Đơn vị thử 01"]
    assert [r.rank for r in bottom] == list(range(16, 26))
    few = {body.pk for body in bodies[:12]}
    top, bottom = top_and_bottom(plan, year=2026, body_ids=few, n=10)
    assert len(top) == 10 and [r.rank for r in bottom] == [11, 12]
    assert top_and_bottom(plan, year=2026, body_ids=set(), n=10) == ([], [])


@pytest.mark.parametrize(
    "weights, message",
    [
        ((40, 30, 20, 20), "Tổng các trọng số phải bằng 100 (hiện là 110)."),
        ((40, 30, 40, -10), "Trọng số phải là số nguyên từ 0 đến 100."),
        ((40.5, 29.5, 20, 10), "Trọng số phải là số nguyên từ 0 đến 100."),
    ],
)
def test_weights_must_be_whole_numbers_summing_to_100(plan, people, weights, message):
    data = dict(
        zip(
            ["weight_completion", "weight_on_time", "weight_reporting", "weight_kpis"],
            weights,
            strict=True,
        )
    )
    with pytest.raises(ValidationError) as refused:
        settings_save(plan, data=data, user=people["thuongtruc"], seen_version="1")
    assert refused.value.messages == [message]
    assert not DashboardSettings.objects.filter(plan=plan).exists()  # nothing saved


def test_settings_save_is_audited_and_guarded(plan, people):
    data = {
        "public": True,
        "weight_completion": 50,
        "weight_on_time": 20,
        "weight_reporting": 20,
        "weight_kpis": 10,
    }
    saved = settings_save(plan, data=data, user=people["thuongtruc"], seen_version="1")
    assert (saved.public, saved.weight_completion, saved.version) == (True, 50, 2)
    entry = saved.history.latest()
    assert entry.history_user == people["thuongtruc"]
    assert entry.history_change_reason == "dashboard.settings.saved"
    assert entry.action_data == {"fields": ["public", "weight_completion", "weight_on_time"]}
    assert saved.history.count() == 1
    with pytest.raises(EditConflict):
        settings_save(plan, data=data, user=people["thuongtruc"], seen_version="1")


def test_the_xlsx_holds_the_table_with_percent_cells(plan, stats):
    rows = stored(plan)
    sheet = load_workbook(io.BytesIO(scorecard_xlsx(rows, title="Xếp hạng 2026"))).active
    assert sheet["A1"].value == "Xếp hạng 2026"
    assert [c.value for c in sheet[2]] == [
        "Hạng",
        "Cơ quan, đơn vị",
        "Tỷ lệ hoàn thành",
        "Tỷ lệ đúng hạn",
        "Báo cáo đúng hạn",
        "Chỉ tiêu đạt",
        "Điểm",
    ]
    first = [c.value for c in sheet[3]]
    rates, score = expected_row("Sở Tài chính")
    assert first[:2] == [1, "Sở Tài chính"]
    assert first[2:6] == pytest.approx(rates)
    assert first[6] == pytest.approx(round(score, 1))
    assert sheet["C3"].number_format == "0.0%"
    assert sheet.max_row == 2 + len(FIGURES)
    assert [c.value for c in sheet[4]][3] is None  # Sở Nội vụ has no on-time rate


def test_query_count_is_fixed(plan, periods, django_assert_num_queries):
    def make(count, start):
        bodies = Body.objects.bulk_create(
            Body(name=f"Đơn vị thử {start + i}", kind=BodyKind.OTHER) for i in range(count)
        )
        BodyPeriodStat.objects.bulk_create(
            stat(periods[month], body, (True, True, 2, 1, 1, 1, 1))
            for body in bodies
            for month in periods
        )

    make(10, 0)
    with CaptureQueriesContext(connection) as small:
        scorecard_store(plan, year=2026)
        assert len(scorecard(plan, year=2026)) == 10
    make(50, 100)
    with CaptureQueriesContext(connection) as large:
        scorecard_store(plan, year=2026)
        assert len(scorecard(plan, year=2026)) == 60
    # the settings, the stats, the stored rows, delete, update, insert; the read
    assert len(small) <= 8 and len(large) <= 8
    with CaptureQueriesContext(connection) as again:  # nothing moved: nothing written
        scorecard_store(plan, year=2026)
    assert not [q for q in again if q["sql"].split()[0] in ("UPDATE", "INSERT", "DELETE")]


# --- pages ---


def test_pages_need_their_readers(client, login, plan, stats):
    board = reverse("dashboard:scorecard", args=[plan.pk])
    xlsx = reverse("dashboard:scorecard_xlsx", args=[plan.pk])
    settings_url = reverse("dashboard:settings", args=[plan.pk])
    assert client.get(board).status_code == 302  # to the log-in page
    login("daumoi")
    for url in (board, xlsx, settings_url):
        assert client.get(url).status_code == 403
    login("chutich")
    assert client.get(board).status_code == 200
    assert client.get(settings_url).status_code == 403
    login("thuongtruc")
    assert client.get(settings_url).status_code == 200


def test_the_page_shows_the_table_and_a_member_only_his_bodies(client, login, plan, stats):
    scorecard_store(plan, year=2026)
    url = reverse("dashboard:scorecard", args=[plan.pk]) + "?nam=2026"
    page = login("chutich").get(url).content.decode()
    assert page.count('data-testid="scorecard-row"') == 3
    assert "80,8" in page  # Sở Tài chính's score
    page = login("thanhvien").get(url).content.decode()  # oversees Sở Y tế
    assert page.count('data-testid="scorecard-row"') == 1
    assert "Sở Y tế" in page and "Sở Tài chính" not in page.split("scorecard-table")[1]
    response = login("thanhvien").get(
        reverse("dashboard:scorecard_xlsx", args=[plan.pk]) + "?nam=2026"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [row[1].value for row in sheet.iter_rows(min_row=3)] == ["Sở Y tế"]
    assert sheet["A3"].value == 3  # his body's rank among every body


def test_the_page_shows_fifty_bodies_at_a_time_the_xlsx_all(client, login, plan, periods):
    bodies = Body.objects.bulk_create(
        Body(name=f"Đơn vị thử {i:02}", kind=BodyKind.OTHER) for i in range(60)
    )
    BodyPeriodStat.objects.bulk_create(
        stat(periods[1], body, (True, i % 2 == 0, 0, 0, 0, 0, 0)) for i, body in enumerate(bodies)
    )
    scorecard_store(plan, year=2026)
    url = reverse("dashboard:scorecard", args=[plan.pk])
    chair = login("chutich")
    first = chair.get(url + "?nam=2026").content.decode()
    assert first.count('data-testid="scorecard-row"') == 50
    assert "Trang 1/2" in first and "?nam=2026&amp;trang=2" in first
    second = chair.get(url + "?nam=2026&trang=2").content.decode()
    assert second.count('data-testid="scorecard-row"') == 10
    assert "Đơn vị thử 59" in second and "Đơn vị thử 00" not in second  # odd ones last
    sheet = load_workbook(
        io.BytesIO(chair.get(url.replace("xep-hang/", "xep-hang.xlsx") + "?nam=2026").content)
    ).active
    assert sheet.max_row == 2 + 60


def test_the_office_saves_the_settings(client, login, plan):
    url = reverse("dashboard:settings", args=[plan.pk])
    office = login("thuongtruc")
    form = {
        "public": "on",
        "weight_completion": "25",
        "weight_on_time": "25",
        "weight_reporting": "25",
        "weight_kpis": "25",
        "seen_version": "1",
    }
    assert office.post(url, form).status_code == 302
    saved = DashboardSettings.objects.get(plan=plan)
    assert (saved.public, saved.weight_kpis, saved.version) == (True, 25, 2)
    refused = office.post(url, {**form, "weight_kpis": "30", "seen_version": "2"})
    assert "Tổng các trọng số phải bằng 100 (hiện là 105)." in refused.content.decode()
    stale = office.post(url, form)  # the version 1 page again
    assert "Người khác vừa sửa mục này" in stale.content.decode()
    assert DashboardSettings.objects.get(plan=plan).version == 2
