import json
from pathlib import Path

import pytest
from django.urls import reverse

from theodoi.bodies.models import Body, BodyKind
from theodoi.plans.models import AgencyItem, Assignment, PlanStatus, Task
from theodoi.plans.services.drafts import plan_draft_create
from theodoi.plans.services.publish import GapsNotConfirmed, PublishRefused, plan_publish
from theodoi.reporting.models import ReportingRule

PLANS = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "plans"
PLAN_2025 = "000_91be600319c8ab5d"
PLAN_2026 = "001_6cb26fb914e0f802"


def load(name):
    return json.loads((PLANS / f"{name}.json").read_text("utf-8"))


def choose_departments_for_vague_items(plan):
    departments = list(Body.objects.filter(kind=BodyKind.DEPARTMENT, active=True))
    for item in AgencyItem.objects.filter(task__plan=plan, group__rule="vague"):
        item.chosen.set(departments)
    return departments


def test_a_draft_holds_everything_the_document_has(registry):
    data = load(PLAN_2026)
    plan = plan_draft_create(data=data, source_name="kh-2026.txt")
    assert plan.status == PlanStatus.DRAFT
    assert plan.tasks.count() == len(data["tasks"])
    assert plan.sections.count() == len(data["sections"])
    assert plan.reporting.count() == len(data["reporting"])
    assert plan.bases == data["document"]["bases"]
    sub = plan.tasks.filter(parent__isnull=False).first()
    if sub:
        assert sub.code.startswith(sub.parent.code + ".")


def test_publishing_with_a_vague_group_is_refused_with_the_list(registry, people):
    plan = plan_draft_create(data=load(PLAN_2025))
    with pytest.raises(PublishRefused) as refused:
        plan_publish(plan=plan, user=people["thuongtruc"], confirm_gaps=True)
    assert any("liên quan" in u.text for u in refused.value.unresolved)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT and not Assignment.objects.exists()


def test_publishing_with_gaps_needs_the_offices_confirmation(registry, people):
    plan = plan_draft_create(data=load(PLAN_2025))
    choose_departments_for_vague_items(plan)
    with pytest.raises(GapsNotConfirmed) as refused:
        plan_publish(plan=plan, user=people["thuongtruc"])
    assert refused.value.gaps
    assert not Assignment.objects.exists()


# The 2026 plan's names, and the bodies each stands for, written out by hand.
NAMED_2026 = {
    "Sở Khoa học và Công nghệ": "Sở Khoa học và Công nghệ",
    "Văn phòng UBND tỉnh": "Văn phòng Ủy ban nhân dân tỉnh",
    "Văn phòng Ủy ban nhân dân tỉnh": "Văn phòng Ủy ban nhân dân tỉnh",
    "Sở Tài chính": "Sở Tài chính",
    "Sở Nội vụ": "Sở Nội vụ",
    "Công an tỉnh": "Công an tỉnh An Giang",
    "Sở Tư pháp": "Sở Tư pháp",
    "Trung tâm Phục vụ hành chính công tỉnh": "Trung tâm Phục vụ hành chính công tỉnh",
    "Sở Dân tộc và Tôn giáo": "Sở Dân tộc và Tôn giáo",
}


def bodies_named(name):
    active = Body.objects.filter(active=True)
    if name == "Sở, ban, ngành tỉnh":
        return set(active.filter(kind=BodyKind.DEPARTMENT).values_list("name", flat=True))
    if name == "UBND xã, phường, đặc khu":
        return set(active.filter(kind=BodyKind.COMMUNE).values_list("name", flat=True))
    if name == "Các doanh nghiệp viễn thông":
        return set(
            active.filter(kind=BodyKind.ENTERPRISE, listed_in_groups__name=name).values_list(
                "name", flat=True
            )
        )
    return {NAMED_2026[name]}


def test_the_assignments_are_every_body_of_every_cell_expanded(registry, people):
    data = load(PLAN_2026)
    plan = plan_draft_create(data=data)
    count = plan_publish(plan=plan, user=people["thuongtruc"], confirm_gaps=True)

    expected = 0
    for row in data["tasks"] + data["indicators"]:
        for names in (row["lead"], row["support"]):
            expected += len(set().union(*(bodies_named(n) for n in names)) if names else set())
    assert count == Assignment.objects.filter(plan=plan).count() == expected
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED and plan.versions.count() == 1


def test_a_commune_leads_what_its_group_leads(registry, people):
    plan = plan_draft_create(data=load(PLAN_2026))
    plan_publish(plan=plan, user=people["thuongtruc"], confirm_gaps=True)
    commune = people["daumoi.xa"].body
    led = Task.objects.filter(assignments__body=commune, assignments__role="lead")
    via = {a.via_group.name for a in commune.assignments.filter(role="lead")}
    assert led.exists() and via == {"UBND xã, phường, đặc khu"}


# --- A reporting rule the importer could not read (issue 12) ----------------------------


def without_day(data: dict) -> dict:
    """The 2025 plan as if its document wrote its rule in words the importer cannot read."""
    return data | {"reporting": [{"text": "báo cáo định kỳ", "frequency": "monthly", "day": None}]}


def test_the_publish_page_asks_for_the_day_when_the_rule_was_not_read(registry, login):
    plan = plan_draft_create(data=without_day(load(PLAN_2025)))
    choose_departments_for_vague_items(plan)
    client = login("thuongtruc")
    url = reverse("plans:publish", args=[plan.pk])
    assert "không đọc được hạn nộp báo cáo" in client.get(url).content.decode()

    refused = client.post(url, {"confirm_gaps": "1"}).content.decode()
    assert "Hãy xác nhận hoặc nhập ngày hạn nộp báo cáo" in refused
    assert client.post(url, {"confirm_gaps": "1", "reporting_day": "40"}).status_code == 200
    plan.refresh_from_db()
    assert plan.is_draft and not ReportingRule.objects.filter(plan=plan).exists()

    client.post(url, {"confirm_gaps": "1", "reporting_day": "20"})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED
    assert list(ReportingRule.objects.filter(plan=plan).values_list("due_day", flat=True)) == [20]


def test_the_publish_page_does_not_ask_when_the_document_gives_the_day(registry, login):
    plan = plan_draft_create(data=load(PLAN_2025))
    page = login("thuongtruc").get(reverse("plans:publish", args=[plan.pk])).content.decode()
    assert 'data-testid="reporting-day"' not in page
