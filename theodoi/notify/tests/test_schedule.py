"""The scheduler's tick on the small plan: who is reminded, when, and only once.

The plan's period "Tháng 3/2026" closes on Wednesday 25/03/2026 at 16:00; Sở Tài
chính (daumoi focal, lanhdao head), Sở Y tế (daumoi.yte) and the communes owe it.
"""

from datetime import datetime

import pytest
from django.core import mail

from theodoi.notify.models import EmailState, Kind, Notification, ReminderPolicy
from theodoi.notify.services.delivery import deliver_all
from theodoi.notify.services.schedule import tick
from theodoi.reporting.models import Report, ReportingRule, ReportState
from theodoi.reporting.tests.conftest import vn

pytestmark = pytest.mark.django_db


@pytest.fixture
def only_period(period, settings):
    """The fixture's period alone: the rule publication made is removed; no digest."""
    settings.THEODOI_DIGEST_WEEKDAY = 7  # no such day: test_digest.py tests the digest
    ReportingRule.objects.filter(plan=period.plan).exclude(pk=period.rule_id).delete()
    return period


def sent_to(kind=None, day=None):
    rows = Notification.objects.all()
    if kind:
        rows = rows.filter(kind=kind)
    if day:
        rows = rows.filter(day=day)
    return sorted(rows.values_list("recipient__username", flat=True))


def test_nothing_before_the_hour_then_the_focal_officers_once(only_period, people):
    assert tick(vn(2026, 3, 16, 7, 29)).created == 0
    result = tick(vn(2026, 3, 16, 7, 30))
    assert sent_to(Kind.BEFORE) == ["daumoi", "daumoi.xa", "daumoi.yte"]
    assert result.created == 3
    assert tick(vn(2026, 3, 16, 7, 31)).created == 0
    assert tick(vn(2026, 3, 16, 16, 0)).created == 0
    assert Notification.objects.count() == 3


def test_the_message_says_the_deadline_what_is_missing_and_links_to_the_report(only_period, people):
    tick(vn(2026, 3, 24, 7, 30))
    deliver_all(vn(2026, 3, 24, 7, 30))
    message = next(m for m in mail.outbox if m.to == ["daumoi@theodoi.local"])
    assert message.subject == "Nhắc báo cáo: Sở Tài chính — Tháng 3/2026, hạn 25/03/2026 16:00"
    body = people["daumoi"].body
    assert f"/bao-cao/don-vi/{body.pk}/ky/{only_period.pk}/" in message.body
    assert "1 nhiệm vụ chưa cập nhật tiến độ; 1 chỉ tiêu chưa có số liệu" in message.body
    html = message.alternatives[0][0]
    assert "<strong>25/03/2026 16:00</strong>" in html
    assert message.extra_headers["X-Theodoi-Key"].startswith("before:")


def test_after_the_cut_off_focal_and_head_daily_and_the_office_and_overseer_once(
    only_period, people
):
    for day in (26, 27, 28, 29, 30, 31):
        tick(vn(2026, 3, day, 9, 0))
    assert sent_to(Kind.OVERDUE, datetime(2026, 3, 26).date()) == [
        "daumoi",
        "daumoi.xa",
        "daumoi.yte",
        "lanhdao",
    ]
    assert sent_to(Kind.OVERDUE, datetime(2026, 3, 28).date()) == []  # Saturday
    # 30/03 is the third working day: the office (one notice naming every late body),
    # and the member who oversees Sở Y tế.
    escalations = {
        n.recipient.username: n for n in Notification.objects.filter(kind=Kind.ESCALATION)
    }
    assert set(escalations) == {"thanhvien", "thuongtruc", "uyvien"}
    assert escalations["thanhvien"].body.name == "Sở Y tế"
    # The demo's member oversees Sở Tài chính and the commune: one notice naming both.
    assert len(escalations["uyvien"].context["bodies"]) == 2
    office = escalations["thuongtruc"]
    late = [b["body"] for b in office.context["bodies"]]
    assert len(late) == 2 + 102 and {"Sở Tài chính", "Sở Y tế"} <= set(late)
    assert office.day == datetime(2026, 3, 30).date()
    assert office.link == f"/bao-cao/ky/{only_period.pk}/"
    deliver_all(vn(2026, 3, 31, 9, 0))
    message = next(m for m in mail.outbox if m.extra_headers["X-Theodoi-Key"] == office.key)
    assert message.subject == "Chưa báo cáo quá 3 ngày làm việc: 104 đơn vị — Tháng 3/2026"
    assert "- Sở Y tế (còn 1 nhiệm vụ chưa cập nhật, 0 chỉ tiêu chưa có số liệu)" in message.body


