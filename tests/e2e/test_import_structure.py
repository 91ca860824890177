"""Acceptance: the office corrects the structure the importer guessed, and publishes.

The office uploads a Word plan whose task column is headed "Việc cần làm" (a header
the importer has never seen: its role is guessed from the cells) and whose column
"Nguồn giao" holds each task's basis, which the importer reads as products. The
review page shows the columns' roles, the guesses highlighted; the office gives
"Nguồn giao" the role "căn cứ", the document is read again (tasks run at once in
tests; tests/e2e/test_upload.py covers the real worker), the grid holds the basis
where the document has it; a row is read as a section and back; the plan is
published. The page is checked at 1280 and 360 px wide.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.journeys import sign_in
from tests.e2e.test_review import publish_confirming_gaps
from tests.guessed_columns import BASIS, ROWS, write_plan
from theodoi.importer import parse_file
from theodoi.plans.models import Plan, PlanImport, PlanStatus

pytestmark = pytest.mark.browser

SHOTS = "/tmp/theodoi-structure"
TITLES = [row[1] for row in ROWS if row[0].isdigit()]


def no_overflow(page, width):
    """Nothing sticks out of the page sideways (a wide grid scrolls in its own box)."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def shoot(page, name, width):
    page.set_viewport_size({"width": width, "height": 900})
    no_overflow(page, width)
    page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)


def draft_id(page) -> int:
    return int(re.search(r"/ke-hoach/(\d+)/duyet/", page.url).group(1))


def read_again(page):
    """The re-read's progress page, done, then its new draft."""
    status = page.get_by_test_id("import-status")
    expect(status).to_contain_text("Đã đọc xong")
    expect(status).to_contain_text("Bản nháp mới, đọc theo cấu trúc Văn phòng đã chỉnh")
    page.get_by_role("link", name="Mở bản nháp để kiểm tra").click()
    page.wait_for_url("**/duyet/")


def test_the_office_corrects_a_guessed_column_reads_the_plan_again_and_publishes(
    live_server, people, page, tmp_path
):
    document = write_plan(tmp_path / "ke-hoach-cchc-2026.docx")
    columns = parse_file(document)["tables"][0]["columns"]
    assert (columns[1]["header"], columns[1]["role"], columns[1]["by"]) == (
        "Việc cần làm",
        "title",
        "cells",
    )
    assert (columns[5]["header"], columns[5]["role"]) == ("Nguồn giao", "deliverable")

    sign_in(page, live_server.url, "thuongtruc")
    page.goto(live_server.url + reverse("plans:upload"))
    page.get_by_label("Tệp văn bản kế hoạch").set_input_files(document)
    page.get_by_role("button", name="Tải lên và đọc").click()
    expect(page.get_by_test_id("import-status")).to_contain_text("Đã đọc xong")
    page.get_by_role("link", name="Mở bản nháp để kiểm tra").click()
    page.wait_for_url("**/duyet/")
    first = draft_id(page)

    # The guessed roles, highlighted; the basis sits in the products column.
    panel = page.get_by_test_id("structure")
    expect(panel).to_contain_text("Cấu trúc bảng")
    title_role = panel.get_by_label("Vai trò của cột “Việc cần làm”")
    basis_role = panel.get_by_label("Vai trò của cột “Nguồn giao”")
    expect(title_role).to_have_value("title")
    expect(basis_role).to_have_value("deliverable")
    guessed = panel.locator("tr.guessed")
    expect(guessed).to_have_count(2)
    expect(guessed.first).to_contain_text("đoán theo nội dung")
    expect(panel.locator("tr:not(.guessed)").filter(has_text="Đơn vị chủ trì")).to_contain_text(
        "theo tiêu đề"
    )
    expect(panel.get_by_test_id("reread-notice")).to_contain_text("chưa có sửa nào")
    grid = page.get_by_test_id("tasks-grid")
    expect(grid.locator("td[data-field=deliverable]").first).to_have_text(BASIS["1"])
    for width in (1280, 360):
        panel.scroll_into_view_if_needed()
        shoot(page, "guessed", width)
    page.set_viewport_size({"width": 1280, "height": 900})

    # One select changed, one button: the document is read again with that role.
    basis_role.select_option(label="Căn cứ")
    panel.get_by_role("button", name="Đọc lại bảng theo vai trò đã chọn").click()
    read_again(page)

    plan = Plan.objects.get(pk=draft_id(page))
    assert not Plan.objects.filter(pk=first).exists()
    grid = page.get_by_test_id("tasks-grid")
    rows = grid.locator("tr.task")
    expect(rows).to_have_count(3)
    for i, (title, basis) in enumerate(zip(TITLES, BASIS.values(), strict=True)):
        expect(rows.nth(i).locator("td[data-field=title]")).to_have_text(title)
        expect(rows.nth(i).locator("td[data-field=basis]")).to_have_text(basis)
        expect(rows.nth(i).locator("td[data-field=deliverable]")).to_have_text("")
    panel = page.get_by_test_id("structure")
    expect(panel.get_by_label("Vai trò của cột “Nguồn giao”")).to_have_value("basis")
    expect(panel.locator("tr", has_text="Nguồn giao")).to_contain_text("do Văn phòng chỉnh")
    for width in (1280, 360):
        shoot(page, "corrected", width)
    page.set_viewport_size({"width": 1280, "height": 900})

    # A task row read as a section, then back: one click each, and the re-read.
    first_task = grid.locator("tr.task", has_text=TITLES[0])
    first_task.get_by_role("button", name="Là mục").click()
    read_again(page)
    section = page.locator("tr.section", has_text=TITLES[0])
    expect(section).to_be_visible()
    expect(page.get_by_test_id("tasks-grid").locator("tr.task")).to_have_count(2)
    section.get_by_role("button", name="Là nhiệm vụ").click()
    read_again(page)
    expect(page.get_by_test_id("tasks-grid").locator("tr.task")).to_have_count(3)

    plan = Plan.objects.get(pk=draft_id(page))
    plan_import = PlanImport.objects.get(plan=plan)
    assert plan_import.corrections == {
        "columns": [{"table": 0, "column": 5, "role": "basis"}],
        "rows": [{"table": 0, "row": 2, "as": "task"}],
    }
    assert plan.tasks.get(title=TITLES[1]).basis == BASIS["2"]

    publish_confirming_gaps(page, live_server.url, plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED
    assert plan.assignments.filter(task__title=TITLES[2], role="lead").count() == 1
