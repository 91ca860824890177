"""Each screen leads to the next step: upload, review, amend, download."""

import json
from pathlib import Path

from django.urls import reverse

from theodoi.plans.services.drafts import plan_draft_create
from theodoi.plans.services.publish import plan_publish

PLAN = Path(__file__).resolve().parents[3] / "tests/fixtures/plans/001_6cb26fb914e0f802.json"


def draft():
    return plan_draft_create(data=json.loads(PLAN.read_text("utf-8")))


def test_the_office_finds_how_to_bring_in_a_plan_on_the_plan_list(login):
    page = login("thuongtruc").get(reverse("plans:list")).content.decode()
    for name in ["plans:upload", "plans:excel-import", "plans:create"]:
        assert f'href="{reverse(name)}"' in page


def test_a_focal_officer_is_not_offered_the_offices_actions(login):
    page = login("daumoi").get(reverse("plans:list")).content.decode()
    assert reverse("plans:upload") not in page


def test_a_draft_leads_the_office_to_its_review(login):
    plan = draft()
    page = login("thuongtruc").get(plan.get_absolute_url()).content.decode()
    assert reverse("plans:review", args=[plan.pk]) in page
    assert reverse("plans:amend", args=[plan.pk]) not in page


def test_a_published_plan_offers_the_amendment_and_the_excel_file(login, people):
    plan = draft()
    plan_publish(plan=plan, user=people["thuongtruc"], confirm_gaps=True)
    page = login("thuongtruc").get(plan.get_absolute_url()).content.decode()
    assert reverse("plans:amend", args=[plan.pk]) in page
    assert reverse("plans:excel-export", args=[plan.pk]) in page
    body = people["daumoi.xa"].body
    page = login("daumoi.xa").get(reverse("bodies:detail", args=[body.pk])).content.decode()
    assert reverse("plans:body-tasks-xlsx", args=[body.pk]) in page
