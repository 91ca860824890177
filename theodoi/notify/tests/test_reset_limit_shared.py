"""The limit of “Quên mật khẩu” (5 an hour per address and per client) is counted in
the database: every server process sees the same requests, and a process's own
memory (Django's cache) plays no part."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from tests import processes
from theodoi.notify.models import Kind, Notification, ResetRequest
from theodoi.notify.services.reset import reset_allowed, reset_limit, reset_requests_prune

from .conftest import vn

database_queue, start_process = processes.database_queue, processes.start_process

RESET = "/quen-mat-khau/"


def test_a_fresh_cache_still_refuses_the_sixth_request(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(reset_limit()):
            Client(REMOTE_ADDR=f"10.0.1.{n}").post(RESET, {"email": "daumoi@theodoi.local"})
            cache.clear()  # as if each request reached another server process
        assert Notification.objects.filter(kind=Kind.RESET).count() == reset_limit()
        answer = Client(REMOTE_ADDR="10.0.1.99").post(RESET, {"email": "daumoi@theodoi.local"})
    assert answer.status_code == 302
    assert Notification.objects.filter(kind=Kind.RESET).count() == reset_limit()


def test_the_table_keeps_no_address_and_old_requests_are_pruned(db):
    at = vn(2026, 3, 16, 8, 0)
    assert reset_allowed(email="daumoi@theodoi.local", client="10.0.0.1", now=at)
    row = ResetRequest.objects.get()
    assert "daumoi" not in row.email_hash and "10.0.0.1" not in row.client_hash
    assert reset_requests_prune(at + timedelta(minutes=59)) == 0
    assert reset_requests_prune(at + timedelta(minutes=60)) == 1
    assert not ResetRequest.objects.exists()


def test_an_hour_later_the_address_may_ask_again(db):
    at = vn(2026, 3, 16, 8, 0)
    for _ in range(reset_limit()):
        assert reset_allowed(email="a@b.vn", client="10.0.0.1", now=at)
    assert not reset_allowed(email="a@b.vn", client="10.0.0.2", now=at + timedelta(minutes=59))
    assert reset_allowed(email="a@b.vn", client="10.0.0.3", now=at + timedelta(minutes=61))


ASK_FIVE = (
    "from theodoi.notify.services.reset import password_reset_request as ask; "
    "print([ask(email='nobody@example.org', client='10.0.2.1') for _ in range(5)])"
)


@pytest.mark.processes
@pytest.mark.django_db(transaction=True)
def test_five_requests_in_another_process_count_here(database_queue, start_process):
    other = start_process("shell", "-c", ASK_FIVE, SECRET_KEY=settings.SECRET_KEY)
    assert other.wait(timeout=120) == 0
    assert "[True, True, True, True, True]" in other.log.read_text()
    assert ResetRequest.objects.count() == reset_limit()
    # The sixth, here: refused for the address, and for the client.
    assert not reset_allowed(email="NoBody@example.org", client="10.0.2.2")
    assert not reset_allowed(email="somebody@example.org", client="10.0.2.1")
    assert reset_allowed(email="somebody@example.org", client="10.0.2.3")
