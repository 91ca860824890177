"""Exactly once, with real processes: a worker killed in the middle of a batch, an SMTP
server down for an hour, two schedulers at once. Every message is counted from what
a real SMTP server on loopback (aiosmtpd) received, by its ``X-Theodoi-Key`` header.

The small plan of the reporting tests, whose period ``Tháng 3/2026`` is cut off on
25/03/2026 16:00; on Monday 16/03/2026 at 07:30, seven working days before, its
bodies' focal officers are reminded (and the plan's own monthly rule, cut off on
the 15th, chases the late ones). A few commune officers are added, so that a batch
has some thirty messages.
"""

from collections import Counter
from datetime import timedelta

import pytest

from tests import processes
from tests.processes import Mailbox, SmtpServer, race, wait_until
from theodoi.accounts.models import Role, User
from theodoi.bodies.models import Body, BodyKind
from theodoi.notify.models import DeliveryAttempt, EmailState, Notification
from theodoi.notify.services import digest
from theodoi.notify.services.delivery import deliver_all
from theodoi.notify.services.schedule import scheduled_notices, tick

from .conftest import vn

# The fixtures that start real processes (pytest finds them in the module).
database_queue, start_process, start_worker = (
    processes.database_queue,
    processes.start_process,
    processes.start_worker,
)

T0 = vn(2026, 3, 16, 7, 30)  # a Monday, 7 working days before the cut-off
AT = "2026-03-16 07:30"  # the same moment for ``theodoi scheduler --at``


def commune_officers(count: int) -> list[User]:
    """A focal officer in each of ``count`` more communes (the plan's task 2 is theirs)."""
    communes = (
        Body.objects.filter(kind=BodyKind.COMMUNE, active=True)
        .exclude(users__isnull=False)
        .order_by("name")[:count]
    )
    return User.objects.bulk_create(
        User(
            username=f"xa{n}",
            email=f"xa{n}@theodoi.local",
            role=Role.FOCAL,
            body=commune,
        )
        for n, commune in enumerate(communes)
    )


def due_keys(moment) -> set[str]:
    """The keys a single tick at ``moment`` makes on a fresh outbox."""
    return {n.key for n in scheduled_notices(moment) + digest.digest_notifications(moment)}


def assert_each_once(mailbox: Mailbox, keys: set[str]) -> None:
    counts = Counter(mailbox.keys())
    assert set(counts) == keys
    assert [key for key, n in counts.items() if n > 1] == []
    assert len(mailbox.received) == len(keys)


def all_sent(count: int) -> bool:
    return Notification.objects.filter(email_state=EmailState.SENT).count() == count


@pytest.mark.processes
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_in_the_middle_of_a_batch_loses_nothing_and_repeats_nothing(
    people, period, database_queue, start_worker
):
    commune_officers(27)
    mailbox = Mailbox(block_at=6)  # the 6th message is held at RCPT, never accepted
    server = SmtpServer(mailbox).start()
    env = {**server.env(), "THEODOI_OUTBOX_LEASE_SECONDS": "2"}
    try:
        assert tick(T0).created >= 30  # committed, and a delivery task queued
        keys = set(Notification.objects.values_list("key", flat=True))
        assert len(keys) >= 30
        assert not Notification.objects.exclude(email_state=EmailState.PENDING).exists()

        first = start_worker(**env)
        assert mailbox.blocked.wait(60), "the worker never reached the 6th message"
        first.kill()  # SIGKILL: no clean-up of any kind
        first.wait(10)
        mailbox.release.set()
        assert len(mailbox.received) == 5
        states = Counter(Notification.objects.values_list("email_state", flat=True))
        assert states == {
            EmailState.SENT: 5,
            EmailState.SENDING: 1,  # claimed by the dead worker, until its lease ends
            EmailState.PENDING: len(keys) - 6,
        }

        start_worker(**env)
        # The dead worker's task stays "running": the scheduler's next minute finds
        # messages due (the stale claim's lease is over) and queues a delivery.
        result = tick(T0 + timedelta(minutes=1))
        assert (result.created, result.delivery_enqueued) == (0, True)
        mailbox.wait_for(len(keys))
        assert wait_until(lambda: all_sent(len(keys)))
    finally:
        server.stop()

    assert_each_once(mailbox, keys)
    held = Notification.objects.get(key=mailbox.received[5]["X-Theodoi-Key"])
    assert held.attempts == 1  # the claim that died is not an attempt; one attempt, ok
    assert list(held.delivery_attempts.values_list("ok", flat=True)) == [True]


@pytest.mark.django_db
def test_smtp_down_for_an_hour_messages_go_out_when_it_is_back_and_the_outbox_shows_the_retries(
    people, period, settings, database_queue
):
    mailbox = Mailbox()
    server = SmtpServer(mailbox)  # a free port where nothing listens yet
    server.use_in(settings)
    keys = due_keys(T0)
    assert keys
    try:
        for minute in range(101):
            moment = T0 + timedelta(minutes=minute)
            if minute == 60:
                server.start()
            tick(moment)
            deliver_all(now=moment)
            if minute == 59:
                assert mailbox.received == []
    finally:
        server.stop()

    assert_each_once(mailbox, keys)
    rows = Notification.objects.all()
    assert {row.key for row in rows} == keys
    # Failures at 0, 1, 3, 7, 15 and 31 minutes (back-off 1, 2, 4, 8, 16, 30), then
    # 30 minutes later the server is back: sent at the 61st minute.
    for row in rows:
        assert row.email_state == EmailState.SENT
        assert row.attempts == 7
        assert row.sent_at == T0 + timedelta(minutes=61)
        attempts = list(row.delivery_attempts.all())
        assert [a.ok for a in attempts] == [False] * 6 + [True]
        assert [int((a.at - T0).total_seconds() // 60) for a in attempts] == [
            0, 1, 3, 7, 15, 31, 61,
        ]  # fmt: skip
        assert all("Connection" in a.error or "refused" in a.error for a in attempts[:6])
    assert DeliveryAttempt.objects.filter(ok=True).count() == len(keys)


@pytest.mark.processes
@pytest.mark.django_db(transaction=True)
def test_two_schedulers_started_at_once_make_each_notice_once_and_it_is_received_once(
    people, period, database_queue, start_process, start_worker
):
    commune_officers(10)
    keys = due_keys(T0)  # what one scheduler alone makes
    assert len(keys) > 10
    mailbox = Mailbox()
    server = SmtpServer(mailbox).start()
    try:
        schedulers = [start_process("scheduler", "--at", AT, **server.env()) for _ in range(2)]
        assert [s.wait(timeout=120) for s in schedulers] == [0, 0]
        assert set(Notification.objects.values_list("key", flat=True)) == keys
        assert Notification.objects.count() == len(keys)

        start_worker(**server.env())
        mailbox.wait_for(len(keys))
        assert wait_until(lambda: all_sent(len(keys)))
    finally:
        server.stop()
    assert_each_once(mailbox, keys)
    assert DeliveryAttempt.objects.count() == len(keys)


@pytest.mark.django_db(transaction=True)
def test_ticks_racing_in_threads_make_each_notice_once(people, period, database_queue):
    commune_officers(10)
    keys = due_keys(T0)
    _results, errors = race(lambda: tick(T0))
    assert errors == []
    assert set(Notification.objects.values_list("key", flat=True)) == keys
    assert Notification.objects.count() == len(keys)
