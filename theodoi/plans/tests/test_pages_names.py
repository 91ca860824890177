"""A name the office resolved reads, on the published plan, as the registry names the body."""

from django.urls import reverse

from theodoi.bodies.models import Body
from theodoi.plans.models import AgencyItem
from theodoi.plans.services import names, review
from theodoi.plans.services.drafts import plan_draft_create
from theodoi.plans.services.publish import plan_publish

MISSPELT = "Sở Tài chánh tỉnh An Giang"


def _plan(people):
    data = {
        "document": {"title": "Kế hoạch thử tên đơn vị", "year": 2026},
        "sections": [{"code": "I", "path": "I", "title": "Nhiệm vụ"}],
        "tasks": [
            {
                "section": "I",
                "code": "1",
                "title": "Rà soát nguồn vốn",
                "lead": [MISSPELT],
                "support": ["Bộ Khoa học và Công nghệ"],
                "deadline": {"text": "Tháng 6/2026"},
            }
        ],
        "indicators": [
            {"code": "1", "name": "Tỷ lệ giải ngân", "unit": "%", "lead": [MISSPELT]},
        ],
    }
    plan = plan_draft_create(data=data)
    finance = Body.objects.get(name="Sở Tài chính")
    office = people["thuongtruc"]
    item = AgencyItem.objects.get(task__plan=plan, text=MISSPELT)
    names.name_resolve(
        item=item, body=finance, seen_version=review.item_fingerprint(item), user=office
    )
    outside = AgencyItem.objects.get(task__plan=plan, role="support")
    names.name_mark_outside(
        item=outside, seen_version=review.item_fingerprint(outside), user=office
    )
    plan_publish(plan=plan, user=office, confirm_gaps=True)
    return plan


def test_the_plan_page_names_a_resolved_body_by_its_official_name(people, login):
    plan = _plan(people)
    page = login("chutich").get(reverse("plans:detail", args=[plan.pk])).content.decode()
    # Once in the task's row and once in the KPI's, never as the document misspelt it.
    assert page.count('<td data-label="Chủ trì">Sở Tài chính</td>') == 2
    assert "chánh" not in page
    assert "Bộ Khoa học và Công nghệ" in page  # outside the province: as written
