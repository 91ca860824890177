"""Acceptance: the office reviews an imported draft, corrects it, resolves a vague
group with the picker, publishes; a commune's focal officer then sees his tasks."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.journeys import sign_in
from theodoi.bodies.models import Body, BodyKind
from theodoi.plans.models import AgencyItem, Assignment, Plan, PlanStatus, Task
from theodoi.plans.services import review

pytestmark = pytest.mark.browser

PLANS = Path(__file__).resolve().parents[1] / "fixtures" / "plans"


def upload(page, base_url, document: Path) -> Plan:
    """The office uploads a plan document and opens the draft the importer made of it.

    (Tests run tasks at once; tests/e2e/test_upload.py covers the real worker.)
    """
    page.goto(base_url + reverse("plans:upload"))
    page.get_by_label("Tệp văn bản kế hoạch").set_input_files(document)
    page.get_by_role("button", name="Tải lên và đọc").click()
    expect(page.get_by_test_id("import-status")).to_contain_text("Đã đọc xong")
    page.get_by_role("link", name="Mở bản nháp để kiểm tra").click()
    page.wait_for_url("**/duyet/")
    return Plan.objects.get(pk=int(re.search(r"/ke-hoach/(\d+)/duyet/", page.url).group(1)))


def publish_confirming_gaps(page, base_url, plan, screenshot=None):
    page.goto(base_url + reverse("plans:review", args=[plan.pk]))
    page.get_by_role("link", name="Ban hành…").click()
    confirm = page.get_by_test_id("publish-confirm")
    expect(confirm).to_contain_text("chưa đủ “06 rõ”")
    if screenshot:
        screenshot(page, "review-publish-confirm")
    confirm.get_by_label("Tôi đã xem danh sách và đồng ý ban hành").check()
    confirm.get_by_role("button", name="Ban hành").click()
    page.wait_for_url(f"**{plan.get_absolute_url()}")
    expect(page.locator(".messages")).to_contain_text(re.compile(r"Đã ban hành: \d+ phân công"))


def test_the_office_reviews_and_publishes_a_plan_and_a_commune_sees_its_tasks(
    live_server, people, page, browser, screenshot
):
    sign_in(page, live_server.url, "thuongtruc")
    plan = upload(page, live_server.url, PLANS / "000_91be600319c8ab5d.txt")
    page.goto(live_server.url + reverse("plans:review", args=[plan.pk]))
    summary = page.get_by_test_id("review-summary")
    expect(summary).to_contain_text("Còn 16 tên đơn vị chưa xác định")
    expect(summary).to_contain_text(re.compile(r"\d+/\d+ nhiệm vụ đủ 06 rõ"))
    screenshot(page, "review-grid")

    # Correct a cell: click, type, Enter; the row comes back saved.
    task = plan.tasks.get(code="1", section__path="I")
    row = page.locator(f"#task-{task.pk}")
    row.locator("td[data-field=deliverable]").click()
    box = row.get_by_label("Sản phẩm")
    box.fill("Nghị quyết của HĐND tỉnh (đã duyệt)")
    box.press("Enter")
    expect(row.locator("td[data-field=deliverable]")).to_have_text(
        "Nghị quyết của HĐND tỉnh (đã duyệt)"
    )
    assert Task.objects.get(pk=task.pk).deliverable == "Nghị quyết của HĐND tỉnh (đã duyệt)"

    # Esc cancels an edit without saving.
    row.locator("td[data-field=basis]").click()
    row.get_by_label("Căn cứ giao nhiệm vụ").fill("không lưu")
    row.get_by_label("Căn cứ giao nhiệm vụ").press("Escape")
    expect(row.locator("td[data-field=basis] textarea")).to_have_count(0)
    assert Task.objects.get(pk=task.pk).basis == ""

    # Resolve a vague group with the picker: add Sở Y tế and Sở Tư pháp.
    vague = page.locator("button.agency.vague").first
    vague_row_id = vague.locator("xpath=ancestor::tr").get_attribute("id")
    vague.click()
    picker = page.get_by_test_id("picker")
    expect(picker).to_contain_text("Các Sở ngành liên quan")
    for query, name in [("so y te", "Sở Y tế"), ("tu phap", "Sở Tư pháp")]:
        picker.get_by_placeholder("Tìm theo tên hoặc tên viết tắt").fill(query)
        result = picker.locator("#picker-results li", has_text=name).first
        result.get_by_role("button", name="+ Thêm").click()
        expect(picker.get_by_test_id("chosen")).to_contain_text(name)
    expect(summary).to_contain_text("Còn 15 tên đơn vị chưa xác định")
    expect(page.locator(f"#{vague_row_id} button.agency.vague")).to_have_count(0)
    screenshot(page, "review-picker")

    # The other vague cells get the departments (as the office would, one by one).
    departments = list(Body.objects.filter(kind=BodyKind.DEPARTMENT, active=True)[:3])
    for item in AgencyItem.objects.filter(task__plan=plan, group__rule="vague", chosen=None):
        review.agency_item_set(
            item=item,
            seen_version=review.item_fingerprint(item),
            user=people["thuongtruc"],
            chosen=departments,
        )
    page.reload()
    expect(page.get_by_test_id("unresolved-count")).to_have_text("Mọi tên đơn vị đã xác định")
    expect(page.get_by_test_id("six-clear")).to_contain_text("nhiệm vụ đủ 06 rõ")

    publish_confirming_gaps(page, live_server.url, plan, screenshot)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED
    health = Body.objects.get(name="Sở Y tế")
    picked = Task.objects.get(pk=vague_row_id.removeprefix("task-"))
    assert Assignment.objects.filter(plan=plan, body=health, task=picked).exists()

    # The 2026 plan, published the same way; its commune group leads many tasks.
    plan_2026 = upload(page, live_server.url, PLANS / "001_6cb26fb914e0f802.txt")
    publish_confirming_gaps(page, live_server.url, plan_2026)
    commune = people["daumoi.xa"].body
    led = Task.objects.filter(
        plan=plan_2026, assignments__body=commune, assignments__role="lead"
    ).order_by("position")
    assert led.count() > 5
    assert {a.via_group.name for a in commune.assignments.filter(plan=plan_2026, role="lead")} == {
        "UBND xã, phường, đặc khu"
    }

    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    focal = context.new_page()
    sign_in(focal, live_server.url, "daumoi.xa")
    focal.goto(live_server.url + reverse("bodies:detail", args=[commune.pk]))
    tasks = focal.get_by_test_id("body-task").filter(has_text="qua nhóm UBND xã, phường, đặc khu")
    expect(tasks.first).to_be_visible()
    expect(focal.get_by_test_id("body-tasks")).to_contain_text(led.first().title[:40])
    screenshot(focal, "review-commune-tasks")
    context.close()
