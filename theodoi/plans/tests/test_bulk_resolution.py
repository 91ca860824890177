"""Names resolved in bulk on the review grid (NQ 03: ~380 unknown names of ministries):
one choice for every cell with the name, undone in one step, kept as an alias."""

from functools import cache
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from theodoi.bodies.models import Body
from theodoi.bodies.names import is_central_name, name_key
from theodoi.core.concurrency import EditConflict
from theodoi.importer import parse_file
from theodoi.plans.models import AgencyItem, NameChoice, Plan, PlanStatus
from theodoi.plans.selectors.publication import unresolved_items
from theodoi.plans.selectors.review import unknown_names
from theodoi.plans.services import names, review
from theodoi.plans.services.drafts import plan_draft_create
from theodoi.plans.services.publish import plan_publish

NQ03 = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "plans" / "nq03-cp-2025.md"
MOST = "Bộ KH&CN"


@cache
def nq03_data() -> dict:
    return parse_file(NQ03)


@pytest.fixture
def nq03(registry):
    return plan_draft_create(data=nq03_data(), source_name=NQ03.name)


@pytest.fixture
def office(people):
    return people["thuongtruc"]


@pytest.fixture
def science():
    return Body.objects.get(name="Sở Khoa học và Công nghệ")


def items_of(plan):
    return AgencyItem.objects.filter(task__plan=plan) | AgencyItem.objects.filter(
        indicator__plan=plan
    )


def named(plan, text):
    """An independent count: the items of the plan with this name, by plain comparison."""
    return [i for i in items_of(plan) if name_key(i.text) == name_key(text)]


def unknown(plan):
    return items_of(plan).filter(body=None, group=None, outside=False, chosen=None)


def test_unknown_names_are_grouped_by_name_with_their_count_biggest_first(nq03):
    listed = unknown_names(nq03)
    counts = [name.count for name in listed]
    assert counts == sorted(counts, reverse=True)
    assert sum(counts) == unknown(nq03).count() >= 380
    science_cells = next(name for name in listed if name_key(name.text) == name_key(MOST))
    assert science_cells.count == len(named(nq03, MOST)) > 50


def test_a_body_chosen_for_a_name_applies_to_every_cell_and_is_kept_as_an_alias(
    nq03, office, science
):
    item = named(nq03, MOST)[0]
    changed = names.name_resolve(
        item=item, body=science, seen_version=review.item_fingerprint(item), user=office
    )
    cells = named(nq03, MOST)
    assert changed == len(cells) > 50
    assert all(i.body_id == science.pk for i in cells)
    science.refresh_from_db()
    assert item.text in science.aliases and name_key(item.text) == name_key(MOST)
    record = science.history.latest()
    assert (record.history_user, record.history_change_reason) == (
        office,
        "bodies.body.alias_add",
    )

    # The next plan naming it resolves it by itself.
    second = plan_draft_create(data=nq03_data(), source_name="again.md")
    assert all(i.body_id == science.pk for i in named(second, MOST))


def test_undo_takes_back_the_whole_choice_and_its_alias_in_one_step(nq03, office, science):
    before = unknown(nq03).count()
    item = named(nq03, MOST)[0]
    names.name_resolve(
        item=item, body=science, seen_version=review.item_fingerprint(item), user=office
    )
    assert unknown(nq03).count() == before - len(named(nq03, MOST))

    kind, choice = names.draft_undo(plan=nq03, user=office)
    assert kind == "names" and len(choice.before) == len(named(nq03, MOST))
    assert unknown(nq03).count() == before
    science.refresh_from_db()
    assert item.text not in science.aliases
    with pytest.raises(ValidationError, match="Không còn thay đổi"):
        names.draft_undo(plan=nq03, user=office)


def test_undo_of_a_choice_is_refused_when_one_of_its_cells_changed_since(nq03, office, science):
    item = named(nq03, MOST)[0]
    names.name_resolve(
        item=item, body=science, seen_version=review.item_fingerprint(item), user=office
    )
    other = named(nq03, MOST)[1]
    health = Body.objects.get(name="Sở Y tế")
    review.agency_item_set(
        item=other, seen_version=review.item_fingerprint(other), user=office, chosen=[health]
    )
    # The picker's "+ Thêm" left no NameChoice: the choice is still the last one to undo.
    with pytest.raises(EditConflict):
        names.draft_undo(plan=nq03, user=office)
    assert all(i.body_id == science.pk for i in named(nq03, MOST))
    assert NameChoice.objects.get(plan=nq03).undone_at is None


def test_undo_takes_the_latest_of_a_cell_edit_and_a_name_choice(nq03, office, science):
    task = nq03.tasks.order_by("position").first()
    review.cell_save(
        plan=nq03,
        kind="task",
        pk=task.pk,
        field="deliverable",
        value="Báo cáo",
        seen_version=review.row_fingerprint("task", task),
        user=office,
    )
    item = named(nq03, MOST)[0]
    names.name_resolve(
        item=item, body=science, seen_version=review.item_fingerprint(item), user=office
    )
    assert names.draft_undo(plan=nq03, user=office)[0] == "names"
    assert names.draft_undo(plan=nq03, user=office)[0] == "task"
    task.refresh_from_db()
    assert task.deliverable != "Báo cáo"


