"""The audit trail: every action code the code records is registered with a label,
and a label is filled from the action's data."""

import re
from pathlib import Path

import pytest

from theodoi.core.audit import ACTIONS, action_label, audit

PACKAGE = Path(__file__).resolve().parents[2]
# An action code as the code writes it: "<app>.<thing>.<what happened>".
CODE = re.compile(r"""["']((?:accounts|bodies|plans|reporting|notify)\.[a-z_]+\.[a-z_]+)["']""")


def codes_in_the_code() -> set[str]:
    found = set()
    for path in PACKAGE.rglob("*.py"):
        parts = set(path.relative_to(PACKAGE).parts)
        if "tests" in parts or "migrations" in parts or path.name == "audit.py":
            continue
        found |= set(CODE.findall(path.read_text("utf-8")))
    return found


def test_every_action_code_in_the_code_is_registered():
    codes = codes_in_the_code()
    assert {"plans.review.cell_edited", "reporting.report.submitted"} <= codes  # it finds them
    assert codes - set(ACTIONS) == set()


def test_action_codes_are_english_dotted_names():
    assert all(re.fullmatch(r"[a-z]+\.[a-z_]+\.[a-z_]+", code) for code in ACTIONS)


def test_a_label_is_filled_from_the_data_and_a_missing_value_shows_as_a_dash():
    assert action_label("bodies.body.alias_add", {"alias": "SYT"}) == "Thêm tên gọi khác: SYT"
    assert action_label("bodies.body.alias_add", {}) == "Thêm tên gọi khác: —"
    assert action_label("an.old.reason", {}) == "an.old.reason"  # recorded before the registry
    assert action_label(None) == ""


def test_audit_names_who_and_what_for_the_next_save():
    class Row:
        pass

    row = audit(Row(), "someone", "reporting.evidence.removed", name="a.pdf")
    assert (row._history_user, row._change_reason, row._action_data) == (
        "someone",
        "reporting.evidence.removed",
        {"name": "a.pdf"},
    )
    with pytest.raises(ValueError):
        audit(Row(), "someone", "reporting.evidence.thrown_away")
