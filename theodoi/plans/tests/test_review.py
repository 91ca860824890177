"""The review grid of a draft: cell edits, undo, rows, agency choices, publishing."""

import json
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from theodoi.bodies.models import Body, Group
from theodoi.core.concurrency import EditConflict
from theodoi.importer import parse_file
from theodoi.plans.models import AgencyItem, Assignment, Plan, PlanStatus, Task
from theodoi.plans.selectors.review import registry_search, review_counts, review_grid
from theodoi.plans.services import review, rows
from theodoi.plans.services.drafts import plan_draft_create

PLANS = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "plans"


def load(name):
    return json.loads((PLANS / f"{name}.json").read_text("utf-8"))


@pytest.fixture
def plan_2025(registry):
    return plan_draft_create(data=load("000_91be600319c8ab5d"))


@pytest.fixture
def plan_2026(registry):
    return plan_draft_create(data=load("001_6cb26fb914e0f802"))


@pytest.fixture
def office(people):
    return people["thuongtruc"]


def task_of(plan, code, section="I"):
    return plan.tasks.get(code=code, section__path=section)


def save(plan, row, field, value, user, kind="task"):
    return review.cell_save(
        plan=plan,
        kind=kind,
        pk=row.pk,
        field=field,
        value=value,
        seen_version=review.row_fingerprint(kind, row),
        user=user,
    )


def vague_items(plan):
    return AgencyItem.objects.filter(task__plan=plan, group__rule="vague")


# --- Cells -------------------------------------------------------------------------


def test_it_saves_a_cell_and_the_history_names_who_did_it(plan_2025, office):
    task = task_of(plan_2025, "1")
    save(plan_2025, task, "deliverable", "Nghị quyết đã sửa", office)
    task.refresh_from_db()
    assert task.deliverable == "Nghị quyết đã sửa"
    record = task.history.latest()
    assert record.history_user == office
    assert (record.history_change_reason, record.action_data) == (
        "plans.review.cell_edited",
        {"field": "deliverable"},
    )


def test_a_stale_save_is_refused_and_nothing_is_overwritten(plan_2025, office, people):
    task = task_of(plan_2025, "1")
    seen = review.row_fingerprint("task", task)
    save(plan_2025, task, "title", "Bản của người khác", people["chutich"])
    with pytest.raises(EditConflict):
        review.cell_save(
            plan=plan_2025,
            kind="task",
            pk=task.pk,
            field="title",
            value="Bản cũ",
            seen_version=seen,
            user=office,
        )
    task.refresh_from_db()
    assert task.title == "Bản của người khác"


def test_a_bad_date_is_refused_with_one_clear_message(plan_2025, office):
    task = task_of(plan_2025, "1")
    with pytest.raises(ValidationError) as refused:
        save(plan_2025, task, "due", "31-12", office)
    assert refused.value.messages == ["Ngày phải viết dạng ngày/tháng/năm, ví dụ 31/12/2025."]
    task.refresh_from_db()
    save(plan_2025, task, "due", "30/09/2025", office)
    task.refresh_from_db()
    assert str(task.due) == "2025-09-30"


def test_editing_the_deadline_text_reads_the_due_date_again(plan_2025, office):
    task = task_of(plan_2025, "1")
    save(plan_2025, task, "deadline_text", "Tháng 9/2025", office)
    task.refresh_from_db()
    assert str(task.due) == "2025-09-30"


def test_editing_a_lead_cell_resplits_and_resolves_it_keeping_earlier_choices(plan_2025, office):
    item = vague_items(plan_2025).filter(role="support").first()
    task = item.task
    health = Body.objects.get(name="Sở Y tế")
    item.chosen.set([health])
    names = [*task.support_text, "Sở Tư pháp", "Ban Không Có Thật"]
    save(plan_2025, task, "support_text", "; ".join(names), office)
    items = {i.text: i for i in task.agency_items.filter(role="support")}
    assert list(items) == names
    assert list(items[item.text].chosen.all()) == [health]  # unchanged name keeps its choice
    assert items["Sở Tư pháp"].body.name == "Sở Tư pháp"
    assert items["Ban Không Có Thật"].body is None and items["Ban Không Có Thật"].group is None


