import os
import subprocess
import sys
from pathlib import Path

THEODOI = Path(sys.executable).with_name("theodoi")


def run(*args, **env):
    return subprocess.run(
        [str(THEODOI), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "theodoi.config.settings", **env},
        timeout=120,
    )


def test_theodoi_help_lists_the_subcommands():
    result = run("--help")
    assert result.returncode == 0
    for command in ["parse", "demo", "loadbodies", "migrate", "runserver", "worker", "scheduler"]:
        assert f"    {command}\n" in result.stdout


def test_demo_refuses_to_run_without_demo_mode(tmp_path):
    result = run("demo", THEODOI_DEMO="0", THEODOI_VAR=str(tmp_path))
    assert result.returncode != 0
    assert "THEODOI_DEMO=1" in result.stderr


def test_serve_answers_the_login_page_in_vietnamese(tmp_path):
    import socket
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "theodoi.config.settings",
        "THEODOI_VAR": str(tmp_path),
    }
    server = subprocess.Popen(
        [str(THEODOI), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        for _attempt in range(100):
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/dang-nhap/", timeout=5)
                break
            except OSError:
                time.sleep(0.1)
        assert page.status == 200
        assert "Đăng nhập" in page.read().decode()
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_scheduler_explains_a_wrong_moment_in_vietnamese():
    result = run("scheduler", "--at", "16/03/2026")
    assert result.returncode == 1
    assert "--at phải có dạng 'YYYY-MM-DD HH:MM'" in result.stderr
