"""The review grid's audit trail: undo reads action codes and data, not text; a draft
recorded before the codes stays undoable; a reporting duty and an agency item keep
their own history."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from theodoi.bodies.models import Body
from theodoi.plans.services import review
from theodoi.plans.services.drafts import plan_draft_create
from theodoi.plans.tests.test_review import load, save, task_of, vague_items

MIGRATION = importlib.import_module("theodoi.plans.migrations.0011_audit_action_data")


@pytest.fixture
def plan_2025(registry):
    return plan_draft_create(data=load("000_91be600319c8ab5d"))


@pytest.fixture
def office(people):
    return people["thuongtruc"]


def test_an_undo_records_which_edit_it_took_back_and_that_edit_is_not_taken_back_twice(
    plan_2025, office
):
    task = task_of(plan_2025, "1")
    save(plan_2025, task, "deliverable", "Nghị quyết đã sửa", office)
    edit = task.history.latest()
    assert review.last_change(plan_2025, office) == ("task", edit)
    review.change_undo(plan=plan_2025, user=office)
    undo = task.history.latest()
    assert (undo.history_change_reason, undo.action_data) == (
        review.UNDONE,
        {"kind": "task", "undoes": edit.history_id},
    )
    assert review.last_change(plan_2025, office) is None
    with pytest.raises(ValidationError):
        review.change_undo(plan=plan_2025, user=office)


def test_a_note_on_the_plan_is_never_taken_for_an_edit_of_the_plan(plan_2025, office):
    duty = plan_2025.reporting.first()
    save(plan_2025, duty, "text", "Báo cáo hằng quý", office, kind="duty")
    assert review.last_change(plan_2025, office) is None  # a duty is not undone here


def test_a_reporting_duty_and_an_agency_item_keep_their_own_history(plan_2025, office):
    duty = plan_2025.reporting.first()
    save(plan_2025, duty, "text", "Báo cáo hằng quý", office, kind="duty")
    record = duty.history.latest()
    assert (record.history_user, record.history_change_reason, record.action_data) == (
        office,
        review.EDITED,
        {"field": "text"},
    )
    note = plan_2025.history.latest()
    assert (note.history_change_reason, note.action_data) == (
        "plans.review.row_edited",
        {"kind": "duty", "id": duty.pk, "field": "text"},
    )
    item = vague_items(plan_2025).first()
    health = Body.objects.get(name="Sở Y tế")
    review.agency_item_set(
        item=item, seen_version=review.item_fingerprint(item), user=office, body=health
    )
    record = item.history.latest()
    assert (record.history_user, record.history_change_reason, record.body_id) == (
        office,
        "plans.review.agency_set",
        health.pk,
    )
    assert record.action_data == {"text": item.text, "chosen": "Sở Y tế"}


def test_the_reasons_of_an_old_draft_become_codes_and_its_edits_stay_undoable(plan_2025, office):
    task = task_of(plan_2025, "1")
    before = task.deliverable
    save(plan_2025, task, "deliverable", "Sửa lần một", office)
    task.refresh_from_db()
    save(plan_2025, task, "deliverable", "Sửa lần hai", office)
    first, second = task.history.filter(history_type="~").order_by("history_id")
    review.change_undo(plan=plan_2025, user=office)  # takes the second back
    undo = task.history.latest()
    # As the draft was recorded before the action codes:
    first.history_change_reason, first.action_data = "review:deliverable", {}
    second.history_change_reason, second.action_data = "review:deliverable", {}
    undo.history_change_reason = f"undo:task:{second.history_id}"
    undo.action_data = {}
    for record in (first, second, undo):
        record.save()
    MIGRATION.reasons_to_codes(apps, None)
    undo.refresh_from_db()
    assert (undo.history_change_reason, undo.action_data) == (
        review.UNDONE,
        {"kind": "task", "undoes": second.history_id},
    )
    first.refresh_from_db()
    assert review.last_change(plan_2025, office)[1].history_id == first.history_id
    review.change_undo(plan=plan_2025, user=office)
    task.refresh_from_db()
    assert task.deliverable == before


@pytest.mark.parametrize(
    ("model", "reason", "found"),
    [
        (
            "historicaltask",
            "review:deliverable",
            ("plans.review.cell_edited", {"field": "deliverable"}),
        ),
        ("historicaltask", "review:split", ("plans.review.task_split", {})),
        ("historicalsection", "review:add", ("plans.review.section_added", {})),
        ("historicalplan", "undo:plan:7", ("plans.review.undone", {"kind": "plan", "undoes": 7})),
        (
            "historicalplan",
            "review:duty 5 text",
            ("plans.review.row_edited", {"kind": "duty", "id": "5", "field": "text"}),
        ),
        (
            "historicalplan",
            "review:agency 9: Sở KH -> Sở Khoa học và Công nghệ",
            (
                "plans.review.agency_set",
                {"item": "9", "text": "Sở KH", "chosen": "Sở Khoa học và Công nghệ"},
            ),
        ),
        (
            "historicalplan",
            "review:rows tach 2.1",
            ("plans.review.rows_changed", {"op": "split", "code": "2.1"}),
        ),
        ("historicalplan", "amendment v3", ("plans.plan.amended", {"version": 3})),
        ("historicalplan", "import.correct", ("plans.import.reread", {})),
        ("historicalplan", "something else", None),
    ],
)  # fmt: skip
def test_each_old_reason_maps_to_a_registered_code(model, reason, found):
    from theodoi.core.audit import ACTIONS

    assert MIGRATION._code(model, reason) == found
    assert found is None or found[0] in ACTIONS
