"""The pages that read plans: list, plan page with its filters, task page, a body's
tasks, search."""

import json
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from theodoi.bodies.models import Body, BodyKind, Group
from theodoi.plans.models import Assignment, AssignmentRole, Plan, Task
from theodoi.plans.services.drafts import plan_draft_create
from theodoi.plans.services.publish import plan_publish

PLANS = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "plans"
COMMUNES = "UBND xã, phường, đặc khu"


def load(name="001_6cb26fb914e0f802"):
    return json.loads((PLANS / f"{name}.json").read_text("utf-8"))


def published(data, user) -> Plan:
    plan = plan_draft_create(data=data)
    plan_publish(plan=plan, user=user, confirm_gaps=True)
    plan.refresh_from_db()
    return plan


@pytest.fixture
def plan_2026(people):
    return published(load(), people["thuongtruc"])


@pytest.fixture
def draft(registry):
    data = load()
    data["document"]["title"] = "Kế hoạch nháp chưa ban hành"
    return plan_draft_create(data=data)


def generated(n: int) -> dict:
    """A plan of ``n`` tasks in two sections, every fifth with a sub-task."""
    tasks, code = [], 0
    while len(tasks) < n:
        code += 1
        section = "I" if code % 2 else "II"
        row = {
            "section": section,
            "code": str(code),
            "title": f"Nhiệm vụ chuyển đổi số thứ {code}",
            "lead": ["Sở Tài chính"],
            "support": ["Sở Y tế"],
            "deadline": {"text": "Tháng 6/2026", "due": "2026-06-30"},
            "deliverable": "Báo cáo",
            "basis": "Kế hoạch số 1",
        }
        tasks.append(row)
        if code % 5 == 0 and len(tasks) < n:
            tasks.append({**row, "code": f"{code}.1", "title": f"Việc con của {code}"})
    return {
        "document": {"title": f"Kế hoạch sinh ra {n} nhiệm vụ", "year": 2026},
        "sections": [
            {"code": "I", "path": "I", "title": "Phần một"},
            {"code": "II", "path": "II", "title": "Phần hai"},
        ],
        "tasks": tasks,
        "indicators": [
            {"code": "1", "name": "Chỉ tiêu", "unit": "%", "lead": ["Sở Tài chính"],
             "target": {"text": "≥ 70", "op": ">=", "value": 70}},
        ],
    }  # fmt: skip


def shown_codes(response) -> list[str]:
    return [task.code for task in response.context["tasks"]]


# --- plan list ------------------------------------------------------------------


def test_the_plan_list_shows_counts_and_hides_drafts_from_a_focal_officer(login, plan_2026, draft):
    page = login("daumoi").get(reverse("plans:list")).content.decode()
    assert plan_2026.title in page
    assert "Kế hoạch nháp chưa ban hành" not in page
    listed = login("daumoi").get(reverse("plans:list")).context["plans"]
    row = next(p for p in listed if p.pk == plan_2026.pk)
    assert (row.task_count, row.indicator_count, row.version) == (40, 16, 1)


def test_the_office_sees_drafts_in_the_list(login, draft):
    page = login("thuongtruc").get(reverse("plans:list")).content.decode()
    assert "Kế hoạch nháp chưa ban hành" in page and "Bản nháp" in page


def test_a_draft_plan_and_its_tasks_are_shown_to_no_one_but_the_office(login, draft):
    task = draft.tasks.first()
    for username in ("daumoi", "chutich", "daumoi.xa"):
        client = login(username)
        for url in (
            reverse("plans:detail", args=[draft.pk]),
            reverse("plans:task", args=[task.pk]),
        ):
            response = client.get(url, follow=True)
            assert response.redirect_chain == [(reverse("plans:list"), 302)]
            page = response.content.decode()
            assert "Kế hoạch này chưa được ban hành." in page
            assert draft.title not in page and task.title not in page
    office = login("thuongtruc")
    assert office.get(reverse("plans:detail", args=[draft.pk])).status_code == 200
    assert office.get(reverse("plans:task", args=[task.pk])).status_code == 200


# --- plan page ------------------------------------------------------------------


