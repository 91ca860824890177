"""A draft made from the importer's JSON serialises back to the same JSON."""

import json
from pathlib import Path

import pytest

from theodoi.plans.serialize import plan_to_json
from theodoi.plans.services.drafts import plan_draft_create

PLANS = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "plans"
SAMPLES = ["000_91be600319c8ab5d", "001_6cb26fb914e0f802"]
NOT_COMPARED = ("source", "warnings")


def without_noise(data: dict) -> dict:
    return {key: value for key, value in data.items() if key not in NOT_COMPARED}


@pytest.mark.parametrize("sample", SAMPLES)
def test_it_gives_back_the_json_the_draft_was_made_from(registry, sample):
    data = json.loads((PLANS / f"{sample}.json").read_text("utf-8"))
    plan = plan_draft_create(data=data, source_name=f"{sample}.txt")
    assert without_noise(plan_to_json(plan)) == without_noise(data)


def test_it_writes_whole_numbers_as_integers_and_decimals_as_decimals(registry):
    data = json.loads((PLANS / f"{SAMPLES[1]}.json").read_text("utf-8"))
    indicators = plan_to_json(plan_draft_create(data=data))["indicators"]
    values = [i["target"]["value"] for i in indicators if i["target"]]
    assert 14.5 in values and 70 in values
    assert isinstance(values[values.index(70)], int)


def test_it_leaves_out_tasks_an_amendment_closed(registry):
    from django.utils import timezone

    data = json.loads((PLANS / f"{SAMPLES[0]}.json").read_text("utf-8"))
    plan = plan_draft_create(data=data)
    closed = plan.tasks.order_by("position").last()
    closed.closed_at = timezone.now()
    closed.save()
    tasks = plan_to_json(plan)["tasks"]
    assert len(tasks) == len(data["tasks"]) - 1
    assert closed.title not in [t["title"] for t in tasks]
