"""``theodoi serve`` and the database settings the rush of the 25th relies on
(docs/deploy.md, "Máy chủ web"; docs/benchmarks.md, "Giờ cao điểm")."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

THEODOI = Path(sys.executable).with_name("theodoi")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serve(tmp_path, *args):
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "theodoi.config.settings",
        "THEODOI_VAR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)
    server = subprocess.Popen(
        [str(THEODOI), "serve", "--port", str(port), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    return server, f"http://127.0.0.1:{port}"


def _get(url: str):
    for _attempt in range(300):
        try:
            return urllib.request.urlopen(url, timeout=5)
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"no answer from {url}")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="gunicorn needs fork")
def test_serve_runs_gunicorn_with_several_processes_by_default(tmp_path):
    server, base = _serve(tmp_path, "--workers", "2", "--threads", "2")
    try:
        page = _get(base + "/dang-nhap/")
        assert page.status == 200
        assert "Đăng nhập" in page.read().decode()
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "gunicorn, 2 tiến trình × 2 luồng" in output
    assert server.returncode == 0, output  # SIGTERM: a graceful stop


def test_serve_falls_back_to_waitress_when_asked(tmp_path):
    server, base = _serve(tmp_path, "--server", "waitress", "--threads", "2")
    try:
        assert _get(base + "/dang-nhap/").status == 200
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "(waitress, 2 luồng)" in output


def _databases(**env) -> dict:
    """``DATABASES["default"]`` as a fresh process reads it from ``env``."""
    code = (
        "import json; from theodoi.config import settings; "
        "print(json.dumps(settings.DATABASES['default'], default=str))"
    )
    environment = {**os.environ, **env}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    if "DATABASE_URL" not in env:
        environment.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def test_sqlite_queues_writers_and_keeps_connections(tmp_path):
    db = _databases(THEODOI_VAR=str(tmp_path))
    assert db["ENGINE"] == "theodoi.core.sqlite"
    options = db["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"  # the write lock taken at BEGIN
    assert options["timeout"] == 20  # a writer waits for it, never "database is locked"
    assert "journal_mode=WAL" in options["init_command"]
    assert "synchronous=NORMAL" in options["init_command"]
    assert db["CONN_MAX_AGE"] == 600 and db["CONN_HEALTH_CHECKS"] is True
    assert _databases(THEODOI_VAR=str(tmp_path), THEODOI_CONN_MAX_AGE="0")["CONN_MAX_AGE"] == 0


def test_postgresql_goes_through_a_pool_of_connections():
    url = "postgres://theodoi@db.example:5432/theodoi"
    db = _databases(DATABASE_URL=url)
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert db["OPTIONS"]["pool"] == {"min_size": 2, "max_size": 16, "timeout": 20}
    assert db["CONN_MAX_AGE"] == 0  # Django refuses a pool with persistent connections
    assert db["CONN_HEALTH_CHECKS"] is True
    sized = _databases(DATABASE_URL=url, THEODOI_DB_POOL_SIZE="24")
    assert sized["OPTIONS"]["pool"]["max_size"] == 24
    plain = _databases(DATABASE_URL=url, THEODOI_DB_POOL_SIZE="0")
    assert "pool" not in plain.get("OPTIONS", {}) and plain["CONN_MAX_AGE"] == 600


@pytest.mark.django_db
def test_the_pool_serves_queries_on_postgresql():
    """On PostgreSQL (DATABASE_URL), the test database is reached through the pool."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    assert connection.settings_dict["OPTIONS"]["pool"]["max_size"] >= 8
    assert connection.pool is not None
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
