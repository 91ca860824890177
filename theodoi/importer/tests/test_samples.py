"""The sample plans: scored against their expected JSON, or counted."""

import json
from pathlib import Path

import pytest

from bench.corpus import accuracy, scorer
from theodoi.importer import parse_file

PLANS = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "plans"


@pytest.mark.parametrize("name", ["000_91be600319c8ab5d", "001_6cb26fb914e0f802"])
def test_each_scored_sample_reads_with_at_least_99_percent_of_fields_right(name):
    expected = json.loads((PLANS / f"{name}.json").read_text(encoding="utf-8"))
    assert accuracy(scorer()(expected, parse_file(PLANS / f"{name}.txt"))) >= 0.99


def test_nq03_gives_41_indicators_and_140_tasks_in_7_sections():
    plan = parse_file(PLANS / "nq03-cp-2025.md")
    assert len(plan["indicators"]) == 41
    # Phụ lục I's two heading rows, then Phụ lục II's seven sections.
    assert [s["code"] for s in plan["sections"]] == [
        "I",
        "II",
        "I",
        "II",
        "III",
        "IV",
        "V",
        "VI",
        "VII",
    ]
    assert 135 <= len(plan["tasks"]) <= 145
    assert {t["section"] for t in plan["tasks"]} == {"I", "II", "III", "IV", "V", "VI", "VII"}
    assert plan["document"]["number"] == "03/NQ-CP"
    indicator_23 = next(i for i in plan["indicators"] if i["code"] == "23")
    assert len(indicator_23["parts"]) == 4


def test_hanoi_gives_its_activities_each_with_a_lead():
    plan = parse_file(PLANS / "hanoi-kh173-2026.txt")
    codes = [t["code"] for t in plan["tasks"]]
    assert codes[:6] == ["2.1", "2.2", "2.3", "2.4", "2.5", "2.6"]
    assert len(codes) == 10
    assert all(t["lead"] for t in plan["tasks"])
    assert plan["tasks"][0]["deadline"]["due"] == "2026-09-11"
    assert plan["document"]["place"] == "Hà Nội"