def test_the_plan_header_and_its_bases_are_corrected_the_same_way(plan_2025, office):
    save(plan_2025, plan_2025, "year", "2026", office, kind="plan")
    plan_2025.refresh_from_db()
    first = plan_2025.bases[0]
    save(plan_2025, plan_2025, "bases", f"{first['text']}\nCăn cứ mới", office, kind="plan")
    plan_2025.refresh_from_db()
    assert plan_2025.year == 2026
    assert plan_2025.bases == [first, {"text": "Căn cứ mới"}]


def test_a_section_edit_is_recorded_in_its_history_and_undo_takes_it_back(plan_2025, office):
    section = plan_2025.sections.first()
    old_title = section.title
    save(plan_2025, section, "title", "Khoa học công nghệ", office, kind="section")
    record = section.history.latest()
    assert (record.history_user, record.history_change_reason) == (
        office,
        "plans.review.cell_edited",
    )
    assert record.action_data == {"field": "title"}
    kind, row = review.change_undo(plan=plan_2025, user=office)
    section.refresh_from_db()
    assert (kind, row.pk, section.title) == ("section", section.pk, old_title)


# --- Undo --------------------------------------------------------------------------


def test_undo_restores_the_previous_version_of_the_last_changed_row(plan_2025, office):
    first, second = task_of(plan_2025, "1"), task_of(plan_2025, "3")
    old_first, old_second = first.title, second.deadline_text
    save(plan_2025, first, "title", "Sửa lần 1", office)
    second = Task.objects.get(pk=second.pk)
    save(plan_2025, second, "deadline_text", "Tháng 12/2025", office)

    review.change_undo(plan=plan_2025, user=office)
    second.refresh_from_db()
    assert second.deadline_text == old_second and second.due != "2025-12-31"
    review.change_undo(plan=plan_2025, user=office)
    first.refresh_from_db()
    assert first.title == old_first
    with pytest.raises(ValidationError, match="Không còn thay đổi"):
        review.change_undo(plan=plan_2025, user=office)


def test_undo_of_a_lead_cell_brings_its_names_back(plan_2025, office):
    task = task_of(plan_2025, "1")
    before = list(task.agency_items.values_list("role", "text"))
    save(plan_2025, task, "lead_text", "Sở Tư pháp", office)
    review.change_undo(plan=plan_2025, user=office)
    assert sorted(task.agency_items.values_list("role", "text")) == sorted(before)


def test_undo_is_refused_when_someone_changed_the_row_since(plan_2025, office, people):
    task = task_of(plan_2025, "1")
    save(plan_2025, task, "title", "Sửa của thường trực", office)
    task.refresh_from_db()
    other = people["chutich"]  # anyone else who wrote to the row
    save(plan_2025, task, "title", "Sửa của người khác", other)
    with pytest.raises(EditConflict):
        review.change_undo(plan=plan_2025, user=office)
    task.refresh_from_db()
    assert task.title == "Sửa của người khác"


# --- Rows --------------------------------------------------------------------------


def codes(plan, section="I"):
    return list(
        plan.tasks.filter(section__path=section).order_by("position").values_list("code", flat=True)
    )


def test_a_task_is_split_at_a_point_into_two_rows_with_the_same_bodies(plan_2025, office):
    task = task_of(plan_2025, "1")
    title = task.title
    rows.task_action(task=task, action="split", at="20", user=office)
    task.refresh_from_db()
    new = plan_2025.tasks.get(position=task.position + 1)
    assert (task.title, new.title) == (title[:20].strip(), title[20:].strip())
    assert sorted(new.agency_items.values_list("role", "text")) == sorted(
        task.agency_items.values_list("role", "text")
    )


def test_a_task_split_without_a_point_is_copied(plan_2025, office):
    task = task_of(plan_2025, "1")
    rows.task_action(task=task, action="split", user=office)
    new = plan_2025.tasks.get(position=task.position + 1)
    assert new.title == task.title and new.code == "2"


def test_a_task_merged_goes_into_the_previous_row(plan_2025, office):
    first, second = task_of(plan_2025, "2.1"), task_of(plan_2025, "2.2")
    rows.task_action(task=second, action="merge", user=office)
    first.refresh_from_db()
    assert second.title in first.title and not Task.objects.filter(pk=second.pk).exists()