def test_the_plan_page_shows_the_header_tasks_kpis_and_counts(login, plan_2026):
    response = login("chutich").get(reverse("plans:detail", args=[plan_2026.pk]))
    page = response.content.decode()
    assert "Hồ Văn Mừng" in page and "Chủ tịch UBND tỉnh" in page
    assert "11/QĐ-BCĐCP" in page  # a basis
    assert "trước ngày 23 tháng 4 năm 2026" in page and "Hằng tháng" in page  # reporting
    assert "40 nhiệm vụ, 16 chỉ tiêu" in page
    assert "đang lọc" not in page
    assert "≥ 14,5 %" in page  # KPI 1's target, the Vietnamese way
    assert len(response.context["tasks"]) == 40
    depth = {t.code: t.depth for t in response.context["tasks"]}
    assert depth["9"] == 0 and depth["9.1"] == 1


def test_filtering_by_section_shows_only_that_sections_tasks(login, plan_2026):
    section = plan_2026.sections.get(code="V")
    response = login("chutich").get(
        reverse("plans:detail", args=[plan_2026.pk]), {"phan": section.pk}
    )
    assert shown_codes(response) == ["19", "20", "21"]
    assert "3 đang lọc" in response.content.decode()


def test_filtering_by_body_and_role_shows_what_that_body_leads(login, plan_2026):
    finance = Body.objects.get(name="Sở Tài chính")
    url = reverse("plans:detail", args=[plan_2026.pk])
    response = login("chutich").get(url, {"don-vi": finance.pk, "vai-tro": "lead"})

    def codes(role):
        rows = Assignment.objects.filter(
            plan=plan_2026, body=finance, role=role, task__isnull=False
        )
        return set(rows.values_list("task__code", flat=True))

    expected = codes(AssignmentRole.LEAD)
    assert set(shown_codes(response)) == expected
    assert {"2", "4", "5", "22", "30", "31"} <= expected  # named in the document
    assert "3" not in expected  # Sở Khoa học và Công nghệ's
    # Each row says the body's role, and the group it came through.
    roles = {
        t.code: {(a.role, a.via_group and a.via_group.name) for a in t.body_roles}
        for t in response.context["tasks"]
    }
    assert (AssignmentRole.LEAD, None) in roles["2"]
    assert (AssignmentRole.LEAD, "Sở, ban, ngành tỉnh") in roles["8"]
    supports = login("chutich").get(url, {"don-vi": finance.pk, "vai-tro": "support"})
    support_codes = codes(AssignmentRole.SUPPORT)
    assert set(shown_codes(supports)) == support_codes and "3" in support_codes


def test_filtering_by_due_month_uses_the_due_date(login, plan_2026):
    response = login("chutich").get(
        reverse("plans:detail", args=[plan_2026.pk]), {"thang": "2026-09"}
    )
    assert shown_codes(response) == ["5", "20"]


def test_a_text_search_without_diacritics_finds_words_with_them(login, plan_2026):
    response = login("chutich").get(
        reverse("plans:detail", args=[plan_2026.pk]), {"q": "CHUYEN DOI SO"}
    )
    codes = shown_codes(response)
    assert codes and len(codes) < 40
    for task in response.context["tasks"]:
        assert "chuyển đổi số" in task.search_text.replace("chuyen doi so", "chuyển đổi số")
    assert "1" in codes  # "… đổi mới sáng tạo và chuyển đổi số"


def test_filters_combine_and_malformed_values_are_ignored(login, plan_2026):
    url = reverse("plans:detail", args=[plan_2026.pk])
    client = login("chutich")
    junk = client.get(url, {"phan": "x", "don-vi": "-1", "thang": "2026-13", "vai-tro": "boss"})
    assert junk.status_code == 200 and len(junk.context["tasks"]) == 40
    section = plan_2026.sections.get(code="II")
    both = client.get(url, {"phan": section.pk, "thang": "2026-04"})
    assert shown_codes(both) == ["3", "4", "6", "7"]


