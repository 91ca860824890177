"""The office uploads a plan in the browser; a real ``theodoi worker`` process reads it.

The worker is a separate process on the test database (a file on SQLite, see
settings_test.py; ``test_…`` on PostgreSQL), with the same media directory.
"""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from playwright.sync_api import expect

import theodoi.plans
from conftest import PASSWORD

pytestmark = pytest.mark.browser

THEODOI = Path(sys.executable).with_name("theodoi")
SAMPLE = Path(theodoi.plans.__file__).parent / "samples" / "001_6cb26fb914e0f802.txt"


def database_url(db: dict) -> str:
    """The URL (``DATABASE_URL``) of the database this test process uses."""
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    host = f"{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"
    return f"postgres://{quote(db['USER'], safe='')}{password}@{host}/{db['NAME']}"


@pytest.fixture
def start_worker(tmp_path):
    """``start_worker()`` runs ``theodoi worker`` on the test database; always stopped."""
    processes = []
    log = tmp_path / "worker.log"

    def start():
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "theodoi.config.settings",
            "DATABASE_URL": database_url(connection.settings_dict),
            "THEODOI_VAR": str(tmp_path),  # media (uploads) under tmp_path/media
        }
        with log.open("ab") as out:
            process = subprocess.Popen(
                [str(THEODOI), "worker", "--interval", "0.2", "--no-startup-delay", "--no-reload"],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        processes.append(process)
        return process

    yield start
    for process in processes:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if log.exists():
        print(log.read_text(errors="replace"))  # shown when the test fails


@pytest.fixture
def database_queue(settings, tmp_path):
    """The web side queues into the database, as in production; files under tmp_path."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_office_uploads_the_2026_plan_and_a_worker_reads_it(
    live_server, people, page, screenshot, database_queue, start_worker
):
    page.goto(live_server.url + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập hoặc e-mail").fill("thuongtruc")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/thuong-truc/")

    page.get_by_role("link", name="Nhập kế hoạch", exact=True).click()
    page.wait_for_url("**/ke-hoach/nhap/")
    page.get_by_label("Tệp văn bản kế hoạch").set_input_files(SAMPLE)
    page.get_by_role("button", name="Tải lên và đọc").click()
    page.wait_for_url("**/ke-hoach/nhap/*/")

    # No worker yet: the import waits in the queue, and the page says so.
    status = page.get_by_test_id("import-status")
    expect(page.get_by_test_id("import-file")).to_have_text(SAMPLE.name)
    expect(status).to_contain_text("Đang chờ đến lượt đọc")
    expect(status.locator("progress")).to_be_visible()
    screenshot(page, "upload-queued")

    worker = start_worker()
    # The page polls itself (htmx) and shows the result without a reload.
    expect(status).to_contain_text("Đã đọc xong", timeout=60_000)
    assert worker.poll() is None, "the worker stopped early"
    expect(page.get_by_test_id("count-tasks")).to_have_text("40")
    expect(page.get_by_test_id("count-indicators")).to_have_text("16")
    expect(page.get_by_test_id("count-sections")).to_have_text("7")
    expect(status.locator("progress")).to_have_count(0)
    screenshot(page, "upload-done")

    page.get_by_role("link", name="Mở bản nháp để kiểm tra").click()
    page.wait_for_url("**/ke-hoach/*/**")
    expect(page.locator("h1").first).to_be_visible()
