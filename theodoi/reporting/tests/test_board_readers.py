"""The period board read by the chair and the working-group members (their bodies
only, no office action), reached from their overview; and, for every reader, who
has an account and when each body was last reminded."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from theodoi.accounts.models import User
from theodoi.bodies.models import Body
from theodoi.notify.models import Kind, Notification
from theodoi.notify.services.outbox import new_notification
from theodoi.plans.services.drafts import plan_draft_create
from theodoi.plans.services.publish import plan_publish
from theodoi.reporting.models import Period
from theodoi.reporting.tests.conftest import month_period, vn
from theodoi.reporting.tests.test_board import open_board, plan_with_bodies


def rows(response) -> list[str]:
    return [row.body.name for row in response.context["board"].rows]


def plan_bodies(period):
    return Body.objects.filter(assignments__plan=period.plan).distinct()


def test_the_chair_reads_every_body_of_the_board_without_the_offices_actions(login, period):
    response = open_board(login("chutich"), period)
    page = response.content.decode()
    assert response.context["board"].total == len(rows(response)) == plan_bodies(period).count()
    assert "Nhắc ngay" not in page and 'name="don-vi"' not in page
    assert reverse("reporting:board_chase", args=[period.pk]) not in page
    assert reverse("reporting:review") not in page
    finance = Body.objects.get(name="Sở Tài chính")
    assert reverse("reporting:report_history", args=[period.pk, finance.pk]) not in page
    assert reverse("reporting:report", args=[finance.pk, period.pk]) in page


@pytest.mark.parametrize("username", ["uyvien", "thanhvien"])
def test_a_member_reads_only_the_bodies_he_oversees(login, people, period, username):
    response = open_board(login(username), period)
    overseen = set(people[username].overseen_bodies.values_list("name", flat=True))
    expected = set(plan_bodies(period).filter(name__in=overseen).values_list("name", flat=True))
    assert expected and set(rows(response)) == expected
    assert response.context["board"].total == len(expected)  # the counts too


@pytest.mark.parametrize("username", ["chutich", "uyvien"])
def test_a_reader_may_neither_chase_nor_open_the_review_list(login, people, period, username):
    client = login(username)
    finance = Body.objects.get(name="Sở Tài chính")
    chase = reverse("reporting:board_chase", args=[period.pk])
    assert client.post(chase, {"don-vi": [finance.pk]}).status_code == 403
    assert client.get(reverse("reporting:review")).status_code == 403
    assert not Notification.objects.exists()


def test_the_overview_links_each_plan_to_its_latest_periods_board(login, period):
    month_period(period.rule, 4)
    latest = (  # publishing made the periods of the plan's rules; the latest begun
        Period.objects.filter(plan=period.plan, starts_on__lte=timezone.localdate())
        .order_by("-cutoff")
        .first()
    )
    client = login("chutich")
    page = client.get(reverse("accounts:viewer_home")).content.decode()
    link = reverse("reporting:plan_board", args=[period.plan_id])
    assert link in page
    response = client.get(link)
    assert response.status_code == 302
    assert response["Location"] == reverse("reporting:board", args=[latest.pk])


def test_a_plan_without_a_period_sends_the_reader_back_to_the_plan(login, plan):
    Period.objects.filter(plan=plan).delete()
    response = login("chutich").get(reverse("reporting:plan_board", args=[plan.pk]), follow=True)
    assert response.redirect_chain[-1][0] == plan.get_absolute_url()
    assert "Kế hoạch này chưa đến kỳ báo cáo nào." in response.content.decode()


def test_focal_officers_are_refused_the_latest_board_too(login, period):
    response = login("daumoi").get(reverse("reporting:plan_board", args=[period.plan_id]))
    assert response.status_code == 403


# --- Who has an account ------------------------------------------------------------


def test_each_row_says_whether_the_body_has_a_focal_officer_and_a_head(login, people, period):
    commune = people["daumoi.xa"].body  # a focal officer, no head
    no_one = plan_bodies(period).filter(kind="commune").exclude(pk=commune.pk).first()
    client = login("thuongtruc")
    found = {row.body.name: row for row in open_board(client, period).context["board"].rows}
    finance = found["Sở Tài chính"]
    assert (finance.has_focal, finance.has_head) == (True, True)
    assert (found[commune.name].has_focal, found[commune.name].has_head) == (True, False)
    assert (found[no_one.name].has_focal, found[no_one.name].has_head) == (False, False)
    page = open_board(client, period, q=commune.name).content.decode()
    assert "Chưa có lãnh đạo" in page
    page = open_board(client, period, q=no_one.name).content.decode()
    assert "Chưa có tài khoản đầu mối, lãnh đạo" in page


def test_the_no_account_filter_keeps_the_bodies_missing_a_focal_officer_or_a_head(
    login, people, period
):
    people["lanhdao"].is_active = False  # a disabled account reminds no one
    people["lanhdao"].save()
    complete = {
        body.pk
        for body in plan_bodies(period)
        if User.objects.filter(body=body, role="focal", is_active=True).exists()
        and User.objects.filter(body=body, role="head", is_active=True).exists()
    }
    expected = set(plan_bodies(period).exclude(pk__in=complete).values_list("name", flat=True))
    response = open_board(login("thuongtruc"), period, **{"chua-tai-khoan": "1"})
    assert set(rows(response)) == expected
    assert "Sở Tài chính" in expected
    assert response.context["board"].without_account == len(expected)


# --- When each body was last reminded ------------------------------------------------


def reminder(kind, person, period, body, at, *, ref="") -> Notification:
    """A notice of ``kind`` about ``body``'s report of ``period``, made at ``at``."""
    notice = new_notification(
        kind=kind,
        recipient=person,
        day=at.date(),
        moment=at,
        ref=ref,
        period=period,
        body_id=body.pk,
        subject="Nhắc báo cáo",
    )
    notice.save()
    return notice


