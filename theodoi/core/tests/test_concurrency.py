"""One stale-edit guard: one hidden field (``seen_version``), one check, one message."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from theodoi.bodies.models import Body
from theodoi.core.concurrency import (
    SEEN_FIELD,
    EditConflict,
    check_unchanged,
    edit_version,
    seen_version,
)
from theodoi.core.forms import GuardedForm

ROOT = Path(__file__).resolve().parents[2]  # theodoi/


class BodyForm(GuardedForm):
    tracked_fields = ["name", "kind"]

    class Meta:
        model = Body
        fields = ["name", "kind"]


@pytest.mark.django_db
def test_a_model_without_a_counter_is_guarded_by_a_fingerprint_of_its_fields(registry):
    body = Body.objects.first()
    seen = edit_version(body, ["name", "kind"])
    check_unchanged(body, seen, ["name", "kind"])  # unchanged: no refusal
    body.name += " (mới)"
    with pytest.raises(EditConflict):
        check_unchanged(body, seen, ["name", "kind"])


def test_a_model_with_a_counter_is_guarded_by_its_version():
    class Row:
        version = 3

    check_unchanged(Row(), "3")
    check_unchanged(Row(), 3)
    with pytest.raises(EditConflict):
        check_unchanged(Row(), "2")


@pytest.mark.parametrize("missing", [None, "", "  "])
def test_a_save_without_a_version_is_refused_by_the_guard(missing):
    class Row:
        version = 1

    with pytest.raises(EditConflict):
        check_unchanged(Row(), missing)


def test_one_exception_one_message():
    refusal = EditConflict()
    assert isinstance(refusal, ValidationError) and refusal.code == "conflict"
    assert refusal.messages == [
        "Người khác vừa sửa mục này. Hãy tải lại trang để xem bản mới rồi sửa lại."
    ]


def test_the_page_sends_its_version_in_one_field():
    assert SEEN_FIELD == "seen_version"
    assert seen_version({"seen_version": " 4 "}) == "4"
    assert seen_version({"seen_version": ""}) is None
    assert seen_version({}) is None


@pytest.mark.django_db
def test_a_guarded_form_shows_the_version_it_showed(registry):
    body = Body.objects.first()
    form = BodyForm(instance=body)
    assert form[SEEN_FIELD].value() == edit_version(body, ["name", "kind"])
    assert BodyForm({"name": "x", "kind": body.kind}, instance=body).seen == ""
    posted = BodyForm({"name": "x", "kind": body.kind, SEEN_FIELD: "abc"}, instance=body)
    assert posted.seen == "abc"


def test_no_other_name_or_message_for_a_stale_edit():
    """No page posts ``seen``/``version``/``seen_fingerprint``, and no module but
    ``core.concurrency`` raises its own "conflict" refusal."""
    found = []
    for path in ROOT.rglob("*"):
        if path.suffix not in {".py", ".html", ".js"} or "tests" in path.parts:
            continue
        if path.name == "concurrency.py" or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in [
            r'code="conflict"',
            r"seen_fingerprint",
            r'name="(seen|version)"',
            r'POST\.get\("(seen|version)"',
        ]:
            if re.search(pattern, text):
                found.append(f"{path.relative_to(ROOT)}: {pattern}")
    assert found == []