def test_a_task_with_sub_tasks_is_not_deleted(plan_2025, office):
    parent = task_of(plan_2025, "2")
    with pytest.raises(ValidationError, match="nhiệm vụ con"):
        rows.task_action(task=parent, action="delete", user=office)
    rows.task_action(task=task_of(plan_2025, "2.2"), action="delete", user=office)
    assert "2.2" not in codes(plan_2025)


def test_tasks_move_up_and_down_and_keep_their_codes(plan_2025, office):
    before = codes(plan_2025)
    rows.task_action(task=task_of(plan_2025, before[1]), action="up", user=office)
    assert codes(plan_2025)[:2] == [before[1], before[0]]
    rows.task_action(task=task_of(plan_2025, before[1]), action="down", user=office)
    assert codes(plan_2025) == before
    with pytest.raises(ValidationError):
        rows.task_action(task=task_of(plan_2025, before[0]), action="up", user=office)


def test_a_task_is_added_after_a_row(plan_2025, office):
    rows.task_action(task=task_of(plan_2025, "1"), action="add", user=office)
    assert codes(plan_2025)[:3] == ["1", "2", "2"]


def test_a_plan_made_by_hand_needs_a_title_then_gets_sections_and_tasks(registry, office):
    with pytest.raises(ValidationError, match="trích yếu"):
        rows.plan_create_empty(title="  ", user=office)
    plan = rows.plan_create_empty(title="Kế hoạch thử", year="2026", user=office)
    section = rows.section_add(plan=plan, user=office)
    task = rows.task_add(plan=plan, section_id=section.pk, user=office)
    save(plan, task, "lead_text", "Sở Y tế", office)
    assert plan.is_draft and task.section == section and task.code == "1"
    assert task.agency_items.get().body.name == "Sở Y tế"


# --- Agency items and the grid ----------------------------------------------------------


def test_choosing_bodies_for_a_vague_group_resolves_it(plan_2025, office):
    item = vague_items(plan_2025).first()
    before = review_counts(plan_2025)["unresolved"]
    bodies = list(Body.objects.filter(name__in=["Sở Y tế", "Sở Tư pháp"]))
    review.agency_item_set(
        item=item, seen_version=review.item_fingerprint(item), user=office, chosen=bodies
    )
    assert set(item.chosen.all()) == set(bodies)
    assert review_counts(plan_2025)["unresolved"] == before - 1


def test_a_name_is_set_to_one_body_and_a_stale_choice_is_refused(plan_2025, office):
    item = vague_items(plan_2025).first()
    seen = review.item_fingerprint(item)
    review.agency_item_set(
        item=item, seen_version=seen, user=office, body=Body.objects.get(name="Sở Y tế")
    )
    with pytest.raises(EditConflict):
        review.agency_item_set(
            item=item, seen_version=seen, user=office, group=Group.objects.first()
        )
    item.refresh_from_db()
    assert item.body.name == "Sở Y tế" and item.group is None


def test_the_registry_search_ignores_diacritics_and_finds_aliases(registry):
    assert "Sở Y tế" in [r.name for r in registry_search("so y te")]
    assert "Sở Khoa học và Công nghệ" in [r.name for r in registry_search("SKHCN")]


def test_the_grid_puts_warnings_at_their_rows_and_counts_the_six_clear(registry):
    plan_2026 = plan_draft_create(data=parse_file(PLANS / "001_6cb26fb914e0f802.txt"))
    grid = review_grid(plan_2026)
    warned = {f"{t.section.path}/{t.code}" for t in grid["tasks"] if t.row_warnings}
    assert warned == {"I/1", "VII/31"} and grid["warnings"] == []
    counts = review_counts(plan_2026)
    assert counts["clear"] + counts["with_gaps"] == counts["leaves"] > 0


# --- Views ---------------------------------------------------------------------------


def test_a_focal_officer_is_refused_the_review_pages(login, plan_2025):
    client = login("daumoi")
    for name in ["plans:review", "plans:review_cell", "plans:review_undo", "plans:publish"]:
        assert client.get(reverse(name, args=[plan_2025.pk])).status_code == 403
    assert client.post(reverse("plans:publish", args=[plan_2025.pk])).status_code == 403


