"""The weekly digest to the office, on the small plan.

The digest goes out on Mondays from 07:30 (the defaults). Monday 30/03/2026 covers
the week 23/03–29/03: the period "Tháng 3/2026" closed on Wednesday 25/03 at 16:00;
Sở Tài chính sent its report on 26/03 (its KPI went from 14,5 in February to 20),
Sở Y tế and the 102 communes still owe theirs; task 1 of Sở Tài chính fell due on
27/03 and is not done.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from theodoi.accounts.models import Role, User
from theodoi.bodies.models import Body
from theodoi.notify.models import Kind, Notification, Preference
from theodoi.notify.services import digest
from theodoi.notify.services.delivery import deliver_all
from theodoi.notify.services.digest import digest_notifications
from theodoi.notify.services.schedule import tick
from theodoi.plans.models import Indicator, Task
from theodoi.plans.services.drafts import plan_draft_create
from theodoi.plans.services.publish import plan_publish
from theodoi.reporting.models import (
    ItemState,
    KpiValue,
    Period,
    Report,
    ReportingRule,
    ReportItem,
    ReportState,
)
from theodoi.reporting.tests.conftest import SMALL_PLAN, month_period, vn

pytestmark = pytest.mark.django_db

MONDAY = vn(2026, 3, 30, 7, 30)


def february(period):
    return month_period(period.rule, 2)


def kpi_report(period, body, value, *, submitted_at, state=ReportState.SUBMITTED, indicator=None):
    """A report of ``body`` sent at ``submitted_at`` with ``value`` for the plan's KPI."""
    report = Report.objects.create(period=period, body=body, state=state, submitted_at=submitted_at)
    indicator = indicator or Indicator.objects.get(plan=period.plan)
    KpiValue.objects.create(report=report, indicator=indicator, value=Decimal(value))
    return report


@pytest.fixture
def week(period, people):
    """The small plan's March period, a February one, Sở Tài chính's KPI moving from
    14,5 to 20, and task 1 due on Friday 27/03."""
    ReportingRule.objects.filter(plan=period.plan).exclude(pk=period.rule_id).delete()
    body = people["daumoi"].body
    kpi_report(
        february(period),
        body,
        "14.5",
        submitted_at=vn(2026, 2, 24, 9, 0),
        state=ReportState.ACCEPTED,
    )
    kpi_report(period, body, "20", submitted_at=vn(2026, 3, 26, 10, 0))
    Task.objects.filter(plan=period.plan, code="1").update(due=date(2026, 3, 27))
    return period


@pytest.fixture
def office2(people):
    return User.objects.create_user(
        "thuongtruc2",
        "thuongtruc2@theodoi.local",
        "x",
        role=Role.OFFICE,
        body=people["thuongtruc"].body,
    )


def digests():
    return Notification.objects.filter(kind=Kind.DIGEST)


def recipients_of_digest():
    return sorted(digests().values_list("recipient__username", flat=True))


def test_monday_from_half_past_seven_once_per_office_user(week, people, office2):
    assert digest_notifications(vn(2026, 3, 30, 7, 29)) == []
    tick(vn(2026, 3, 30, 7, 29))
    assert not digests().exists()
    tick(MONDAY)
    assert recipients_of_digest() == ["thuongtruc", "thuongtruc2"]
    assert set(digests().values_list("day", flat=True)) == {date(2026, 3, 30)}
    assert set(digests().values_list("key", flat=True)) == {
        f"digest:{people['thuongtruc'].pk}:-:2026-03-30",
        f"digest:{office2.pk}:-:2026-03-30",
    }
    assert digest_notifications(vn(2026, 3, 30, 7, 31)) == []
    tick(vn(2026, 3, 30, 16, 0))
    assert digests().count() == 2
    assert digest_notifications(vn(2026, 3, 31, 7, 30)) == []  # Tuesday
    assert digest_notifications(vn(2026, 3, 29, 23, 59)) == []  # Sunday
    assert len(digest_notifications(vn(2026, 4, 6, 7, 30))) == 2  # the next Monday