def test_the_board_shows_when_each_body_was_last_reminded_of_this_period(login, people, period):
    finance = Body.objects.get(name="Sở Tài chính")
    health = Body.objects.get(name="Sở Y tế")
    first, last = vn(2026, 3, 18, 7, 30), vn(2026, 3, 26, 7, 30)
    reminder(Kind.BEFORE, people["daumoi"], period, finance, first)
    reminder(Kind.OVERDUE, people["lanhdao"], period, finance, last)
    reminder(Kind.CHASE, people["daumoi.yte"], period, health, first, ref="0900")
    # Not reminders of this period: a step of the report, another period's notice.
    reminder(Kind.SUBMITTED, people["lanhdao"], period, finance, last + timedelta(days=1))
    other = month_period(period.rule, 4)
    reminder(Kind.OVERDUE, people["daumoi"], other, finance, last + timedelta(days=2))

    response = open_board(login("chutich"), period)
    found = {row.body.name: row.last_reminded for row in response.context["board"].rows}
    expected = {
        name: max(
            Notification.objects.filter(
                period=period, body__name=name, kind__in=["before", "overdue", "chase"]
            ).values_list("created_at", flat=True)
        )
        for name in ["Sở Tài chính", "Sở Y tế"]
    }
    assert found["Sở Tài chính"] == expected["Sở Tài chính"] == last
    assert found["Sở Y tế"] == expected["Sở Y tế"] == first
    assert all(when is None for name, when in found.items() if name not in expected)
    assert "07:30 26/03/2026" in response.content.decode()


def test_the_board_reads_accounts_and_reminders_in_the_same_queries_for_10_or_100_bodies(
    login, people, django_assert_max_num_queries
):
    client = login("thuongtruc")
    periods = []
    for count in (10, 100):
        period = plan_with_bodies(count, people["thuongtruc"])
        for n, body in enumerate(plan_bodies(period).filter(kind="commune")):
            person = User.objects.create_user(f"p{period.pk}-{n}", role="focal", body=body)
            reminder(Kind.OVERDUE, person, period, body, vn(2026, 3, 26, 7, 30))
        periods.append(period)
    small, large = periods
    with django_assert_max_num_queries(11) as small_queries:  # 11: the chasing letters
        board = open_board(client, small).context["board"]
        assert board.total == 10 and sum(row.last_reminded is not None for row in board.rows) == 9
    with django_assert_max_num_queries(len(small_queries)):
        board = open_board(client, large).context["board"]
        assert sum(row.has_focal for row in board.rows) == 99 + 1  # and Sở Tài chính's


def test_the_list_of_periods_links_each_published_plan_to_its_latest_boards(login, people):
    plan = plan_draft_create(data={"document": {"title": "Kế hoạch thử", "year": 2026}})
    plan_publish(plan=plan, user=people["thuongtruc"], confirm_gaps=True)
    today = timezone.localdate()
    begun = sorted(
        (p for p in Period.objects.filter(plan=plan) if p.starts_on <= today),
        key=lambda p: p.cutoff,
    )
    page = login("chutich").get(reverse("reporting:boards")).content.decode()
    links = {p: reverse("reporting:board", args=[p.pk]) + '"' for p in Period.objects.all()}
    shown = [p for p, link in links.items() if link in page]
    assert sorted(shown, key=lambda p: p.cutoff) == begun[-3:]
    assert login("daumoi").get(reverse("reporting:boards")).status_code == 403
