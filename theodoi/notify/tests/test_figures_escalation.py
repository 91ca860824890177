"""The escalation says who was reminded, and who could not be: a body without an
account has nobody to remind.

It used to say "Đầu mối và lãnh đạo các đơn vị đã được nhắc mỗi ngày" of every late
body, the 101 communes without an account included. The small plan's March period
closes on Wednesday 25/03/2026; Monday 30/03 is the third working day after it.
"""

import pytest
from django.core import mail

from theodoi.accounts.models import Role, User
from theodoi.bodies.models import Body
from theodoi.notify.models import Kind, Notification, ReminderPolicy
from theodoi.notify.services.delivery import deliver_all
from theodoi.notify.services.schedule import tick
from theodoi.plans.models import Assignment
from theodoi.reporting.models import ReportingRule
from theodoi.reporting.tests.conftest import vn

pytestmark = pytest.mark.django_db

MONDAY = vn(2026, 3, 30, 9, 0)
REACHED = "ĐÃ NHẮC ĐẦU MỐI, LÃNH ĐẠO MỖI NGÀY LÀM VIỆC SAU HẠN"
UNREACHED = "CHƯA CÓ TÀI KHOẢN — KHÔNG AI Ở ĐƠN VỊ ĐƯỢC NHẮC"


@pytest.fixture
def march(period, settings):
    settings.THEODOI_DIGEST_WEEKDAY = 7  # no digest here
    ReportingRule.objects.filter(plan=period.plan).exclude(pk=period.rule_id).delete()
    return period


def with_accounts() -> set[int]:
    """Bodies with an active focal officer or head: a plain count of the accounts."""
    return set(
        User.objects.filter(is_active=True, role__in=[Role.FOCAL, Role.HEAD]).values_list(
            "body_id", flat=True
        )
    )


def escalation_to(user) -> str:
    deliver_all(MONDAY)
    key = Notification.objects.get(kind=Kind.ESCALATION, recipient=user).key
    [message] = [m for m in mail.outbox if m.extra_headers["X-Theodoi-Key"] == key]
    return message.body


def listed(text: str, heading: str) -> set[str]:
    """The bodies under a heading of the e-mail's text, up to the next blank line."""
    block = text.split(heading, 1)[1].split("\n\n", 1)[0]
    return {line[2:].split(" (còn ")[0] for line in block.splitlines() if line.startswith("- ")}


def test_the_office_reads_apart_the_bodies_reminded_and_those_without_an_account(march, people):
    tick(MONDAY)
    text = escalation_to(people["thuongtruc"])
    working = set(Assignment.objects.filter(plan=march.plan).values_list("body_id", flat=True))
    names = dict(Body.objects.filter(pk__in=working).values_list("pk", "name"))
    reached = {names[pk] for pk in working & with_accounts()}
    unreached = {names[pk] for pk in working - with_accounts()}
    assert len(reached) == 3 and len(unreached) == 101  # the demo's accounts
    assert f"{REACHED} ({len(reached)})" in text
    assert f"{UNREACHED} ({len(unreached)})" in text
    assert listed(text, REACHED) == reached
    assert listed(text, UNREACHED) == unreached
    assert "đã được nhắc mỗi ngày" not in text
    # What it says is what was done: the bodies reached had their overdue notices.
    overdue = set(Notification.objects.filter(kind=Kind.OVERDUE).values_list("body_id", flat=True))
    assert {names[pk] for pk in overdue} == reached


def test_a_member_told_of_one_body_without_an_account_is_not_told_it_was_reminded(march, people):
    commune = (
        Body.objects.filter(assignments__plan=march.plan, kind="commune")
        .exclude(pk__in=with_accounts())
        .first()
    )
    member = User.objects.create_user("thanhvien.xa", "tv.xa@theodoi.local", "x", role=Role.VIEWER)
    member.overseen_bodies.add(commune)
    tick(MONDAY)
    text = escalation_to(member)
    assert text.startswith(f"Kính gửi {member.display_name},\n\n{commune.name} chưa gửi")
    assert f"{UNREACHED} (1)" in text and REACHED not in text
    assert listed(text, UNREACHED) == {commune.name}


def test_without_daily_reminders_no_one_is_said_to_be_reminded(march, people):
    ReminderPolicy.objects.create(plan=march.plan, overdue_daily=False)
    tick(MONDAY)
    assert not Notification.objects.filter(kind=Kind.OVERDUE).exists()
    text = escalation_to(people["thuongtruc"])
    assert REACHED not in text
    assert "CÓ TÀI KHOẢN (LỊCH NHẮC VIỆC CỦA KẾ HOẠCH KHÔNG NHẮC HẰNG NGÀY SAU HẠN) (3)" in text
    assert f"{UNREACHED} (101)" in text


def test_a_closed_task_is_not_counted_as_missing_from_the_report(march, people):
    """The report holds items for open tasks only; the e-mail counted closed ones too."""
    health = Body.objects.get(name="Sở Y tế")

    def open_tasks() -> int:
        rows = Assignment.objects.filter(plan=march.plan, body=health, task__isnull=False)
        return rows.filter(task__closed_at__isnull=True).count()

    tick(MONDAY)
    assert f"- Sở Y tế (còn {open_tasks()} nhiệm vụ chưa cập nhật" in escalation_to(
        people["thuongtruc"]
    )
    Notification.objects.all().delete()
    mail.outbox.clear()
    march.plan.tasks.filter(assignments__body=health).update(closed_at=vn(2026, 3, 1, 8, 0))
    assert open_tasks() == 0
    tick(MONDAY)
    text = escalation_to(people["thuongtruc"])
    assert "- Sở Y tế\n" in text and "- Sở Y tế (còn" not in text
