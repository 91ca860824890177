"""The office uploads a plan in the browser; a real ``theodoi worker`` process reads it.

The worker is a separate process on the test database (a file on SQLite, see
settings_test.py; ``test_…`` on PostgreSQL), with the same media directory
(``tests/processes.py``).
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect

import theodoi.plans
from conftest import PASSWORD
from tests import processes

pytestmark = pytest.mark.browser
# The fixtures that start real processes (pytest finds them in the module).
database_queue, start_process, start_worker = (
    processes.database_queue,
    processes.start_process,
    processes.start_worker,
)

SAMPLE = Path(theodoi.plans.__file__).parent / "samples" / "001_6cb26fb914e0f802.txt"


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