def test_the_grid_shows_the_counts_and_a_saved_cell_comes_back_as_its_row(login, plan_2025):
    client = login("thuongtruc")
    page = client.get(reverse("plans:review", args=[plan_2025.pk])).content.decode()
    assert "Còn 16 tên đơn vị chưa xác định" in page and "nhiệm vụ đủ 06 rõ" in page
    task = task_of(plan_2025, "1")
    url = reverse("plans:review_cell", args=[plan_2025.pk])
    data = {"kind": "task", "id": task.pk, "field": "code", "value": "1a"}
    data["seen_version"] = review.row_fingerprint("task", task)
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response["HX-Trigger"] == "review-changed"
    assert response.content.decode().startswith(f'<tr id="task-{task.pk}"')
    stale = client.post(url, data | {"value": "1b"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Người khác vừa sửa mục này" in stale
    assert Task.objects.get(pk=task.pk).code == "1a"


def test_the_picker_adds_a_body_to_a_vague_group(login, plan_2025):
    client = login("thuongtruc")
    item = vague_items(plan_2025).first()
    health = Body.objects.get(name="Sở Y tế")
    url = reverse("plans:review_picker", args=[plan_2025.pk])
    assert (
        "Sở Y tế"
        in client.get(url, {"item": item.pk, "q": "y te"}, HTTP_HX_REQUEST="true").content.decode()
    )
    seen = review.item_fingerprint(item)
    response = client.post(
        url, {"item": item.pk, "seen_version": seen, "add": health.pk}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and list(item.chosen.all()) == [health]
    assert 'hx-swap-oob="true"' in response.content.decode()


def test_publishing_is_refused_with_the_list_of_unresolved_names(login, plan_2025):
    response = login("thuongtruc").post(
        reverse("plans:publish", args=[plan_2025.pk]), {"confirm_gaps": "1"}
    )
    page = response.content.decode()
    assert "Chưa ban hành được: còn 16 tên đơn vị chưa xác định" in page
    assert "nhiệm vụ I/2.1" in page and "Các Sở ngành liên quan" in page
    assert Plan.objects.get(pk=plan_2025.pk).status == PlanStatus.DRAFT


def test_publishing_with_gaps_needs_the_checkbox_then_succeeds(login, plan_2026):
    client = login("thuongtruc")
    url = reverse("plans:publish", args=[plan_2026.pk])
    page = client.get(url).content.decode()
    assert "Tôi đã xem danh sách và đồng ý ban hành" in page and "Rõ" in page
    refused = client.post(url).content.decode()
    assert "Hãy đánh dấu ô xác nhận" in refused and not Assignment.objects.exists()
    response = client.post(url, {"confirm_gaps": "1"}, follow=True)
    assert response.redirect_chain[-1][0] == plan_2026.get_absolute_url()
    count = Assignment.objects.filter(plan=plan_2026).count()
    assert f"Đã ban hành: {count} phân công." in response.content.decode()
    assert client.get(reverse("plans:review", args=[plan_2026.pk])).status_code == 302


def test_the_office_creates_an_empty_plan_by_hand(login):
    client = login("thuongtruc")
    url = reverse("plans:create")
    assert "Hãy nhập trích yếu" in client.post(url, {"title": ""}).content.decode()
    response = client.post(url, {"title": "Kế hoạch viết tay", "year": "2026"})
    plan = Plan.objects.get(title="Kế hoạch viết tay")
    assert response["Location"] == reverse("plans:review", args=[plan.pk])


def test_row_actions_through_the_grid(login, plan_2025):
    client = login("thuongtruc")
    url = reverse("plans:review_rows", args=[plan_2025.pk])
    task = task_of(plan_2025, "1")
    client.post(url, {"op": "add", "id": task.pk})
    assert codes(plan_2025)[:2] == ["1", "2"]
    assert plan_2025.history.latest().history_user.username == "thuongtruc"


def test_the_06_ro_gaps_are_named_in_the_reader_s_language(login, plan_2025):
    client = login("thuongtruc")
    url = reverse("plans:review", args=[plan_2025.pk])
    assert "Rõ trách nhiệm" in client.get(url).content.decode()
    client.cookies["django_language"] = "en"
    page = client.get(url).content.decode()
    assert "Clear accountability" in page and "Rõ trách nhiệm" not in page
