"""``theodoi benchdata --scale N``: N times the bodies with work and their assignments.

``--scale 1`` must stay the data set the benchmarks' figures were measured on: its
counts (a small generated plan, reports without items) are written down here.
"""

from collections import Counter

import pytest

from theodoi.bodies.models import Body
from theodoi.devtools.management.commands.benchdata import build
from theodoi.plans.models import Assignment

pytestmark = pytest.mark.django_db

SCALE_1 = {"bodies": 128, "users": 406, "plans": 3, "assignments": 10353, "periods": 37}


def counts(dataset) -> dict:
    return {name: getattr(dataset, name) for name in SCALE_1}


def test_scale_1_is_the_data_set_of_the_benchmarks():
    dataset = build(tasks=30, items=False)
    assert counts(dataset) == SCALE_1
    assert dataset.reports == 3681  # the same draws from the same seed
    assert not Body.objects.filter(name__contains=" — bản ").exists()


def test_scale_2_doubles_the_bodies_and_their_work():
    dataset = build(tasks=30, items=False, scale=2)
    assert counts(dataset) == {
        **SCALE_1,
        "bodies": 2 * 128,
        "users": 406 + 3 * 128,  # a head and 2 focal officers per copy
        "assignments": 2 * 10353,
    }
    assert 1.9 * 3681 < dataset.reports < 2.1 * 3681
    work = Counter(Assignment.objects.values_list("body__name", flat=True))
    copies = {name: n for name, n in work.items() if name.endswith(" — bản 2")}
    assert len(copies) == 128
    assert all(work[name.removesuffix(" — bản 2")] == n for name, n in copies.items())