def test_a_late_tick_still_makes_the_digest_of_the_day(week, people):
    tick(vn(2026, 3, 30, 15, 45))
    assert recipients_of_digest() == ["thuongtruc"]


def test_the_weekday_and_hour_come_from_the_settings(week, people, settings):
    settings.THEODOI_DIGEST_WEEKDAY = 4  # Friday
    settings.THEODOI_DIGEST_TIME = "16:00"
    assert digest_notifications(MONDAY) == []
    assert digest_notifications(vn(2026, 4, 3, 15, 59)) == []
    [notice] = digest_notifications(vn(2026, 4, 3, 16, 0))
    assert notice.day == date(2026, 4, 3)
    assert notice.context["week"] == "27/03/2026–02/04/2026"


def test_opted_out_and_inactive_office_users_get_none(week, people, office2):
    Preference.objects.create(user=people["thuongtruc"], digest=False)
    inactive = User.objects.create_user(
        "thuongtruc3",
        "t3@theodoi.local",
        "x",
        role=Role.OFFICE,
        body=people["thuongtruc"].body,
        is_active=False,
    )
    tick(MONDAY)
    assert recipients_of_digest() == ["thuongtruc2"]
    assert not digests().filter(recipient=inactive).exists()


def test_a_user_who_opts_in_again_gets_the_digest_of_the_day(week, people, office2):
    preference = Preference.objects.create(user=office2, digest=False)
    tick(MONDAY)
    assert recipients_of_digest() == ["thuongtruc"]
    preference.digest = True
    preference.save()
    tick(vn(2026, 3, 30, 9, 0))
    assert recipients_of_digest() == ["thuongtruc", "thuongtruc2"]


def test_the_content_late_bodies_overdue_task_and_moved_kpi(week, people):
    [notice] = digest_notifications(MONDAY)
    context = notice.context
    assert context["week"] == "23/03/2026–29/03/2026"
    assert notice.subject == (
        "Tổng hợp tuần 23/03/2026–29/03/2026: 103 báo cáo quá hạn, "
        "1 nhiệm vụ quá hạn, 1 chỉ tiêu thay đổi"
    )
    assert notice.link == "/"
    assert notice.period_id is None

    # Late: Sở Y tế and the 102 communes, not Sở Tài chính (sent); 50 listed.
    assert context["late_count"] == 103
    assert len(context["late"]) == 50 and context["late_more"] == 53
    late = {row["body"]: row for row in context["late"]}
    assert "Sở Tài chính" not in late
    yte = late["Sở Y tế"]
    body = Body.objects.get(name="Sở Y tế")
    assert yte == {
        "body": "Sở Y tế",
        "plan": "Kế hoạch thử",
        "period": "Tháng 3/2026",
        "cutoff": "25/03/2026 16:00",
        "days_late": 5,
        "url": f"http://127.0.0.1:8000/bao-cao/don-vi/{body.pk}/ky/{week.pk}/",
    }

    task = Task.objects.get(plan=week.plan, code="1")
    assert context["overdue_tasks"] == [
        {
            "code": "1",
            "title": "Xây dựng kho dữ liệu",
            "plan": "Kế hoạch thử",
            "due": "27/03/2026",
            "new": True,
            "leads": "Sở Tài chính",
            "leads_more": 0,
            "url": f"http://127.0.0.1:8000{task.get_absolute_url()}",
        }
    ]
    [kpi] = context["kpis_moved"]
    assert {k: kpi[k] for k in ("name", "body", "before", "after", "unit", "target", "up")} == {
        "name": "Tỷ lệ hồ sơ trực tuyến",
        "body": "Sở Tài chính",
        "before": "14,5",
        "after": "20",
        "unit": "%",
        "target": "≥ 80",
        "up": True,
    }


