"""The office sets when a plan's bodies are reminded: the defaults until the first
save, the days checked, a concurrent edit refused, every change recorded."""

from datetime import time

import pytest
from django.urls import reverse

from theodoi.notify.models import ReminderPolicy
from theodoi.notify.rules import Policy

pytestmark = pytest.mark.django_db

DAYS_ERROR = "Nhập các số ngày làm việc từ 1 đến 30, cách nhau bởi dấu phẩy, ví dụ 7,3,1"


def form_data(**changes):
    data = {
        "enabled": "on",
        "days_before": "7,3,1",
        "cutoff_morning": "on",
        "overdue_daily": "on",
        "escalate_after": "3",
        "send_at": "07:30",
        "seen_version": "0",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_a_plan_without_a_policy_shows_the_defaults(login, plan):
    page = login("thuongtruc").get(reverse("notify:policy", args=[plan.pk])).content.decode()
    assert 'name="days_before" value="7,3,1"' in page
    assert 'name="send_at" value="07:30"' in page
    assert 'name="escalate_after" value="3"' in page
    assert 'name="seen_version" value="0"' in page
    assert "Kế hoạch đang dùng lịch mặc định" in page
    assert not ReminderPolicy.objects.exists()


def test_the_first_save_creates_the_policy_and_the_scheduler_reads_it(login, people, plan):
    client = login("thuongtruc")
    data = form_data(days_before=" 1, 10;5", cutoff_morning=None, escalate_after="2")
    data["send_at"] = "08:15"
    response = client.post(reverse("notify:policy", args=[plan.pk]), data)

    assert response.status_code == 302
    policy = ReminderPolicy.objects.get(plan=plan)
    assert policy.days_before == "10,5,1" and policy.version == 1
    assert Policy.of(policy) == Policy(
        days_before=(10, 5, 1), cutoff_morning=False, escalate_after=2, send_at=time(8, 15)
    )
    assert policy.history.get().history_user == people["thuongtruc"]
    page = client.get(reverse("notify:policy", args=[plan.pk])).content.decode()
    assert "Đã lưu lịch nhắc việc của kế hoạch." in page
    assert 'name="seen_version" value="1"' in page
    assert reverse("core:history", args=["nhac-viec", policy.pk]) in page


@pytest.mark.parametrize("days", ["0", "7,31", "ba ngày", "7 3", ""])
def test_days_that_are_not_working_days_from_1_to_30_are_refused(login, plan, days):
    response = login("thuongtruc").post(
        reverse("notify:policy", args=[plan.pk]), form_data(days_before=days)
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert DAYS_ERROR in page or (days == "" and "has-error" in page)
    assert not ReminderPolicy.objects.exists()


def test_an_escalation_beyond_30_working_days_is_refused(login, plan):
    response = login("thuongtruc").post(
        reverse("notify:policy", args=[plan.pk]), form_data(escalate_after="31")
    )
    assert "Nhập số ngày làm việc từ 0 đến 30 (0: không báo lên)." in response.content.decode()
    assert not ReminderPolicy.objects.exists()


def test_a_concurrent_edit_is_refused_not_overwritten(login, plan):
    client = login("thuongtruc")
    url = reverse("notify:policy", args=[plan.pk])
    client.post(url, form_data(days_before="5,2"))  # version 0 -> 1

    # Two tabs show version 1; the first saves, the second is refused.
    assert client.post(url, form_data(days_before="3", seen_version="1")).status_code == 302
    response = client.post(url, form_data(days_before="9", seen_version="1"))

    assert "Người khác vừa sửa mục này." in response.content.decode()
    policy = ReminderPolicy.objects.get()
    assert policy.days_before == "3" and policy.version == 2


def test_two_first_saves_at_once_keep_the_first(login, plan):
    client = login("thuongtruc")
    url = reverse("notify:policy", args=[plan.pk])
    client.post(url, form_data(days_before="5"))
    response = client.post(url, form_data(days_before="4"))  # it too saw the defaults
    assert "Người khác vừa sửa mục này." in response.content.decode()
    assert ReminderPolicy.objects.get().days_before == "5"


def test_the_history_page_shows_who_changed_the_policy(login, people, plan):
    client = login("thuongtruc")
    url = reverse("notify:policy", args=[plan.pk])
    client.post(url, form_data())
    client.post(url, form_data(days_before="3,1", seen_version="1"))
    policy = ReminderPolicy.objects.get()
    page = client.get(reverse("core:history", args=["nhac-viec", policy.pk])).content.decode()
    assert people["thuongtruc"].display_name in page
    assert "7,3,1 → 3,1" in page


def test_the_plans_reporting_rules_link_to_its_reminders(login, plan):
    page = login("thuongtruc").get(reverse("reporting:rules", args=[plan.pk])).content.decode()
    assert f'href="{reverse("notify:policy", args=[plan.pk])}"' in page


def test_only_the_office_sets_reminders(login, plan):
    url = reverse("notify:policy", args=[plan.pk])
    assert login("daumoi").get(url).status_code == 403
    assert login("daumoi").post(url, form_data()).status_code == 403
    assert not ReminderPolicy.objects.exists()
    assert login("thuongtruc").get(reverse("notify:policy", args=[999999])).status_code == 404
