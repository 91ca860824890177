"""The task page shows what the bodies reported, period by period (latest first): the
state, percent, results, evidence and the way to the report — sent reports to
everyone who may see the body, work in progress only to the body and the office."""

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from theodoi.bodies.models import Body, BodyKind
from theodoi.plans.services.drafts import plan_draft_create
from theodoi.plans.services.publish import plan_publish
from theodoi.reporting.models import EvidenceFile, ReportingRule, ReportState
from theodoi.reporting.services.comments import item_comment_add
from theodoi.reporting.services.reports import report_open
from theodoi.reporting.tests.conftest import SMALL_PLAN, month_period, vn

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"


def published(data, people):
    plan = plan_draft_create(data=data)
    plan_publish(plan=plan, user=people["thuongtruc"], confirm_gaps=True, now=vn(2026, 1, 2, 8))
    rule = ReportingRule.objects.create(
        plan=plan, frequency="monthly", due_day=25, due_time="16:00"
    )
    return plan, month_period(rule, 3), month_period(rule, 4)


def reported(period, body, *, state=ReportState.SUBMITTED, results="", uploader=None):
    """The body's item on task 1 of the period, filled and left in ``state``."""
    report = report_open(period=period, body=body)
    item = report.items.get(assignment__task__code="1")
    item.state, item.percent, item.results = "in_progress", 60, results
    item.evidence_ref = "15/BC-STC"
    item.save()
    report.state, report.version = state, 2
    report.save()
    if uploader:
        EvidenceFile.objects.create(
            item=item,
            file=ContentFile(PDF, name="bien-ban.pdf"),
            original_name="bien-ban.pdf",
            content_type="application/pdf",
            size=len(PDF),
            uploaded_by=uploader,
        )
    return item


@pytest.fixture
def walk(people, media):
    """Task 1: Sở Tài chính (lead) sent March and April with a file; Sở Y tế (support)
    sent March and keeps April as a draft; April is the latest period."""
    plan, march, april = published(SMALL_PLAN, people)
    finance, health = people["daumoi"].body, people["daumoi.yte"].body
    reported(march, finance, results="Tháng 3: khảo sát xong")
    item = reported(april, finance, results="Tháng 4: đã lắp máy chủ", uploader=people["daumoi"])
    reported(march, health, results="Y tế: đã cử cán bộ")
    reported(april, health, state=ReportState.DRAFT, results="Y tế: đang soạn dở")
    return plan.tasks.get(code="1"), item


def page_of(client, task) -> str:
    response = client.get(reverse("plans:task", args=[task.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_chair_reads_what_was_sent_latest_period_first(walk, login):
    task, item = walk
    page = page_of(login("chutich"), task)
    assert page.index("Kỳ Tháng 4/2026") < page.index("Kỳ Tháng 3/2026")
    assert page.index("Tháng 4: đã lắp máy chủ") < page.index("Tháng 3: khảo sát xong")
    assert "Y tế: đã cử cán bộ" in page
    assert "Y tế: đang soạn dở" not in page  # a draft is the body's own work
    assert "15/BC-STC" in page and "60%" in page
    evidence = item.files.get()
    assert reverse("reporting:evidence_file", args=[item.report.body_id, evidence.pk]) in page
    report_url = reverse("reporting:report", args=[item.report.body_id, item.report.period_id])
    assert f"{report_url}#item-{item.pk}" in page
    assert page.count('data-testid="task-result"') == 3


def test_a_member_sees_only_the_bodies_he_oversees(walk, login):
    task, _item = walk
    page = page_of(login("thanhvien"), task)  # oversees Sở Y tế
    assert "Y tế: đã cử cán bộ" in page
    assert "Tháng 4: đã lắp máy chủ" not in page and "bien-ban.pdf" not in page


def test_a_body_sees_its_own_draft_and_not_another_bodys(walk, login):
    task, _item = walk
    own = page_of(login("daumoi.yte"), task)
    assert "Y tế: đang soạn dở" in own and "Đang soạn" in own
    assert "Tháng 4: đã lắp máy chủ" not in own
    office = page_of(login("thuongtruc"), task)
    assert "Y tế: đang soạn dở" in office and "Tháng 4: đã lắp máy chủ" in office


def test_a_draft_never_saved_shows_nowhere(people, login, media):
    plan, march, _april = published(SMALL_PLAN, people)
    report_open(period=march, body=people["daumoi"].body)  # opened, nothing saved
    page = page_of(login("thuongtruc"), plan.tasks.get(code="1"))
    assert 'data-testid="task-result"' not in page
    assert "Chưa có đơn vị nào gửi báo cáo về nhiệm vụ này." in page


def test_the_comment_thread_shows_under_each_bodys_result(walk, login, people):
    task, item = walk
    item_comment_add(item, people["chutich"], "Đề nghị báo cáo tiến độ lắp đặt")
    page = page_of(login("lanhdao"), task)
    assert "Đề nghị báo cáo tiến độ lắp đặt" in page
    assert reverse("reporting:item_comment_add", args=[item.report.body_id, item.pk]) in page


def plan_led_by(bodies: list[Body]) -> dict:
    task = {**SMALL_PLAN["tasks"][0], "lead": [b.name for b in bodies], "support": []}
    return {**SMALL_PLAN, "tasks": [task], "indicators": []}


def counted(client, task) -> int:
    with CaptureQueriesContext(connection) as queries:
        page_of(client, task)
    return len(queries)


@pytest.mark.parametrize("username", ["chutich", "thuongtruc"])
def test_the_page_reads_as_much_for_ten_bodies_as_for_two(people, login, media, username):
    departments = list(Body.objects.filter(kind=BodyKind.DEPARTMENT).order_by("name")[:10])
    plan, march, april = published(plan_led_by(departments), people)
    task = plan.tasks.get(code="1")
    client = login(username)

    def report_all(bodies):
        for body in bodies:
            for period in (march, april):
                item = reported(period, body, results=body.name, uploader=people["daumoi"])
                item_comment_add(item, people["thuongtruc"], f"Ý kiến cho {body.name}")

    report_all(departments[:2])
    two = counted(client, task)
    report_all(departments[2:])
    ten = counted(client, task)
    assert ten == two
    page = page_of(client, task)
    assert page.count('data-testid="task-result"') == 20  # 10 bodies × 2 periods
    assert page.count('data-testid="item-comment"') == 20
