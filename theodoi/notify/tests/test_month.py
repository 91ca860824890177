"""A month of the demo province, hour by hour, with a real SMTP server on loopback.

The demo's two plans are published on 26/02/2026; the 2026 plan's March period
closes on Wednesday 25/03/2026 at 16:00. The commune's focal officer sends on
23/03; Sở Tài chính sends late, on 31/03, and its report is approved and accepted
that day. Every hour the scheduler ticks and the worker delivers; the messages are
counted from what the SMTP server received, per recipient and day (the Date header
is the moment of delivery, the injected clock's).
"""

from collections import Counter
from datetime import date, timedelta
from email.utils import parsedate_to_datetime

import pytest
from django.utils import timezone

from theodoi.accounts.models import User
from theodoi.devtools.demo_plans import demo_plans_load
from theodoi.notify.models import EmailState, Notification
from theodoi.notify.services.delivery import deliver_all
from theodoi.notify.services.schedule import tick
from theodoi.plans.models import Plan
from theodoi.reporting.models import Period
from theodoi.reporting.services import workflow
from theodoi.reporting.services.reports import report_open
from theodoi.reporting.tests.conftest import vn

pytestmark = pytest.mark.django_db

MONDAYS = [2, 9, 16, 23, 30]  # the office's weekly digest

EXPECTED = {
    "daumoi": {16: 1, 20: 1, 24: 1, 25: 1, 26: 1, 27: 1, 30: 1, 31: 2},  # 31: overdue, accepted
    "lanhdao": {26: 1, 27: 1, 30: 1, 31: 3},  # overdue; 31: overdue, submitted, accepted
    "daumoi.xa": {16: 1, 20: 1},  # sent on 23/03: no more
    # 23: digest, and the commune's report (no head) straight to the office; 30: digest,
    # escalation; 31: approved
    "thuongtruc": {**dict.fromkeys(MONDAYS, 1), 23: 2, 30: 2, 31: 1},
    "uyvien": {30: 1},  # escalation for Sở Tài chính
    # The test personas beside the demo's: Sở Y tế never sends; its overseer is told.
    "daumoi.yte": {16: 1, 20: 1, 24: 1, 25: 1, 26: 1, 27: 1, 30: 1, 31: 1},
    "thanhvien": {30: 1},
}


def by_recipient_and_day(received) -> Counter:
    counts = Counter()
    for message in received:
        day = timezone.localtime(parsedate_to_datetime(message["Date"])).date()
        counts[(message["To"].split("@")[0], day.day if day.month == 3 else day)] += 1
    return counts


def test_a_simulated_month_sends_exactly_the_expected_messages(
    people, smtp_server, django_capture_on_commit_callbacks
):
    office = people["thuongtruc"]
    demo_plans_load(user=office, now=vn(2026, 2, 26, 9, 0))
    plan = Plan.objects.get(year=2026)
    march = Period.objects.get(plan=plan, label="Tháng 3/2026")
    finance, commune = people["daumoi"].body, people["daumoi.xa"].body

    def act(moment):
        if moment == vn(2026, 3, 23, 10, 0):
            report = report_open(period=march, body=commune)
            with django_capture_on_commit_callbacks(execute=True):  # the step commits
                workflow.report_submit(report=report, user=people["daumoi.xa"], now=moment)
        if moment == vn(2026, 3, 31, 10, 0):
            report = report_open(period=march, body=finance)
            for step, user in [
                (workflow.report_submit, people["daumoi"]),
                (workflow.report_approve, people["lanhdao"]),
                (workflow.report_accept, office),
            ]:
                with django_capture_on_commit_callbacks(execute=True):
                    step(report=report, user=user, now=moment)

    moment = vn(2026, 3, 1, 0, 0)
    while moment < vn(2026, 4, 1, 0, 0):
        act(moment)
        tick(moment)
        deliver_all(moment)
        moment += timedelta(hours=1)

    expected = Counter(
        {(user, day): n for user, days in EXPECTED.items() for day, n in days.items()}
    )
    assert by_recipient_and_day(smtp_server) == expected
    assert len(smtp_server) == sum(expected.values()) == 35
    # Nothing waits, nothing failed, and the chair (who oversees all) was not mailed.
    assert not Notification.objects.exclude(email_state=EmailState.SENT).exists()
    assert not Notification.objects.filter(recipient=User.objects.get(username="chutich"))
    escalation = Notification.objects.get(kind="escalation", recipient=people["uyvien"])
    assert [b["body"] for b in escalation.context["bodies"]] == ["Sở Tài chính"]
    assert escalation.day == date(2026, 3, 30)
