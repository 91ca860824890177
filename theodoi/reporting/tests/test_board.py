"""The office's board of a period: counts, filters, a fixed number of queries."""

import pytest
from django.urls import reverse

from theodoi.bodies.models import Body
from theodoi.plans.models import Assignment
from theodoi.plans.services.drafts import plan_draft_create
from theodoi.plans.services.publish import plan_publish
from theodoi.reporting.models import Report, ReportingRule, ReportState
from theodoi.reporting.tests.conftest import month_period, vn

ONE_TASK = {
    "document": {"type": "Kế hoạch", "title": "Kế hoạch nhỏ", "year": 2026, "bases": []},
    "sections": [{"code": "I", "path": "I", "title": "Phần một"}],
    "tasks": [
        {"section": "I", "code": "1", "title": "Việc", "lead": ["Sở Tài chính"], "support": []}
    ],
    "indicators": [],
}


def board_url(period, **params):
    return reverse("reporting:board", args=[period.pk]), params


def open_board(client, period, **params):
    url, params = board_url(period, **params)
    response = client.get(url, params)
    assert response.status_code == 200
    return response


def report(period, name, state, *, version=2, late=False, at=None):
    return Report.objects.create(
        period=period,
        body=Body.objects.get(name=name),
        state=state,
        version=version,
        late=late,
        submitted_at=at,
    )


@pytest.fixture
def reports(period):
    """Sở Tài chính sent late, Sở Y tế approved, two communes: one opened a draft
    without saving it, one is writing it."""
    communes = list(
        Body.objects.filter(assignments__plan=period.plan, kind="commune").distinct()[:2]
    )
    report(period, "Sở Tài chính", ReportState.SUBMITTED, late=True, at=vn(2026, 3, 26, 8, 0))
    report(period, "Sở Y tế", ReportState.APPROVED, at=vn(2026, 3, 24, 8, 0))
    report(period, communes[0].name, ReportState.DRAFT, version=1)
    report(period, communes[1].name, ReportState.DRAFT, version=3)
    return communes


def test_the_board_counts_every_body_of_the_plan_by_its_reports_state(login, period, reports):
    board = open_board(login("thuongtruc"), period).context["board"]
    bodies = Body.objects.filter(assignments__plan=period.plan).distinct().count()
    assert board.total == bodies > 100
    assert board.counts["submitted"] == 1 and board.counts["approved"] == 1
    assert board.counts["draft"] == 1  # the draft saved at least once
    assert board.counts["not-started"] == bodies - 3  # no report, or a draft never saved
    assert board.late == 1


def test_the_office_filters_the_board_by_state_kind_lateness_and_name(login, period, reports):
    client = login("thuongtruc")
    rows = lambda **p: [r.body.name for r in open_board(client, period, **p).context["board"].rows]  # noqa: E731
    assert rows(**{"trang-thai": "approved"}) == ["Sở Y tế"]
    assert rows(muon="1") == ["Sở Tài chính"]
    assert set(rows(loai="department")) == {"Sở Tài chính", "Sở Y tế"}
    assert rows(q="so tai chinh") == ["Sở Tài chính"]
    assert rows(**{"trang-thai": "draft"}) == [reports[1].name]
    assert rows(**{"trang-thai": "nonsense"}) == rows()  # a malformed filter is ignored


def test_an_htmx_request_gets_only_the_rows_and_counts(login, period, reports):
    url, _ = board_url(period)
    response = login("thuongtruc").get(url, {"muon": "1"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "<html" not in page and 'id="board-table"' in page
    assert "Sở Tài chính" in page and "Sở Y tế" not in page
    assert "Nộp muộn" in page


def test_each_row_links_to_the_bodys_report_and_its_history(login, period, reports):
    page = open_board(login("thuongtruc"), period).content.decode()
    finance = Body.objects.get(name="Sở Tài chính")
    assert reverse("reporting:report", args=[finance.pk, period.pk]) in page
    assert reverse("reporting:report_history", args=[period.pk, finance.pk]) in page


@pytest.mark.parametrize("username", ["daumoi", "lanhdao", "daumoi.xa"])
def test_focal_officers_and_heads_do_not_open_the_board(login, period, username):
    url, _ = board_url(period)
    assert login(username).get(url).status_code == 403
    assert login(username).get(reverse("reporting:review")).status_code == 403


def plan_with_bodies(count, office):
    """A published plan whose one task names ``count`` bodies; half of them reported."""
    plan = plan_draft_create(data=ONE_TASK)
    plan_publish(plan=plan, user=office, confirm_gaps=True)
    task = plan.tasks.get()
    bodies = Body.objects.bulk_create(
        Body(name=f"Xã thử {plan.pk}-{i}", kind="commune") for i in range(count - 1)
    )
    Assignment.objects.bulk_create(
        Assignment(plan=plan, task=task, body=body, role="support") for body in bodies
    )
    rule = ReportingRule.objects.create(plan=plan, frequency="monthly", due_day=25)
    period = month_period(rule, 3)
    Report.objects.bulk_create(
        Report(period=period, body=body, state=ReportState.SUBMITTED, version=2, late=i % 3 == 0)
        for i, body in enumerate(bodies[: count // 2])
    )
    return period


def test_the_board_runs_a_fixed_number_of_queries_for_10_or_120_bodies(
    login, people, django_assert_max_num_queries
):
    client = login("thuongtruc")
    small = plan_with_bodies(10, people["thuongtruc"])
    large = plan_with_bodies(120, people["thuongtruc"])
    with django_assert_max_num_queries(11) as small_queries:  # 11: the chasing letters
        assert open_board(client, small).context["board"].total == 10
    with django_assert_max_num_queries(len(small_queries)):
        assert open_board(client, large).context["board"].total == 120


def test_the_review_list_shows_reports_approved_by_heads(login, period, reports):
    response = login("thuongtruc").get(reverse("reporting:review"))
    rows = list(response.context["reports"])
    assert [r.body.name for r in rows] == ["Sở Y tế"]
    assert (
        reverse("reporting:report", args=[rows[0].body_id, period.pk]) in response.content.decode()
    )


def test_the_history_of_a_report_says_who_changed_what_and_when(login, people, report):
    from theodoi.reporting.services.workflow import report_submit

    report_submit(report=report, user=people["daumoi"], now=vn(2026, 3, 20, 9, 0))
    response = login("thuongtruc").get(
        reverse("reporting:report_history", args=[report.period_id, report.body_id])
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert people["daumoi"].display_name in page
    assert "Đang soạn → Đã gửi, chờ lãnh đạo duyệt" in page
    assert "20/03/2026" in page  # the moment it was sent


def test_the_office_home_counts_the_reports_waiting_for_it(login, period, reports):
    page = login("thuongtruc").get(reverse("accounts:office_home")).content.decode()
    assert "1 báo cáo lãnh đạo đơn vị đã duyệt, chờ tiếp nhận" in page
    assert reverse("reporting:review") in page
