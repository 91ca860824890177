"""SQLite's writers take turns at a gate (``core/sqlite/base.py``): a waiting writer goes
on as soon as the one before it commits, across threads and processes, and gives up with
"database is locked" after the busy timeout — never later, never writing meanwhile."""

import multiprocessing
import threading
import time
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import OperationalError, connection, connections, transaction
from django.utils import timezone

from theodoi.core.sqlite.base import WriteGate


def session(key: str) -> Session:
    """A row written (any table would do; sessions are Django's own)."""
    return Session.objects.create(
        session_key=key, session_data="", expire_date=timezone.now() + timedelta(days=1)
    )


def held_by_a_thread(path, seconds: float) -> tuple[WriteGate, threading.Thread]:
    """A gate on ``path`` that another thread holds for ``seconds`` from now."""
    gate, started = WriteGate(str(path)), threading.Event()

    def hold():
        gate.acquire(timeout=5)
        started.set()
        time.sleep(seconds)
        gate.release()

    holder = threading.Thread(target=hold)
    holder.start()
    started.wait()
    return gate, holder


def test_a_waiting_thread_goes_on_as_soon_as_the_gate_is_left(tmp_path):
    gate, holder = held_by_a_thread(tmp_path / "db.sqlite3", 0.3)
    begun = time.monotonic()
    gate.acquire(timeout=5)
    waited = time.monotonic() - begun
    gate.release()
    holder.join()
    # It waited for the holder, and not a busy handler's step more (SQLite's sleeps
    # grow to 100 ms).
    assert 0.2 <= waited < 0.3 + 0.05


def test_a_writer_gives_up_after_the_timeout_with_database_is_locked(tmp_path):
    gate, holder = held_by_a_thread(tmp_path / "db.sqlite3", 0.6)
    begun = time.monotonic()
    with pytest.raises(OperationalError, match="database is locked"):
        gate.acquire(timeout=0.2)
    assert 0.2 <= time.monotonic() - begun < 0.4
    holder.join()
    gate.acquire(timeout=1)  # left whole: the next one gets it
    gate.release()


def _hold_in_child(path: str, ready, seconds: float):
    gate = WriteGate(path)
    gate.acquire(timeout=5)
    ready.set()
    time.sleep(seconds)
    gate.release()


def test_another_process_waits_for_the_gate(tmp_path):
    path = str(tmp_path / "db.sqlite3")
    fork = multiprocessing.get_context("fork")
    ready = fork.Event()
    child = fork.Process(target=_hold_in_child, args=(path, ready, 0.4))
    child.start()
    assert ready.wait(10)
    gate = WriteGate(path)
    begun = time.monotonic()
    gate.acquire(timeout=5)
    waited = time.monotonic() - begun
    gate.release()
    child.join(10)
    assert child.exitcode == 0
    assert 0.25 <= waited < 0.4 + 0.1


@pytest.mark.django_db(transaction=True)
def test_a_transaction_takes_the_gate_and_leaves_it_at_commit_and_rollback():
    if connection.vendor != "sqlite":
        pytest.skip("the gate is SQLite's")
    with transaction.atomic():
        session("committed")
        assert connection.holds_gate
    assert not connection.holds_gate
    with pytest.raises(RuntimeError), transaction.atomic():
        session("rolled-back")
        assert connection.holds_gate
        raise RuntimeError("a failure inside the transaction")
    assert not connection.holds_gate
    assert list(Session.objects.values_list("session_key", flat=True)) == ["committed"]


@pytest.mark.django_db(transaction=True)
def test_another_threads_write_waits_for_the_transaction_then_is_stored():
    if connection.vendor != "sqlite":
        pytest.skip("the gate is SQLite's")
    written, began = [], threading.Event()

    def other_writer():
        began.set()
        try:
            with transaction.atomic():
                written.append(time.monotonic())
                session("after")
        finally:
            connections.close_all()

    with transaction.atomic():
        session("before")
        thread = threading.Thread(target=other_writer)
        thread.start()
        began.wait()
        time.sleep(0.3)
        assert written == []  # still waiting at the gate
        committed = time.monotonic()
    thread.join(10)
    assert written and 0 <= written[0] - committed < 0.1
    assert set(Session.objects.values_list("session_key", flat=True)) == {"before", "after"}


def test_the_test_databases_gate_file_goes_with_it(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the gate is SQLite's")
    database = tmp_path / "theodoi-test.sqlite3"
    database.write_bytes(b"")
    gate = tmp_path / "theodoi-test.sqlite3-gate"
    gate.write_bytes(b"")
    connection.creation._destroy_test_db(str(database), verbosity=0)
    assert not database.exists() and not gate.exists()
