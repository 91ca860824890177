"""E-mail has a queue of its own: a long task in ``default`` (a plan document read
for minutes) holds no reminder back. A real ``theodoi worker`` (one process per
queue), a real SMTP server on loopback."""

import os
import signal
import time

import pytest
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests import processes
from tests.processes import Mailbox, SmtpServer, wait_until
from theodoi.notify.models import EmailState, Notification
from theodoi.notify.services.welcome import welcome_queue

from .slow_tasks import slow

database_queue, start_process, start_worker = (
    processes.database_queue,
    processes.start_process,
    processes.start_worker,
)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie (dead, not yet reaped) is gone too
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def children_of(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children") as listing:
        return [int(child) for child in listing.read().split()]


@pytest.mark.processes
@pytest.mark.django_db(transaction=True)
def test_a_mail_is_delivered_while_a_long_task_holds_the_default_queue(
    people, database_queue, start_worker
):
    mailbox = Mailbox()
    server = SmtpServer(mailbox).start()
    try:
        busy = slow.enqueue(120)
        worker = start_worker(**server.env())
        running = DBTaskResult.objects.filter(pk=busy.id, status=TaskResultStatus.RUNNING)
        assert wait_until(running.exists, timeout=60), "the worker never took the long task"

        started = time.monotonic()
        welcome_queue([people["daumoi"]], actor=people["thuongtruc"])  # its delivery queued
        mailbox.wait_for(1, timeout=15)
        elapsed = time.monotonic() - started
        assert len(mailbox.received) == 1, "the mail waited behind the long task"
        assert mailbox.received[0]["To"] == "daumoi@theodoi.local"
        assert elapsed < 10
        assert wait_until(
            lambda: Notification.objects.filter(email_state=EmailState.SENT).count() == 1
        )
        assert running.exists()  # still reading: the mail did not wait for it

        # One process per queue; SIGTERM twice (as Ctrl-C twice) stops them all, the
        # long task too (the first would let it end).
        workers = children_of(worker.pid)
        assert len(workers) == 2
        worker.send_signal(signal.SIGTERM)
        time.sleep(0.5)
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=20) is not None
        assert wait_until(lambda: not any(alive(pid) for pid in workers), timeout=10)
    finally:
        server.stop()


@pytest.mark.processes
@pytest.mark.django_db(transaction=True)
def test_one_sigterm_stops_both_workers_when_idle_and_one_queue_still_runs_alone(
    database_queue, start_process
):
    both = start_process("worker", "--interval", "0.2", "--no-startup-delay", "--no-reload")
    assert wait_until(lambda: len(children_of(both.pid)) == 2, timeout=30)
    workers = children_of(both.pid)
    time.sleep(2)  # both polling their queue
    both.send_signal(signal.SIGTERM)
    assert both.wait(timeout=20) == 0
    assert wait_until(lambda: not any(alive(pid) for pid in workers), timeout=10)

    busy = slow.enqueue(0.1)
    alone = start_process(
        "worker", "--queue-name", "email", "--batch", "--no-startup-delay", "--no-reload"
    )
    assert alone.wait(timeout=60) == 0
    assert DBTaskResult.objects.get(pk=busy.id).status == TaskResultStatus.READY  # not its queue