def test_the_overdue_tasks_are_the_plan_pages_those_of_the_week_marked_new(week, people):
    """Every task overdue on the digest's day is listed, as the plan page counts it; a
    task overdue since before the week too (it used to be left out: "0 nhiệm vụ quá
    hạn" while the plan page showed 9), not marked new."""
    body = people["daumoi"].body
    report = Report.objects.get(period=week, body=body)
    assignment = report.body.assignments.get(task__code="1", task__plan=week.plan)
    ReportItem.objects.create(report=report, assignment=assignment, state=ItemState.DONE)
    assert digest_notifications(MONDAY)[0].context["overdue_tasks"] == []
    ReportItem.objects.filter(report=report).update(state=ItemState.IN_PROGRESS)
    assert digest_notifications(MONDAY)[0].context["overdue_count"] == 1
    Task.objects.filter(plan=week.plan, code="1").update(due=date(2026, 3, 22))  # week before
    context = digest_notifications(MONDAY)[0].context
    assert [row["new"] for row in context["overdue_tasks"]] == [False]
    assert (context["overdue_count"], context["overdue_new_count"]) == (1, 0)
    Task.objects.filter(plan=week.plan, code="1").update(due=date(2026, 3, 30))  # due today
    assert digest_notifications(MONDAY)[0].context["overdue_tasks"] == []
    Task.objects.filter(plan=week.plan, code="1").update(due=date(2026, 3, 23), closed_at=MONDAY)
    assert digest_notifications(MONDAY)[0].context["overdue_tasks"] == []


def test_a_returned_report_or_an_unchanged_value_is_not_a_move(week, people):
    report = Report.objects.get(period=week, body=people["daumoi"].body)
    KpiValue.objects.filter(report=report).update(value=Decimal("14.5"))
    assert digest_notifications(MONDAY)[0].context["kpis_moved"] == []
    KpiValue.objects.filter(report=report).update(value=Decimal("12"))
    [kpi] = digest_notifications(MONDAY)[0].context["kpis_moved"]
    assert (kpi["before"], kpi["after"], kpi["up"]) == ("14,5", "12", False)
    report.state = ReportState.RETURNED
    report.save()
    context = digest_notifications(MONDAY)[0].context
    assert context["kpis_moved"] == []
    assert "Sở Tài chính" in {row["body"] for row in context["late"]}  # owed again
    assert context["late_count"] == 104


def test_a_report_sent_before_the_week_is_not_a_move_of_this_week(week, people):
    Report.objects.filter(period=week, body=people["daumoi"].body).update(
        submitted_at=vn(2026, 3, 22, 23, 59)
    )
    assert digest_notifications(MONDAY)[0].context["kpis_moved"] == []
    Report.objects.filter(period=week, body=people["daumoi"].body).update(
        submitted_at=vn(2026, 3, 23, 0, 0)
    )
    assert digest_notifications(MONDAY)[0].context["kpi_count"] == 1


def test_each_list_is_capped_and_says_how_many_more(week, people, monkeypatch):
    monkeypatch.setattr(digest, "MAX_ROWS", 2)
    [notice] = digest_notifications(MONDAY)
    assert len(notice.context["late"]) == 2
    assert notice.context["late_more"] == 101
    assert notice.context["late_count"] == 103


def test_the_email_lists_the_late_the_overdue_task_and_the_moved_kpi(week, people):
    tick(MONDAY)
    deliver_all(MONDAY)
    [message] = [m for m in mail.outbox if m.extra_headers["X-Theodoi-Key"].startswith("digest:")]
    assert message.to == ["thuongtruc@theodoi.local"]
    assert message.subject.startswith("Tổng hợp tuần 23/03/2026–29/03/2026: 103 báo cáo quá hạn")
    text = message.body
    assert (
        "- Sở Y tế — kỳ Tháng 3/2026 (Kế hoạch thử): hạn 25/03/2026 16:00, quá hạn 5 ngày" in text
    )
    assert "… và 53 mục khác." in text
    assert "- 1. Xây dựng kho dữ liệu (Kế hoạch thử): hạn 27/03/2026" in text
    assert "chủ trì chưa hoàn thành: Sở Tài chính" in text
    assert "- Tỷ lệ hồ sơ trực tuyến — Sở Tài chính: 14,5 → 20 % (mục tiêu ≥ 80)" in text
    assert "Không muốn nhận bản tổng hợp này nữa: http://127.0.0.1:8000/" in text
    html = message.alternatives[0][0]
    assert "<table" in html
    assert ">Sở Y tế</a>" in html
    assert '<td style="text-align: right; padding: 4px 8px">14,5</td>' in html
    assert "<strong>20</strong> ▲" in html
    assert "Xây dựng kho dữ liệu</a>" in html
    assert "Đổi cài đặt nhận thông báo" in html


