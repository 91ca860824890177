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
    for command in ["parse", "demo", "loadbodies", "migrate", "runserver"]:
        assert f"    {command}\n" in result.stdout


def test_demo_refuses_to_run_without_demo_mode(tmp_path):
    result = run("demo", THEODOI_DEMO="0", THEODOI_VAR=str(tmp_path))
    assert result.returncode != 0
    assert "THEODOI_DEMO=1" in result.stderr
