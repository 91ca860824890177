"""The office's screens: days off of a year, a plan's reporting rules, its periods."""

from datetime import date

import pytest
from django.urls import reverse

from theodoi.reporting.models import Holiday, Period
from theodoi.reporting.services.calendar import holidays_load

from .conftest import vn


@pytest.fixture
def office(login):
    return login("thuongtruc")


def rule_data(**change):
    data = {
        "frequency": "monthly",
        "due_day": "25",
        "due_time": "16:00",
        "due_date": "",
        "window_start_day": "15",
        "recipient": "Sở Khoa học và Công nghệ",
    }
    return {**data, **change}


def test_the_plan_page_links_the_office_to_its_rules_and_periods(plan, office, login):
    page = office.get(plan.get_absolute_url()).content.decode()
    assert reverse("reporting:rules", args=[plan.pk]) in page
    assert reverse("reporting:periods", args=[plan.pk]) in page
    other = login("daumoi").get(plan.get_absolute_url()).content.decode()
    assert reverse("reporting:periods", args=[plan.pk]) not in other


def test_the_office_sees_the_default_rule_and_its_next_cut_offs(plan, office):
    page = office.get(reverse("reporting:rules", args=[plan.pk])).content.decode()
    assert "Văn bản không quy định chế độ báo cáo" in page
    assert "Hằng tháng" in page and "hết ngày" in page
    assert page.count("23:59 15/") == 3


def test_editing_a_rule_moves_the_cut_offs_of_its_periods(plan, office, people):
    rule = plan.reporting_rules.get()
    url = reverse("reporting:rule_edit", args=[rule.pk])
    seen = office.get(url).context["form"]["seen_version"].value()
    response = office.post(url, rule_data(seen_version=seen))
    assert response.status_code == 302
    assert rule.periods.get(label="Tháng 3/2026").cutoff == vn(2026, 3, 25, 16, 0)
    assert rule.history.first().history_user == people["thuongtruc"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"due_day": "32"}, "Ngày hạn nộp phải từ 1 đến 31."),
        ({"window_start_day": "29"}, "Ngày bắt đầu tính số liệu phải từ 1 đến 28."),
        ({"frequency": "once"}, "Báo cáo một lần cần ngày hạn nộp."),
    ],
)
def test_a_bad_rule_shows_one_clear_message_and_saves_nothing(plan, office, change, message):
    rule = plan.reporting_rules.get()
    url = reverse("reporting:rule_edit", args=[rule.pk])
    seen = office.get(url).context["form"]["seen_version"].value()
    response = office.post(url, rule_data(seen_version=seen, **change))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Người khác vừa sửa" not in response.content.decode()
    rule.refresh_from_db()
    assert (rule.frequency, rule.due_day, rule.window_start_day) == ("monthly", 15, 15)


def test_a_rule_changed_meanwhile_is_not_overwritten(plan, office):
    rule = plan.reporting_rules.get()
    response = office.post(
        reverse("reporting:rule_edit", args=[rule.pk]), rule_data(seen_version="stale")
    )
    assert "Người khác vừa sửa mục này" in response.content.decode()
    rule.refresh_from_db()
    assert rule.due_day == 15


def test_the_preview_follows_the_form_as_the_office_types(plan, office):
    rule = plan.reporting_rules.get()
    url = reverse("reporting:rule_preview", args=[rule.pk])
    response = office.get(url, rule_data(), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "16:00 25/" in response.content.decode()
    bad = office.get(url, rule_data(due_day="0"), HTTP_HX_REQUEST="true").content.decode()
    assert "Ngày hạn nộp phải từ 1 đến 31." in bad


def test_the_periods_page_shows_windows_cut_offs_and_weekdays(plan, office):
    page = office.get(reverse("reporting:periods", args=[plan.pk])).content.decode()
    assert "Tháng 3/2026" in page
    assert "15/02/2026 – 14/03/2026" in page
    assert "23:59 15/03/2026" in page and "Chủ nhật" in page  # 15/03/2026 is a Sunday


def test_the_office_grants_a_grace_and_a_grace_before_the_cut_off_is_refused(plan, office):
    period = plan.periods.get(label="Tháng 3/2026")
    url = reverse("reporting:period_grace", args=[period.pk])
    refused = office.post(url, {"grace_until": "2026-03-10T17:00"})
    assert "Thời điểm gia hạn phải sau hạn nộp của kỳ." in refused.content.decode()
    assert office.post(url, {"grace_until": "2026-03-20T17:00"}).status_code == 302
    period.refresh_from_db()
    assert period.grace_until == vn(2026, 3, 20, 17, 0)


def test_a_locked_period_is_shown_locked_and_only_an_admin_unlocks_it(plan, office, people):
    period = plan.periods.get(label="Tháng 1/2026")
    assert office.post(reverse("reporting:period_lock", args=[period.pk])).status_code == 302
    period.refresh_from_db()
    assert period.locked_at is not None
    page = office.get(reverse("reporting:periods", args=[plan.pk])).content.decode()
    assert "đã khóa lúc" in page
    assert reverse("reporting:period_unlock", args=[period.pk]) not in page
    assert office.post(reverse("reporting:period_unlock", args=[period.pk])).status_code == 403
    assert Period.objects.get(pk=period.pk).locked_at is not None


def test_the_office_keeps_the_days_off_of_a_year(db, office):
    holidays_load(years=[2026])
    page = office.get(reverse("reporting:holidays"), {"nam": 2026}).content.decode()
    assert "17/02/2026" in page and "Tết Nguyên Đán" in page and "Ngày làm việc bù" in page
    added = office.post(
        reverse("reporting:holiday_add"),
        {"date": "2026-12-31", "name": "Nghỉ cuối năm", "kind": "off"},
    )
    assert added.status_code == 302
    duplicate = office.post(
        reverse("reporting:holiday_add"),
        {"date": "2026-12-31", "name": "Lần nữa", "kind": "off"},
    )
    assert duplicate.status_code == 200 and Holiday.objects.filter(date__year=2026).count() > 1
    assert Holiday.objects.get(date=date(2026, 12, 31)).name == "Nghỉ cuối năm"
    weekday = office.post(
        reverse("reporting:holiday_add"),
        {"date": "2026-12-30", "name": "Làm bù", "kind": "working"},
    )
    assert "phải là thứ Bảy hoặc Chủ nhật" in weekday.content.decode()
    holiday = Holiday.objects.get(date=date(2026, 12, 31))
    office.post(reverse("reporting:holiday_delete", args=[holiday.pk]))
    assert not Holiday.objects.filter(date=date(2026, 12, 31)).exists()
    assert holiday.history.first().history_type == "-"


@pytest.mark.parametrize("username", ["daumoi", "lanhdao", "chutich", "daumoi.xa"])
def test_everyone_but_the_office_is_refused_the_calendar_and_period_screens(plan, login, username):
    client = login(username)
    rule, period = plan.reporting_rules.get(), plan.periods.first()
    for url in [
        reverse("reporting:holidays"),
        reverse("reporting:rules", args=[plan.pk]),
        reverse("reporting:rule_edit", args=[rule.pk]),
        reverse("reporting:periods", args=[plan.pk]),
        reverse("reporting:period_grace", args=[period.pk]),
    ]:
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("reporting:period_lock", args=[period.pk])).status_code == 403
    period.refresh_from_db()
    assert period.locked_at is None