def test_a_name_marked_outside_the_province_is_no_longer_asked_at_publishing(nq03, office):
    item = named(nq03, "Văn phòng Chính phủ")[0]
    changed = names.name_mark_outside(
        item=item, seen_version=review.item_fingerprint(item), user=office
    )
    assert changed == len(named(nq03, "Văn phòng Chính phủ")) == 4
    assert all(i.outside and i.body_id is None for i in named(nq03, "Văn phòng Chính phủ"))
    refused = {name_key(u.text) for u in unresolved_items(nq03)}
    assert name_key("Văn phòng Chính phủ") not in refused


def test_every_central_name_is_marked_outside_at_once_then_the_plan_publishes(nq03, office):
    central = [i for i in unknown(nq03) if is_central_name(i.text)]
    assert names.central_mark_outside(plan=nq03, user=office) == len(central) > 300
    assert NameChoice.objects.get(plan=nq03).label == names.CENTRAL
    with pytest.raises(ValidationError, match="Không còn tên Bộ, ngành"):
        names.central_mark_outside(plan=nq03, user=office)
    # What is left is local or mixed ("Bộ, ngành, địa phương"): the office decides.
    assert all(not is_central_name(i.text) for i in unknown(nq03))
    while item := unknown(nq03).first():
        names.name_mark_outside(item=item, seen_version=review.item_fingerprint(item), user=office)
    plan_publish(plan=nq03, user=office, confirm_gaps=True)
    nq03.refresh_from_db()
    assert nq03.status == PlanStatus.PUBLISHED
    # Only the names the registry knew are assigned; nothing for the ones outside.
    expected = set()
    for i in items_of(nq03).filter(outside=False):
        bodies = [i.body] if i.body_id else list(i.group.member_bodies())
        expected |= {(i.task_id, i.indicator_id, b.pk, i.role) for b in bodies}
    made = nq03.assignments.values_list("task_id", "indicator_id", "body_id", "role")
    assert set(made) == expected and len(made) == len(expected)


def test_ministries_are_central_and_the_province_s_own_bodies_are_not():
    for text in ["Bộ KH&CN", "Bộ, ngành liên quan", "Văn phòng Chính phủ", "TTXVN", "VOV"]:
        assert is_central_name(text), text
    for text in ["Bộ, ngành, địa phương", "Sở Khoa học và Công nghệ", "Bộ Chỉ huy Quân sự tỉnh"]:
        assert not is_central_name(text), text


# --- Through the pages -------------------------------------------------------------------


def test_the_grid_lists_the_names_and_the_picker_applies_a_body_to_every_cell(login, nq03, science):
    client = login("thuongtruc")
    page = client.get(reverse("plans:review", args=[nq03.pk])).content.decode()
    assert "Đánh dấu mọi tên Bộ, ngành trung ương là ngoài tỉnh" in page
    item = named(nq03, MOST)[0]
    picker = client.get(
        reverse("plans:review_picker", args=[nq03.pk]), {"item": item.pk}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert f"áp dụng cho {len(named(nq03, MOST))} ô có tên này" in picker
    response = client.post(
        reverse("plans:review_picker", args=[nq03.pk]),
        {
            "item": item.pk,
            "seen_version": review.item_fingerprint(item),
            "set": f"body:{science.pk}",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response["HX-Refresh"] == "true"
    page = client.get(reverse("plans:review", args=[nq03.pk])).content.decode()
    assert f"Đã áp dụng cho {len(named(nq03, MOST))} ô." in page


def test_the_publish_page_groups_the_refused_names_biggest_first(login, nq03):
    page = login("thuongtruc").get(reverse("plans:publish", args=[nq03.pk])).content.decode()
    rows = page.split('data-testid="unresolved-name"')[1:]
    assert len(rows) == len(unknown_names(nq03))
    first = unknown_names(nq03)[0]
    assert first.text in rows[0] and f'data-label="Số ô">{first.count}<' in rows[0]
    assert Plan.objects.get(pk=nq03.pk).is_draft


def test_the_picker_asks_to_type_before_saying_nothing_was_found(login, nq03):
    client = login("thuongtruc")
    item = named(nq03, MOST)[0]
    url = reverse("plans:review_picker", args=[nq03.pk])
    first = client.get(url, {"item": item.pk}, HTTP_HX_REQUEST="true").content.decode()
    assert "Không tìm thấy" not in first and "Gõ tên đơn vị" in first
    typed = client.get(url, {"item": item.pk, "q": "zzz"}, HTTP_HX_REQUEST="true")
    assert "Không tìm thấy" in typed.content.decode()