def test_an_htmx_request_gets_only_the_task_table(login, plan_2026):
    response = login("chutich").get(
        reverse("plans:detail", args=[plan_2026.pk]), {"q": "ngan sach"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert 'id="task-table"' in page
    assert "<html" not in page and "Chế độ báo cáo" not in page
    assert "đang lọc" in page


def page_queries(client, plan, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("plans:detail", args=[plan.pk]), params or {})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("filtered", [False, True], ids=["all", "by-body"])
def test_the_plan_page_query_count_does_not_grow_with_the_number_of_tasks(
    login, people, django_assert_max_num_queries, filtered
):
    small = published(generated(10), people["thuongtruc"])
    large = published(generated(200), people["thuongtruc"])
    assert large.tasks.count() == 200
    finance = Body.objects.get(name="Sở Tài chính")
    params = {"don-vi": finance.pk, "q": "chuyen doi"} if filtered else {}
    client = login("chutich")
    baseline = page_queries(client, small, params)
    with django_assert_max_num_queries(baseline):
        response = client.get(reverse("plans:detail", args=[large.pk]), params)
    matching = large.tasks.filter(title__startswith="Nhiệm vụ chuyển đổi số")
    assert len(response.context["tasks"]) == (matching.count() if filtered else 200)


def test_a_task_an_amendment_closed_leaves_the_plan_page_but_keeps_its_own(login, plan_2026):
    task = plan_2026.tasks.get(code="21")  # Công an tỉnh's
    task.closed_at = timezone.now()
    task.save()
    client = login("chutich")
    response = client.get(reverse("plans:detail", args=[plan_2026.pk]))
    assert "21" not in shown_codes(response)
    assert "39 nhiệm vụ, 16 chỉ tiêu" in response.content.decode()
    found = client.get(reverse("plans:search"), {"q": "cong an tinh"}).context["tasks"]
    assert "21" not in {t.code for t in found}
    assert "Đã đóng" in client.get(task.get_absolute_url()).content.decode()


# --- task page ------------------------------------------------------------------


def test_the_task_page_shows_every_field_and_the_commune_group_collapsed(login, plan_2026):
    task = plan_2026.tasks.get(code="3")
    response = login("daumoi").get(reverse("plans:task", args=[task.pk]))
    page = response.content.decode()
    assert "Tháng 4/2026" in page and "30/04/2026" in page
    assert "Báo cáo kết quả thực hiện" in page  # deliverable
    assert "Kế hoạch số 09-KH/BCĐ" in page  # basis
    assert "≥ 3 bài toán" in page  # target
    communes = Group.objects.get(name=COMMUNES).member_bodies().count()
    assert f"qua nhóm {COMMUNES} ({communes} đơn vị)" in page
    lead, support = response.context["roles"]
    assert [b.name for b in lead.bodies] == ["Sở Khoa học và Công nghệ"]
    assert {g.name for g, _ in support.groups} == {"Sở, ban, ngành tỉnh", COMMUNES}


def test_the_task_page_links_parent_and_sub_tasks(login, plan_2026):
    parent = plan_2026.tasks.get(code="9")
    page = login("daumoi").get(reverse("plans:task", args=[parent.pk])).content.decode()
    for child in parent.children.all():
        assert child.get_absolute_url() in page
    child = parent.children.first()
    page = login("daumoi").get(reverse("plans:task", args=[child.pk])).content.decode()
    assert parent.get_absolute_url() in page


def test_the_task_page_shows_who_changed_what(login, people, plan_2026):
    task = plan_2026.tasks.get(code="2")
    task._history_user = people["thuongtruc"]
    task.deliverable = "Báo cáo quý"
    task.save()
    response = login("daumoi").get(reverse("plans:task", args=[task.pk]))
    newest = response.context["entries"][0]
    assert newest["record"].history_user == people["thuongtruc"]
    assert ("sản phẩm", "Tình hình phân bổ dự toán được theo dõi, giám sát thường xuyên",
            "Báo cáo quý") in newest["changes"]  # fmt: skip
    page = response.content.decode()
    assert people["thuongtruc"].display_name in page and "Báo cáo quý" in page
    assert reverse("core:history", args=["nhiem-vu", task.pk]) not in page  # office's page
    office = login("thuongtruc").get(reverse("plans:task", args=[task.pk])).content.decode()
    assert reverse("core:history", args=["nhiem-vu", task.pk]) in office


def test_the_kpi_page_shows_its_target_lead_and_history(login, people, plan_2026):
    indicator = plan_2026.indicators.get(code="1", parent__isnull=True)
    url = reverse("plans:indicator", args=[indicator.pk])
    response = login("daumoi.xa").get(url)
    page = response.content.decode()
    assert "≥ 14,5 %" in page
    lead, support = response.context["roles"]
    assert [b.name for b in lead.bodies] == ["Sở Tài chính"]
    assert {g.name for g, _ in support.groups} == {"Sở, ban, ngành tỉnh", COMMUNES}
    assert response.context["entries"][0]["record"].history_type == "+"
    plan_page = login("daumoi.xa").get(reverse("plans:detail", args=[plan_2026.pk]))
    assert url in plan_page.content.decode()


def test_a_kpi_of_a_draft_is_shown_to_no_one_but_the_office(login, draft):
    url = reverse("plans:indicator", args=[draft.indicators.first().pk])
    assert login("daumoi").get(url)["Location"] == reverse("plans:list")
    assert login("thuongtruc").get(url).status_code == 200


# --- a body's tasks ---------------------------------------------------------------


def test_the_body_page_lists_what_the_body_leads_and_supports(login, people, plan_2026):
    finance = people["daumoi"].body
    response = login("daumoi").get(reverse("bodies:detail", args=[finance.pk]))
    work = response.context["work"]
    [entry] = work.plans
    assert entry.plan == plan_2026
    led = {a.task.code for a in entry.tasks if a.role == AssignmentRole.LEAD}
    supported = {a.task.code for a in entry.tasks if a.role == AssignmentRole.SUPPORT}
    assert {"2", "4", "22"} <= led and "3" in supported
    assert work.lead_count == len(led) and work.support_count == len(supported)
    page = response.content.decode()
    assert f"Chủ trì {len(led)} nhiệm vụ, phối hợp {len(supported)} nhiệm vụ" in page
    assert "30/04/2026" in page  # task 4's due date


def test_a_commune_sees_the_tasks_it_leads_through_the_commune_group(login, people, plan_2026):
    commune = people["daumoi.xa"].body
    assert commune.kind == BodyKind.COMMUNE
    response = login("daumoi.xa").get(reverse("bodies:detail", args=[commune.pk]))
    [entry] = response.context["work"].plans
    led = [a for a in entry.tasks if a.role == AssignmentRole.LEAD]
    assert {a.task.code for a in led} >= {"8", "15.2", "24"}
    assert all(a.via_group.name == COMMUNES for a in led)
    assert f"qua nhóm {COMMUNES}" in response.content.decode()


def test_a_body_page_without_published_plans_says_so(login, people, draft):
    page = login("daumoi").get(reverse("bodies:detail", args=[people["daumoi"].body_id]))
    assert "Chưa có kế hoạch nào được ban hành giao nhiệm vụ" in page.content.decode()


# --- search -----------------------------------------------------------------------


def test_search_without_diacritics_finds_tasks_in_published_plans_only(login, plan_2026, draft):
    response = login("daumoi.xa").get(reverse("plans:search"), {"q": "chuyen doi so"})
    tasks = response.context["tasks"]
    assert tasks and {t.plan_id for t in tasks} == {plan_2026.pk}
    assert (
        response.context["total"]
        == Task.objects.filter(plan=plan_2026, search_text__contains="chuyen doi so").count()
    )
    assert "chuyển đổi số" in response.content.decode()


def test_search_finds_a_task_by_its_bodies_name(login, plan_2026):
    response = login("chutich").get(reverse("plans:search"), {"q": "cong an tinh"})
    tasks = response.context["tasks"]
    assert {"19", "20", "21"} <= {t.code for t in tasks}  # led by Công an tỉnh
    assert all("Công an tỉnh" in t.lead_text + t.support_text for t in tasks)


def test_an_empty_search_lists_nothing(login, plan_2026):
    response = login("chutich").get(reverse("plans:search"), {"q": "  "})
    assert response.status_code == 200 and response.context["tasks"] == []


def test_every_page_has_the_search_box_in_the_top_bar(login):
    page = login("daumoi").get(reverse("plans:list")).content.decode()
    assert f'action="{reverse("plans:search")}"' in page