def test_a_sent_report_is_not_chased_a_returned_one_is_again(only_period, people):
    body = people["daumoi"].body
    report = Report.objects.create(period=only_period, body=body, state=ReportState.SUBMITTED)
    tick(vn(2026, 3, 26, 8, 0))
    assert "daumoi" not in sent_to(Kind.OVERDUE)
    report.state = ReportState.RETURNED
    report.save()
    tick(vn(2026, 3, 27, 8, 0))
    assert sent_to(Kind.OVERDUE, datetime(2026, 3, 27).date()).count("daumoi") == 1


def test_locked_periods_and_disabled_policies_send_nothing(only_period, people):
    ReminderPolicy.objects.create(plan=only_period.plan, enabled=False)
    assert tick(vn(2026, 3, 16, 8, 0)).created == 0
    ReminderPolicy.objects.filter(plan=only_period.plan).update(enabled=True)
    only_period.locked_at = vn(2026, 3, 15, 8, 0)
    only_period.save()
    assert tick(vn(2026, 3, 16, 8, 0)).created == 0


def test_a_later_period_past_its_cut_off_takes_over_the_chasing(only_period, people):
    april = only_period.__class__.objects.create(
        rule=only_period.rule,
        plan=only_period.plan,
        label="Tháng 4/2026",
        starts_on=datetime(2026, 3, 15).date(),
        ends_on=datetime(2026, 4, 14).date(),
        cutoff=vn(2026, 4, 25, 16, 0),
    )
    tick(vn(2026, 4, 27, 8, 0))  # Monday after the April cut-off (Saturday)
    periods = set(Notification.objects.filter(kind=Kind.OVERDUE).values_list("period", flat=True))
    assert periods == {april.pk}


def test_a_period_over_before_the_plan_was_published_is_not_owed(only_period, people):
    plan = only_period.plan
    plan.published_at = vn(2026, 4, 1, 8, 0)
    plan.save()
    assert tick(vn(2026, 4, 2, 8, 0)).created == 0


def test_a_person_without_an_address_is_told_in_the_application_only(only_period, people):
    people["daumoi"].email = ""
    people["daumoi"].save()
    people["daumoi.xa"].is_active = False
    people["daumoi.xa"].save()
    tick(vn(2026, 3, 16, 8, 0))
    deliver_all(vn(2026, 3, 16, 8, 0))
    states = dict(Notification.objects.values_list("recipient__username", "email_state"))
    assert states == {"daumoi": EmailState.NO_ADDRESS, "daumoi.yte": EmailState.SENT}
    assert [m.to for m in mail.outbox] == [["daumoi.yte@theodoi.local"]]


def test_the_plan_policy_changes_the_days_and_the_hour(only_period, people):
    ReminderPolicy.objects.create(plan=only_period.plan, days_before="2", send_at="14:00")
    assert tick(vn(2026, 3, 16, 8, 0)).created == 0  # 7 days before: no longer a reminder day
    assert tick(vn(2026, 3, 23, 13, 59)).created == 0
    assert tick(vn(2026, 3, 23, 14, 0)).created == 3  # 2 working days before 25/03
