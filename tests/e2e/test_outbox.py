"""The office's outbox in the browser: a reminder the mail server refused twenty
times is shown with its attempts and why; the office sends it again once the
server is back, and a real SMTP server on loopback receives it."""

import socket

import pytest
from playwright.sync_api import expect

from tests.e2e.journeys import sign_in
from theodoi.notify.models import EmailState, Notification
from theodoi.notify.rules import MAX_ATTEMPTS
from theodoi.notify.services.delivery import deliver_all
from theodoi.notify.services.schedule import tick
from theodoi.reporting.tests import conftest as reporting
from theodoi.reporting.tests.conftest import vn

pytestmark = pytest.mark.browser
plan, period = reporting.plan, reporting.period  # the small plan's fixtures


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens there once the probe is closed


def given_up_reminder(settings, server_port: int) -> Notification:
    """Tick on a reminder day with the mail server away until the message is given up."""
    settings.EMAIL_PORT = closed_port()
    moment = vn(2026, 3, 24, 7, 30)
    tick(moment)
    notification = Notification.objects.get(kind="before", recipient__username="daumoi")
    for _attempt in range(MAX_ATTEMPTS):
        deliver_all(moment)
        notification.refresh_from_db()
        moment = notification.next_attempt_at
    assert notification.email_state == EmailState.FAILED
    settings.EMAIL_PORT = server_port  # the server is back
    return notification


def test_the_office_reads_why_a_message_failed_and_sends_it_again(
    live_server,
    people,
    period,
    settings,
    smtp_server,
    page,
    screenshot,
):
    notification = given_up_reminder(settings, settings.EMAIL_PORT)
    sign_in(page, live_server.url, "thuongtruc")

    page.get_by_role("link", name="Hộp thư đi").click()
    page.get_by_label("Trạng thái thư").select_option(EmailState.FAILED)
    page.get_by_role("button", name="Lọc").click()
    rows = page.get_by_test_id("outbox-row")
    reminder = rows.filter(has_text=notification.subject)
    expect(reminder).to_have_count(1)
    expect(reminder).to_contain_text("Trần Thị Mai")
    reminder.get_by_role("link").click()

    expect(page.get_by_test_id("email-state")).to_have_text("Gửi không được")
    expect(page.get_by_test_id("attempt")).to_have_count(MAX_ATTEMPTS)
    expect(page.get_by_test_id("attempt").first).to_contain_text("ConnectionRefusedError")
    expect(page.get_by_test_id("email-text")).to_contain_text("Hạn nộp: 25/03/2026 16:00")
    screenshot(page, "outbox-failed")

    page.get_by_role("button", name="Gửi lại").click()
    expect(page.get_by_text("Thư đã được xếp hàng gửi lại.")).to_be_visible()
    expect(page.get_by_test_id("email-state")).to_have_text("Đã gửi đi")
    expect(page.get_by_test_id("attempt")).to_have_count(MAX_ATTEMPTS + 1)
    assert [m["X-Theodoi-Key"] for m in smtp_server] == [notification.key]
    assert smtp_server[0]["To"] == "daumoi@theodoi.local"