def test_an_empty_week_says_so(week, people):
    Period.objects.update(locked_at=MONDAY)
    Task.objects.update(due=None)
    KpiValue.objects.all().delete()
    tick(MONDAY)
    deliver_all(MONDAY)
    [message] = mail.outbox
    assert "Không có đơn vị nào quá hạn." in message.body
    assert "Không có nhiệm vụ nào quá hạn." in message.body
    assert "Không có chỉ tiêu nào thay đổi số liệu." in message.body


# --- Cost --------------------------------------------------------------------


def _queries(moment) -> tuple[int, list]:
    with CaptureQueriesContext(connection) as queries:
        notices = digest_notifications(moment)
    return len(queries), notices


def _second_plan(people, week):
    """Another published plan with several lead bodies, tasks due in the week, a
    period and moves of KPIs by several bodies."""
    bodies = ["Sở Y tế", "Sở Xây dựng", "Sở Nội vụ", "Sở Tư pháp"]
    data = {
        **SMALL_PLAN,
        "document": {**SMALL_PLAN["document"], "title": "Kế hoạch thứ hai"},
        "tasks": [
            {
                "section": "I",
                "code": str(n),
                "title": f"Nhiệm vụ {n}",
                "lead": bodies[: n % 4 + 1],
                "support": [],
                "deadline": {"text": "25/3/2026", "due": "2026-03-25"},
                "deliverable": "Báo cáo",
            }
            for n in range(1, 9)
        ],
        "indicators": [
            {
                "code": str(n),
                "name": f"Chỉ tiêu {n}",
                "unit": "%",
                "target": {"text": "≥ 50", "op": ">=", "value": 50},
                "lead": bodies,
                "support": [],
            }
            for n in range(1, 4)
        ],
    }
    plan = plan_draft_create(data=data)
    plan_publish(plan=plan, user=people["thuongtruc"], confirm_gaps=True, now=vn(2026, 1, 2, 8, 0))
    ReportingRule.objects.filter(plan=plan).delete()
    rule = ReportingRule.objects.create(plan=plan, frequency="monthly", due_day=20)
    periods = [month_period(rule, m, due_day=20) for m in (2, 3)]
    for name in bodies[:3]:
        body = Body.objects.get(name=name)
        before = Report.objects.create(
            period=periods[0], body=body, state="accepted", submitted_at=vn(2026, 2, 19, 9, 0)
        )
        after = Report.objects.create(
            period=periods[1], body=body, state="approved", submitted_at=vn(2026, 3, 24, 9, 0)
        )
        for n, indicator in enumerate(Indicator.objects.filter(plan=plan)):
            KpiValue.objects.create(report=before, indicator=indicator, value=n)
            KpiValue.objects.create(report=after, indicator=indicator, value=n + 1)
    return plan


def test_a_fixed_number_of_queries_whatever_the_size(week, people, office2):
    small, notices = _queries(MONDAY)
    assert len(notices) == 2
    assert notices[0].context["overdue_count"] == 1
    assert notices[0].context["kpi_count"] == 1

    _second_plan(people, week)
    for n in range(3):
        User.objects.create_user(
            f"office{n}",
            f"o{n}@theodoi.local",
            "x",
            role=Role.OFFICE,
            body=people["thuongtruc"].body,
        )
    Preference.objects.create(user=office2, digest=False)
    large, notices = _queries(MONDAY)
    assert len(notices) == 4
    context = notices[0].context
    assert context["overdue_count"] == 9
    assert context["kpi_count"] == 1 + 3 * 3
    assert context["late_count"] > 103
    assert large == small
    # Once every office user has it, the tick's minute costs three small queries.
    tick(MONDAY)
    assert _queries(vn(2026, 3, 30, 7, 31)) == (3, [])
