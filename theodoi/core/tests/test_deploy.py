"""The production settings of docs/deploy.md: no start without SECRET_KEY, and
``check --deploy`` clean with them. Each test starts theodoi in a process of its own."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

THEODOI = Path(sys.executable).with_name("theodoi")
DEPLOY_DOC = Path(__file__).resolve().parents[3] / "docs" / "deploy.md"
THEODOIS = ("THEODOI_", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "CSRF_")


def documented_environment() -> dict[str, str]:
    """The variables of the ``/etc/theodoi.env`` block of docs/deploy.md."""
    block = re.search(r"```ini\n# /etc/theodoi.env\n(.*?)```", DEPLOY_DOC.read_text(), re.S)
    assert block, "docs/deploy.md lost its /etc/theodoi.env block"
    lines = [line for line in block.group(1).splitlines() if line and not line.startswith("#")]
    return dict(line.split("=", 1) for line in lines)


def run(args: list[str], tmp_path, **env) -> subprocess.CompletedProcess:
    """``theodoi ARGS`` with only the given variables of theodoi's (the rest of the
    machine's environment kept, so the test's own key and settings never leak in)."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith((*THEODOIS, "DJANGO_", "EMAIL_"))
    }
    environment |= {"DJANGO_SETTINGS_MODULE": "theodoi.config.settings"}
    environment |= {"THEODOI_VAR": str(tmp_path), **env}
    return subprocess.run(
        [str(THEODOI), *args], env=environment, capture_output=True, text=True, timeout=120
    )


def test_the_server_refuses_to_start_without_a_secret_key(tmp_path):
    production = documented_environment()
    del production["SECRET_KEY"]
    for command in (["serve", "--port", "1"], ["check"], ["worker", "--help"]):
        done = run(command, tmp_path, **production)
        assert done.returncode != 0, command
        assert "SECRET_KEY chưa được đặt" in done.stderr, done.stderr
        assert "docs/deploy.md" in done.stderr


def test_without_any_setting_too_only_local_commands_and_debug_run(tmp_path):
    assert run(["check"], tmp_path).returncode != 0  # not even on a bare machine
    # What `make run` does without a key: migrate and demo, then debug-mode processes.
    assert run(["migrate", "--plan"], tmp_path).returncode == 0
    assert run(["check"], tmp_path, THEODOI_DEBUG="1").returncode == 0
    # THEODOI_REQUIRE_SECRET takes away the local commands' exception.
    done = run(["migrate", "--plan"], tmp_path, THEODOI_REQUIRE_SECRET="1")
    assert done.returncode != 0 and "SECRET_KEY chưa được đặt" in done.stderr


def test_check_deploy_is_clean_with_the_documented_production_settings(tmp_path):
    production = documented_environment() | {"SECRET_KEY": secrets.token_urlsafe(50)}
    done = run(["check", "--deploy", "--fail-level", "DEBUG"], tmp_path, **production)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout, done.stdout + done.stderr


def test_the_documented_settings_turn_on_https_and_the_proxy(tmp_path):
    production = documented_environment() | {"SECRET_KEY": secrets.token_urlsafe(50)}
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER, "
        "s.SESSION_COOKIE_SECURE, s.THEODOI_BEHIND_PROXY)"
    )
    done = run(["shell", "--no-imports", "-c", code], tmp_path, **production)
    assert done.stdout.split() == [
        "True",
        "31536000",
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
        "True",
        "True",
    ], done.stderr


def test_the_proxy_allows_the_largest_upload_and_no_more():
    from django.conf import settings

    from theodoi.documents.services.signed import MAX_SIZE
    from theodoi.plans.services.imports import MAX_BYTES

    largest = max(MAX_SIZE, MAX_BYTES)
    assert largest < settings.THEODOI_REQUEST_MAX_BYTES <= largest + 2 * 1024 * 1024
    megabytes = settings.THEODOI_REQUEST_MAX_BYTES // (1024 * 1024)
    assert f"client_max_body_size {megabytes}m;" in DEPLOY_DOC.read_text()
