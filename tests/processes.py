"""Real processes beside a test: ``theodoi worker``/``scheduler`` on the test database,
and an SMTP server on loopback.

Import the fixtures into a test module (``from tests.processes import start_worker``).
The processes see only what the test committed: such tests need
``@pytest.mark.django_db(transaction=True)`` (or ``live_server``). The test database
is a file on SQLite (``settings_test.py``) and ``test_…`` on PostgreSQL.
"""

import asyncio
import email
import email.policy
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection, connections

THEODOI = Path(sys.executable).with_name("theodoi")


def database_url(db: dict) -> str:
    """The URL (``DATABASE_URL``) of the database this test process uses."""
    if "sqlite" in db["ENGINE"]:
        return f"sqlite:///{db['NAME']}"
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    host = f"{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"
    return f"postgres://{quote(db['USER'], safe='')}{password}@{host}/{db['NAME']}"


def free_port() -> int:
    """A loopback port nothing listens on (now)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def start_process(tmp_path):
    """``start_process("scheduler", "--once", EMAIL_PORT="2525")`` runs ``theodoi …``
    on the test database (extra environment as keywords); every process is stopped at
    the end and its output printed (shown when the test fails)."""
    processes = []

    def start(*args: str, **env: str) -> subprocess.Popen:
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "theodoi.config.settings",
            "DATABASE_URL": database_url(connection.settings_dict),
            "THEODOI_VAR": str(tmp_path),  # media (uploads) under tmp_path/media
            **env,
        }
        log = tmp_path / f"{args[0]}-{len(processes)}.log"
        with log.open("ab") as out:
            process = subprocess.Popen(
                [str(THEODOI), *args], env=environment, stdout=out, stderr=subprocess.STDOUT
            )
        process.log = log
        processes.append(process)
        return process

    yield start
    for process in processes:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    for process in processes:
        print(f"--- {process.log.name} (exit {process.returncode})")
        print(process.log.read_text(errors="replace"))


@pytest.fixture
def start_worker(start_process):
    """``start_worker()`` runs ``theodoi worker`` on the test database; always stopped."""

    def start(**env: str) -> subprocess.Popen:
        return start_process(
            "worker", "--interval", "0.2", "--no-startup-delay", "--no-reload", **env
        )

    return start


@pytest.fixture
def database_queue(settings, tmp_path):
    """The web side queues into the database, as in production; files under tmp_path."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "email"]}
    }
    settings.MEDIA_ROOT = tmp_path / "media"


class Mailbox:
    """An aiosmtpd handler that keeps what it receives; ``block_at=n`` holds the n-th
    RCPT command (counted from 1) until ``release`` is set, so that message is never
    accepted while its sender waits."""

    def __init__(self, block_at: int | None = None):
        self.received: list[email.message.EmailMessage] = []
        self.block_at = block_at
        self.rcpt = 0
        self.blocked = threading.Event()
        self.release = threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.rcpt += 1
        if self.rcpt == self.block_at:
            self.blocked.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append(message)
        return "250 OK"

    def keys(self) -> list[str]:
        return [message["X-Theodoi-Key"] for message in self.received]

    def wait_for(self, count: int, timeout: float = 60) -> None:
        """Until ``count`` messages arrived (or the time is up)."""
        deadline = time.monotonic() + timeout
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.1)


class SmtpServer:
    """An SMTP server on a loopback port, started and stopped at will."""

    def __init__(self, mailbox: Mailbox, port: int | None = None):
        self.mailbox = mailbox
        self.port = port or free_port()
        self.controller = None

    def start(self) -> "SmtpServer":
        from aiosmtpd.controller import Controller

        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.mailbox.release.set()  # a held command must not hold the server's stop
            self.controller.stop()
            self.controller = None

    def env(self) -> dict[str, str]:
        """The environment that points ``theodoi`` at this server."""
        return {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(self.port)}

    def use_in(self, settings) -> None:
        """Point this process's Django (``settings`` fixture) at the server."""
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", self.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_TIMEOUT = 5


def wait_until(condition, timeout: float = 60, step: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


def race(action, threads: int = 4) -> tuple[list, list]:
    """Run ``action()`` in ``threads`` threads released at the same instant, each on its
    own database connection; returns (their results, the errors they raised)."""
    start = threading.Barrier(threads)
    results, errors = [], []

    def run():
        try:
            start.wait(timeout=10)
            results.append(action())
        except Exception as error:  # the caller asserts there is none
            errors.append(error)
        finally:
            connections.close_all()

    running = [threading.Thread(target=run) for _ in range(threads)]
    for thread in running:
        thread.start()
    for thread in running:
        thread.join(60)
    return results, errors
