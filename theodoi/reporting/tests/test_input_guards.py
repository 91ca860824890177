"""Issue 16's holes in the report pages: a reader's visit writes nothing, a save
without the version it was made on is refused, a bad number is refused by name,
and the history of a report nobody edited opens."""

import pytest
from django.urls import reverse

from theodoi.bodies.models import Body
from theodoi.reporting.models import KpiValue, Report, ReportItem
from theodoi.reporting.services.reports import report_open


@pytest.fixture
def opened(period, people):
    return report_open(period=period, body=people["daumoi"].body)


def _rows():
    return (Report.objects.count(), ReportItem.objects.count(), KpiValue.objects.count())


@pytest.mark.parametrize("reader", ["chutich", "thuongtruc", "uyvien"])
def test_a_reader_opening_a_report_not_yet_opened_writes_nothing(login, period, people, reader):
    finance = people["daumoi"].body
    before = _rows()
    response = login(reader).get(reverse("reporting:report", args=[finance.pk, period.pk]))
    assert response.status_code == 200
    assert "Đơn vị chưa mở báo cáo kỳ này." in response.content.decode()
    assert _rows() == before


def test_a_reader_of_an_opened_report_adds_no_missing_item(login, period, opened):
    opened.items.all().delete()  # as if a task came with an amendment since
    before = _rows()
    response = login("chutich").get(reverse("reporting:report", args=[opened.body_id, period.pk]))
    assert response.status_code == 200 and _rows() == before


def test_the_bodys_own_officer_opens_his_report_with_the_start_button(login, period, people):
    finance = people["daumoi"].body
    client = login("daumoi")
    page = client.get(reverse("reporting:report", args=[finance.pk, period.pk]))
    assert 'data-testid="report-start"' in page.content.decode()  # a button, not on sight
    assert not Report.objects.filter(period=period, body=finance).exists()
    client.post(reverse("reporting:report_start", args=[finance.pk, period.pk]))
    assert Report.objects.get(period=period, body=finance).items.count() == 1


def test_an_item_saved_without_the_version_it_was_made_on_is_refused(login, opened):
    item = opened.items.get()
    url = reverse("reporting:item_save", args=[opened.body_id, item.pk])
    response = login("daumoi").post(url, {"results": "Ghi đè", "percent": "40"})
    assert "Trang không gửi kèm phiên bản đang xem" in response.content.decode()
    item.refresh_from_db()
    assert (item.results, item.percent, item.version) == ("", 0, 1)


def test_a_kpi_value_saved_without_its_version_is_refused(login, opened):
    kpi = opened.kpi_values.get()
    url = reverse("reporting:kpi_save", args=[opened.body_id, kpi.pk])
    response = login("daumoi").post(url, {"numerator": "5", "denominator": "10"})
    assert "Trang không gửi kèm phiên bản đang xem" in response.content.decode()
    kpi.refresh_from_db()
    assert (kpi.value, kpi.version) == (None, 1)


@pytest.mark.parametrize("seen", ["²", "99999999999999999999", "abc"])
def test_a_version_no_page_shows_is_a_stale_page(login, opened, seen):
    item = opened.items.get()
    url = reverse("reporting:item_save", args=[opened.body_id, item.pk])
    response = login("daumoi").post(url, {"seen_version": seen, "results": "Ghi đè"})
    assert "Người khác vừa sửa mục này" in response.content.decode()
    item.refresh_from_db()
    assert item.version == 1


@pytest.mark.parametrize("percent", ["²", "٣", "99999999999999999999", "-5", "101"])
def test_a_percent_no_form_sends_is_refused_by_name(login, opened, percent):
    item = opened.items.get()
    url = reverse("reporting:item_save", args=[opened.body_id, item.pk])
    response = login("daumoi").post(url, {"seen_version": "1", "percent": percent})
    assert "Tỷ lệ hoàn thành phải là số nguyên từ 0 đến 100." in response.content.decode()
    item.refresh_from_db()
    assert item.version == 1


@pytest.mark.parametrize(
    "figures",
    [
        {"numerator": "1e30", "denominator": "1e30"},
        {"value": "1e20"},
        {"value": "99999999999999999999"},
    ],
)
def test_a_kpi_figure_too_large_to_store_is_refused_by_name(login, opened, figures):
    kpi = opened.kpi_values.get()
    url = reverse("reporting:kpi_save", args=[opened.body_id, kpi.pk])
    response = login("daumoi").post(url, {"seen_version": "1", **figures})
    assert "quá lớn để lưu" in response.content.decode()
    kpi.refresh_from_db()
    assert kpi.version == 1


def test_the_history_of_a_report_nobody_edited_opens(login, period):
    health = Body.objects.get(name="Sở Y tế")
    report_open(period=period, body=health)  # made in bulk: no history row at all
    url = reverse("reporting:report_history", args=[period.pk, health.pk])
    response = login("thuongtruc").get(url)
    assert response.status_code == 200
    assert "Chưa có thay đổi nào được ghi lại." in response.content.decode()
