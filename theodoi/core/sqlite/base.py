"""Django's SQLite backend whose writers take turns before SQLite's write lock.

SQLite lets one transaction write at a time. A writer that finds the lock taken waits
in SQLite's busy handler, which sleeps in growing steps (up to 100 ms) and retries: on
the rush of the 25th, with dozens of server threads saving at once, a save could wait
seconds while the lock stood free between two sleeps. Here a writer (a transaction:
the settings begin every one with ``BEGIN IMMEDIATE``) first takes a gate — a lock of
its process, then an ``flock`` on ``<database>-gate`` shared by every process on the
database (server, worker, commands) — and leaves it at commit or rollback; whoever
waits next is woken at once. The busy timeout still bounds the wait: a writer that
does not get the gate in that time fails with "database is locked", as before.

A write outside a transaction (autocommit) does not take the gate: SQLite's own lock
still orders it.
"""

import fcntl
import os
import threading
import time
from pathlib import Path

from django.db import OperationalError
from django.db.backends.sqlite3 import base, creation


class WriteGate:
    """One writer at a time on a database file, across threads and processes."""

    POLL = 0.001  # seconds between two tries at another process's flock

    def __init__(self, path: str):
        self.path = f"{path}-gate"
        self.turn = threading.Lock()  # the process's threads
        self.pid, self.fd = 0, -1

    def _file(self) -> int:
        if self.pid != os.getpid():  # opened after a fork: a descriptor of this process's own
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            self.pid = os.getpid()
        return self.fd

    def acquire(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        if not self.turn.acquire(timeout=timeout):
            raise OperationalError("database is locked")
        try:
            fd = self._file()
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    return
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise OperationalError("database is locked") from None
                    time.sleep(self.POLL)
        except BaseException:
            self.turn.release()
            raise

    def release(self) -> None:
        try:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
        finally:
            self.turn.release()


_gates: dict[str, WriteGate] = {}
_gates_lock = threading.Lock()


def gate_for(path: str) -> WriteGate:
    with _gates_lock:
        return _gates.setdefault(path, WriteGate(path))


def _forget_gates() -> None:
    """In a forked child (a server's worker process, a bounded parse) the parent's gates
    are not the child's: a lock another thread held at the fork would never be left."""
    global _gates_lock
    _gates.clear()
    _gates_lock = threading.Lock()


os.register_at_fork(after_in_child=_forget_gates)


class DatabaseCreation(creation.DatabaseCreation):
    def _destroy_test_db(self, test_database_name, verbosity):
        """The test database's gate file goes with it."""
        super()._destroy_test_db(test_database_name, verbosity)
        if not self.is_in_memory_db(test_database_name):
            Path(f"{test_database_name}-gate").unlink(missing_ok=True)


class DatabaseWrapper(base.DatabaseWrapper):
    creation_class = DatabaseCreation
    held_gate: WriteGate | None = None

    @property
    def holds_gate(self) -> bool:
        return self.held_gate is not None

    def _start_transaction_under_autocommit(self):
        if self.is_in_memory_db():
            return super()._start_transaction_under_autocommit()
        gate = gate_for(str(self.settings_dict["NAME"]))
        gate.acquire(timeout=float(self.settings_dict["OPTIONS"].get("timeout", 5)))
        self.held_gate = gate
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._leave_gate()
            raise

    def _leave_gate(self):
        gate, self.held_gate = self.held_gate, None
        if gate is not None and gate.pid == os.getpid():  # not a parent's, before a fork
            gate.release()

    def _commit(self):
        try:
            return super()._commit()
        finally:
            self._leave_gate()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._leave_gate()

    def _close(self):
        try:
            return super()._close()
        finally:
            self._leave_gate()
