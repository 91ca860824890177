"""Settings read from the environment: what a deployment behind a proxy relies on."""

import os
import subprocess
import sys


def _setting(name: str, **env) -> str:
    """The value of a setting in a fresh process started with ``env``."""
    code = f"from theodoi.config import settings; print(getattr(settings, {name!r}, None))"
    environment = {**os.environ, **env}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_the_proxy_is_trusted_for_https_only_when_told():
    assert _setting("SECURE_PROXY_SSL_HEADER") == "None"
    assert _setting("SECURE_PROXY_SSL_HEADER", THEODOI_BEHIND_PROXY="1") == str(
        ("HTTP_X_FORWARDED_PROTO", "https")
    )


def test_a_reset_link_asked_through_the_https_proxy_starts_with_https(
    people, client, smtp_server, settings, django_capture_on_commit_callbacks
):
    """Behind the proxy the links of every e-mail, the reset's among them, are made on
    ``THEODOI_BASE_URL`` (the worker sends them, not the request)."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.THEODOI_BASE_URL = "https://theodoi.angiang.gov.vn"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/quen-mat-khau/",
            {"email": people["daumoi"].email},
            HTTP_X_FORWARDED_PROTO="https",
        )
    assert len(smtp_server) == 1
    body = smtp_server[0].get_body(preferencelist=("plain",)).get_content()
    assert "https://theodoi.angiang.gov.vn/dat-lai-mat-khau/" in body and "http://" not in body
