"""The report page of a commune with a hundred items stays light: its HTML small, its
queries as many for a hundred items as for ten, and a save answers with its item only.

(The 25th-at-16:00 rush: two hundred officers open their report at once.)
"""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from theodoi.accounts.models import Role, User
from theodoi.plans.services.drafts import plan_draft_create
from theodoi.plans.services.publish import plan_publish
from theodoi.reporting.models import ItemState, Period, ReportingRule
from theodoi.reporting.services.reports import report_item_save, report_open
from theodoi.reporting.services.workflow import report_submit

from .conftest import month_period, vn

pytestmark = pytest.mark.django_db

COMMUNES = "UBND xã, phường, đặc khu"
TEXT = "Đã triển khai tới các thôn, tổ dân phố; tổ chức tập huấn cho cán bộ, người dân. " * 3


def commune_plan(tasks: int) -> dict:
    """``tasks`` tasks every commune leads (one in ten the communes only support), and
    two KPIs."""

    def task(n: int) -> dict:
        lead, support = ([COMMUNES], []) if n % 10 else (["Sở Tài chính"], [COMMUNES])
        return {
            "section": "I",
            "code": str(n),
            "title": f"Nhiệm vụ số {n}: triển khai nền tảng số cho người dân và doanh nghiệp",
            "lead": lead,
            "support": support,
            "deadline": {"text": "Thường xuyên", "recurrence": "continuous"},
            "deliverable": "Báo cáo kết quả triển khai",
        }

    def kpi(n: int, unit: str) -> dict:
        target = {"text": "≥ 80", "op": ">=", "value": 80}
        return {"code": str(n), "name": f"Chỉ tiêu {n}", "unit": unit, "target": target}

    return {
        "document": {"type": "Kế hoạch", "title": "Kế hoạch chuyển đổi số", "year": 2026},
        "sections": [{"code": "I", "path": "I", "title": "Nhiệm vụ"}],
        "tasks": [task(n) for n in range(1, tasks + 1)],
        "indicators": [
            {**kpi(1, "%"), "lead": [COMMUNES], "support": []},
            {**kpi(2, "hồ sơ"), "lead": [COMMUNES], "support": []},
        ],
    }


def commune_report(people, tasks: int):
    plan = plan_draft_create(data=commune_plan(tasks))
    plan_publish(plan=plan, user=people["thuongtruc"], confirm_gaps=True, now=vn(2026, 1, 2, 8))
    rule = ReportingRule.objects.create(plan=plan, frequency="monthly", due_day=25)
    period = month_period(rule, 3)
    officer = people["daumoi.xa"]
    report = report_open(period=period, body=officer.body)
    written = report.items.order_by("assignment__task__position")[: tasks // 2]
    for item in written:  # the first half written already
        data = {"state": ItemState.IN_PROGRESS, "percent": "40", "results": TEXT}
        report_item_save(item=item, data=data, user=officer, seen_version=1)
    return report


def page_of(client, report):
    url = reverse("reporting:report", args=[report.body_id, report.period_id])
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
    assert response.status_code == 200
    return response, len(queries), elapsed


@pytest.fixture
def figures(people, login):
    def measure(tasks: int, runs: int = 3):
        report = commune_report(people, tasks)
        client = login("daumoi.xa")
        page_of(client, report)  # warm: templates compiled
        runs = [page_of(client, report) for _ in range(runs)]
        response = runs[0][0]
        return {
            "items": report.items.count() + report.kpi_values.count(),
            "bytes": len(response.content),
            "queries": runs[0][1],
            "ms": min(run[2] for run in runs) * 1000,
            "page": response.content.decode(),
            "report": report,
        }

    return measure


def test_a_commune_page_of_a_hundred_items_is_light(figures, capsys):
    found = figures(100)
    with capsys.disabled():
        print(
            f"\nreport page: {found['items']} items, {found['bytes'] / 1024:.0f} KB,"
            f" {found['queries']} queries, {found['ms']:.0f} ms"
        )
    assert found["items"] == 102
    assert found["bytes"] <= 60 * 1024


def test_the_page_reads_as_much_for_a_hundred_items_as_for_thirty(figures):
    thirty = figures(30)["queries"]
    Period.objects.all().delete()
    assert figures(100)["queries"] == thirty


def test_a_save_answers_with_its_item_only(people, login):
    report = commune_report(people, 30)
    item = report.items.order_by("pk").last()
    url = reverse("reporting:item_save", args=[report.body_id, item.pk])
    data = {"seen_version": "1", "state": ItemState.IN_PROGRESS, "percent": "20", "results": TEXT}
    answer = login("daumoi.xa").post(url, data, headers={"HX-Request": "true"})
    assert answer.status_code == 200
    html = answer.content.decode()
    assert len(answer.content) < 2048 and f"summary-item-{item.pk}" in html
    others = report.items.exclude(pk=item.pk).values_list("pk", flat=True)
    assert not any(f'item-{pk}"' in html for pk in others)


def test_a_long_report_folds_its_items_and_loads_one_when_opened(people, login):
    report = commune_report(people, 30)
    client = login("daumoi.xa")
    page = page_of(client, report)[0].content.decode()
    assert page.count('data-testid="report-item"') == 30
    assert page.count('<form id="form-item-') == 1  # the first item left empty, opened
    assert page.count("data-card>") == 29
    item = report.items.order_by("assignment__task__position").first()  # written: folded
    card_url = reverse("reporting:item_card", args=[report.body_id, item.pk])
    assert f'data-card-url="{card_url.replace(f"/{item.pk}/", "/0/")}"' in page
    card = client.get(card_url, headers={"HX-Request": "true"}).content.decode()
    assert f'id="form-item-{item.pk}"' in card and 'name="seen_version" value="2"' in card
    assert "<html" not in card and TEXT.strip()[:40] in card


def test_an_item_of_another_body_does_not_open(people, login):
    report = commune_report(people, 2)
    url = reverse("reporting:item_card", args=[report.body_id, report.items.first().pk])
    assert login("daumoi").get(url).status_code == 403


def test_the_head_reads_a_long_report_folded_and_an_item_opened_without_a_form(people, login):
    report = commune_report(people, 30)
    head = User.objects.create_user(
        "lanhdao.xa", "lanhdao.xa@theodoi.local", "x", role=Role.HEAD, body=report.body
    )
    report_submit(report=report, user=people["daumoi.xa"], confirm_empty=True)
    client = login("daumoi.xa")
    client.force_login(head, backend="theodoi.accounts.backends.UsernameOrEmailBackend")
    page = page_of(client, report)[0].content.decode()
    assert page.count("data-card>") == 30 and "form-item-" not in page
    item = report.items.order_by("assignment__task__position").first()
    card = client.get(reverse("reporting:item_card", args=[report.body_id, item.pk]))
    html = card.content.decode()
    assert card.status_code == 200 and 'id="form-item-' not in html
    assert TEXT.strip()[:40] in html and "Đang thực hiện" in html
