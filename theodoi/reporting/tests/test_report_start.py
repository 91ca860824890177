"""A visit to a report page writes nothing, whoever makes it: the body's officer opens
the report with "Bắt đầu báo cáo" (a POST, recorded), which also adds what an amendment
brought since."""

import pytest
from django.urls import reverse

from theodoi.reporting.models import KpiValue, Report, ReportItem
from theodoi.reporting.services.reports import report_open

pytestmark = pytest.mark.django_db

EVERY_ROLE = ["daumoi", "lanhdao", "thuongtruc", "chutich", "uyvien", "daumoi.yte", "thanhvien"]


def rows():
    return (Report.objects.count(), ReportItem.objects.count(), KpiValue.objects.count())


def page(period, body):
    return reverse("reporting:report", args=[body.pk, period.pk])


@pytest.mark.parametrize("who", EVERY_ROLE)
def test_a_visit_by_any_role_creates_no_row(login, period, people, who):
    finance = people["daumoi"].body
    before = rows()
    response = login(who).get(page(period, finance))
    assert response.status_code in (200, 403)
    assert rows() == before


@pytest.mark.parametrize("who", EVERY_ROLE)
def test_a_visit_to_a_report_missing_an_item_adds_none(login, period, people, who):
    opened = report_open(period=period, body=people["daumoi"].body)
    opened.items.all().delete()  # as if the task came with an amendment since
    before = rows()
    response = login(who).get(page(period, opened.body))
    assert response.status_code in (200, 403)
    assert rows() == before
    offered = 'data-testid="report-start"' in response.content.decode()
    assert offered == (who in ("daumoi", "lanhdao"))  # the body's writers only


def test_start_opens_the_report_once_and_records_who(login, period, people):
    finance = people["daumoi"].body
    client = login("daumoi")
    url = reverse("reporting:report_start", args=[finance.pk, period.pk])
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == page(period, finance)
    report = Report.objects.get(period=period, body=finance)
    assert (report.items.count(), report.kpi_values.count()) == (1, 1)
    opened = report.history.get(history_change_reason="reporting.report.opened")
    assert opened.history_user == people["daumoi"]
    assert opened.action_data == {"items": 1, "kpis": 1}
    client.post(url)  # a second press: nothing more
    assert report.history.filter(history_change_reason="reporting.report.opened").count() == 1
    assert 'data-testid="report-start"' not in client.get(page(period, finance)).content.decode()


def test_start_adds_what_an_amendment_brought(login, period, people):
    opened = report_open(period=period, body=people["daumoi"].body)
    opened.items.all().delete()
    client = login("daumoi")
    assert "Thêm vào báo cáo" in client.get(page(period, opened.body)).content.decode()
    client.post(reverse("reporting:report_start", args=[opened.body_id, period.pk]))
    assert opened.items.count() == 1


@pytest.mark.parametrize("who", ["thuongtruc", "chutich", "daumoi.yte"])
def test_nobody_but_the_bodys_writers_starts_it(login, period, people, who):
    finance = people["daumoi"].body
    response = login(who).post(reverse("reporting:report_start", args=[finance.pk, period.pk]))
    assert response.status_code == 403
    assert not Report.objects.filter(period=period, body=finance).exists()


def test_a_get_of_the_start_address_is_refused(login, period, people):
    finance = people["daumoi"].body
    response = login("daumoi").get(reverse("reporting:report_start", args=[finance.pk, period.pk]))
    assert response.status_code == 405
    assert not Report.objects.filter(period=period, body=finance).exists()
