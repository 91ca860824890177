import json
from pathlib import Path

import pytest

from theodoi.bodies.models import Body, Group
from theodoi.bodies.resolve import RegistryIndex, resolve

PLANS = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "plans"


def names(result):
    return [b.name for b in result.bodies], [g.name for g in result.groups], result.unresolved


def test_it_reads_two_groups_not_six_bodies(registry):
    bodies, groups, unresolved = names(resolve("Sở, ban, ngành tỉnh; UBND xã, phường, đặc khu"))
    assert (bodies, groups, unresolved) == (
        [],
        ["Sở, ban, ngành tỉnh", "UBND xã, phường, đặc khu"],
        [],
    )


def test_it_keeps_a_body_whose_name_has_and_in_it_whole(registry):
    bodies, _groups, unresolved = names(resolve("Sở Khoa học và Công nghệ và Sở Tài chính"))
    assert bodies == ["Sở Khoa học và Công nghệ", "Sở Tài chính"]
    assert unresolved == []


@pytest.mark.parametrize(
    "cell",
    ["SKHCN", "Sở KH&CN", "sở khoa học và công nghệ", "Sở Khoa học và Công nghệ tỉnh An Giang"],
)
def test_it_knows_a_body_by_its_aliases(registry, cell):
    assert names(resolve(cell))[0] == ["Sở Khoa học và Công nghệ"]


def test_it_ignores_tone_placement_and_nfd(registry):
    assert names(resolve("Văn phòng Uỷ ban nhân dân tỉnh"))[0] == ["Văn phòng Ủy ban nhân dân tỉnh"]
    assert names(resolve("UBND xã Mỹ Hoà Hưng"))[0] == ["Xã Mỹ Hòa Hưng"]


def test_it_marks_a_vague_group_as_needing_a_choice(registry):
    result = resolve("Các Sở ngành liên quan")
    assert [g.name for g in result.needs_choice] == ["Các Sở ngành liên quan"]
    assert not result.complete


def test_it_reports_what_it_cannot_resolve_as_written(registry):
    result = resolve("Sở Tài chính; Sở Ngoại vụ tỉnh Atlantis")
    assert [b.name for b in result.bodies] == ["Sở Tài chính"]
    assert result.unresolved == ["Sở Ngoại vụ tỉnh Atlantis"]


def test_a_group_stands_for_its_member_bodies(registry):
    departments = Group.objects.get(name="Sở, ban, ngành tỉnh").member_bodies()
    communes = Group.objects.get(name="UBND xã, phường, đặc khu").member_bodies()
    assert departments.count() == Body.objects.filter(kind="department", active=True).count() > 10
    assert communes.count() == 102
    telecoms = Group.objects.get(name="Các doanh nghiệp viễn thông").member_bodies()
    assert telecoms.count() == 3


def test_every_name_in_both_sample_plans_resolves_or_asks_for_a_choice(registry, capsys):
    index = RegistryIndex.build()
    cells = set()
    for expected in sorted(PLANS.glob("0*.json")):
        plan = json.loads(expected.read_text("utf-8"))
        for row in plan["tasks"] + plan["indicators"]:
            cells.update(row["lead"] + row["support"])
    table, failures = [], []
    for cell in sorted(cells):
        result = index.resolve(cell)
        found = [b.name for b in result.bodies] + [g.name for g in result.groups]
        state = "cần chọn" if result.needs_choice else ("KHÔNG RÕ" if result.unresolved else "ok")
        table.append(f"{state:<9} {cell:<45} -> {'; '.join(found)}")
        if result.unresolved or not found:
            failures.append(cell)
    with capsys.disabled():
        print("\nTên đơn vị trong hai kế hoạch mẫu:\n" + "\n".join(table))
    assert failures == []
