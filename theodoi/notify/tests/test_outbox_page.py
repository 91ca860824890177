"""The office's outbox: to whom, what, when, delivered or why not; each message's
attempts and text; a message given up is sent again."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from theodoi.notify.models import DeliveryAttempt, EmailState, Kind, Notification
from theodoi.notify.rules import MAX_ATTEMPTS
from theodoi.notify.services.messages import report_context, subject_for

from .test_inbox import START, notices, queries_of

pytestmark = pytest.mark.django_db


def failed(notification, error="SMTPRecipientsRefused: 550 no such user"):
    Notification.objects.filter(pk=notification.pk).update(
        email_state=EmailState.FAILED, attempts=MAX_ATTEMPTS, last_error=error
    )
    DeliveryAttempt.objects.create(notification=notification, at=START, ok=False, error=error)


@pytest.fixture
def reminder(people, period):
    """A reminder to Sở Tài chính's focal officer with the facts its e-mail shows."""
    context = report_context(
        plan=period.plan, period=period, body_name="Sở Tài chính", missing_items=2, missing_kpis=1
    )
    (notification,) = notices(
        people["daumoi"],
        1,
        period=period,
        subject=subject_for(Kind.BEFORE, context),
        context=context,
    )
    return notification


def test_the_office_reads_the_outbox_with_states_and_errors(login, people):
    sent, _waiting, given_up = notices(people["daumoi"], 3)
    Notification.objects.filter(pk=sent.pk).update(
        email_state=EmailState.SENT, attempts=1, sent_at=START + timedelta(minutes=1)
    )
    failed(given_up)
    notices(people["chutich"], 1, kind=Kind.ESCALATION, start=START + timedelta(days=9))

    page = login("thuongtruc").get(reverse("notify:outbox")).content.decode()

    assert page.count('data-testid="outbox-row"') == 4
    assert people["daumoi"].display_name in page and "daumoi@theodoi.local" in page
    for label in ("Đã gửi đi", "Chờ gửi", "Gửi không được", "Báo cáo quá hạn nhiều ngày"):
        assert label in page
    assert "07:31 02/03/2026" in page  # sent at
    assert "SMTPRecipientsRefused: 550 no such user" in page
    assert reverse("notify:outbox_detail", args=[given_up.pk]) in page


def test_the_outbox_filters_by_state_and_kind(login, people):
    one, _two = notices(people["daumoi"], 2)
    failed(one)
    notices(people["lanhdao"], 1, kind=Kind.OVERDUE)
    client = login("thuongtruc")
    url = reverse("notify:outbox")

    only_failed = client.get(url, {"trang_thai": "failed"}).content.decode()
    assert only_failed.count('data-testid="outbox-row"') == 1
    assert 'value="failed" selected' in only_failed

    overdue = client.get(url, {"loai": "overdue"}).content.decode()
    assert overdue.count('data-testid="outbox-row"') == 1
    assert "lanhdao@theodoi.local" in overdue

    both = client.get(url, {"trang_thai": "pending", "loai": "before"}).content.decode()
    assert both.count('data-testid="outbox-row"') == 1
    nonsense = client.get(url, {"trang_thai": "x", "loai": "y"})  # ignored, not an error
    assert nonsense.content.decode().count('data-testid="outbox-row"') == 3


def test_the_outbox_costs_the_same_queries_for_5_and_50_rows(
    login, people, django_assert_num_queries
):
    client = login("thuongtruc")
    users = [people[name] for name in ("daumoi", "lanhdao", "daumoi.xa", "chutich", "thanhvien")]
    for user in users:
        notices(user, 1)
    few = queries_of(client, reverse("notify:outbox"))
    for user in users:
        notices(user, 9, start=START + timedelta(days=20))
    with django_assert_num_queries(few):
        page = client.get(reverse("notify:outbox")).content.decode()
    assert page.count('data-testid="outbox-row"') == 50

    notices(people["daumoi.yte"], 1)
    second = client.get(reverse("notify:outbox"), {"trang": 2}).content.decode()
    assert second.count('data-testid="outbox-row"') == 1


def test_a_message_shows_its_attempts_and_its_text(login, reminder):
    DeliveryAttempt.objects.create(
        notification=reminder, at=START, ok=False, error="ConnectionRefusedError: refused"
    )
    DeliveryAttempt.objects.create(notification=reminder, at=START + timedelta(minutes=1), ok=True)

    page = login("thuongtruc").get(reverse("notify:outbox_detail", args=[reminder.pk]))
    html = page.content.decode()

    assert html.count('data-testid="attempt"') == 2
    assert "ConnectionRefusedError: refused" in html and "07:31 02/03/2026" in html
    assert "Đơn vị chưa gửi báo cáo kỳ Tháng 3/2026" in html  # the text, in <pre>
    assert "Còn thiếu: 2 nhiệm vụ chưa cập nhật tiến độ; 1 chỉ tiêu chưa có số liệu." in html
    assert '<iframe sandbox="" ' in html and 'srcdoc="&lt;' in html  # the HTML, inert
    assert "Gửi lại" not in html  # not given up


def test_the_office_sends_again_a_message_given_up(
    login, reminder, django_capture_on_commit_callbacks
):
    failed(reminder)
    client = login("thuongtruc")
    assert (
        "Gửi lại"
        in client.get(reverse("notify:outbox_detail", args=[reminder.pk])).content.decode()
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("notify:resend", args=[reminder.pk]), follow=True)

    assert "Thư đã được xếp hàng gửi lại." in response.content.decode()
    reminder.refresh_from_db()
    # The tests' task backend runs the delivery at once: the message went out.
    assert reminder.email_state == EmailState.SENT
    assert [m.to for m in mail.outbox] == [["daumoi@theodoi.local"]]
    assert reminder.delivery_attempts.last().ok


def test_only_a_message_given_up_is_sent_again(login, reminder):
    Notification.objects.filter(pk=reminder.pk).update(email_state=EmailState.SENT)
    response = login("thuongtruc").post(reverse("notify:resend", args=[reminder.pk]), follow=True)
    assert "Chỉ gửi lại được thư đã gửi không được." in response.content.decode()
    reminder.refresh_from_db()
    assert reminder.email_state == EmailState.SENT


def test_the_outbox_is_the_offices_alone(login, reminder):
    client = login("daumoi")  # even the message is his
    assert client.get(reverse("notify:outbox")).status_code == 403
    assert client.get(reverse("notify:outbox_detail", args=[reminder.pk])).status_code == 403
    assert client.post(reverse("notify:resend", args=[reminder.pk])).status_code == 403
    assert "Hộp thư đi" not in client.get(reverse("notify:list")).content.decode()

    office = login("thuongtruc")
    assert (
        f'href="{reverse("notify:outbox")}"' in office.get(reverse("notify:list")).content.decode()
    )
    assert office.get(reverse("notify:outbox_detail", args=[999999])).status_code == 404


def test_a_message_with_markup_in_its_facts_stays_text_on_the_page(login, people, period):
    context = report_context(
        plan=period.plan, period=period, body_name="Sở Tài chính", comment='<b id="x">"hi"</b>'
    )
    (returned,) = notices(
        people["daumoi"], 1, kind=Kind.RETURNED, subject="Trả lại", context=context
    )
    html = login("thuongtruc").get(reverse("notify:outbox_detail", args=[returned.pk]))
    html = html.content.decode()
    assert '<b id="x">' not in html
    assert "&lt;b id=&quot;x&quot;&gt;" in html  # in the <pre>, as text
    assert "&amp;lt;b id=" in html  # in srcdoc: the e-mail's own escape, escaped once more
