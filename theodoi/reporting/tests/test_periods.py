"""Days off from the ``holidays`` library, and the rules and periods a published plan gets."""

import json
from datetime import date, time
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from theodoi.plans.services.drafts import plan_draft_create
from theodoi.plans.services.publish import plan_publish
from theodoi.reporting.models import DayKind, Holiday, Period, Report
from theodoi.reporting.selectors.calendar import calendar_days
from theodoi.reporting.services.calendar import (
    holiday_delete,
    holiday_save,
    holidays_load,
)
from theodoi.reporting.services.periods import (
    next_cutoffs,
    period_grace,
    period_lock,
    period_unlock,
    periods_generate,
    periods_roll_over,
    rule_save,
    rules_from_plan,
)

from .conftest import SMALL_PLAN, vn

PLANS = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "plans"


def rule_data(**change):
    """What the office's rule form sends: monthly by the 15th, unless ``change`` says."""
    data = {
        "frequency": "monthly",
        "due_day": 15,
        "due_time": None,
        "due_date": None,
        "window_start_day": 15,
        "move_off_days": False,
        "recipient": "",
    }
    return {**data, **change}


def sample(name):
    return json.loads((PLANS / f"{name}.json").read_text("utf-8"))


@pytest.fixture
def plan_2026(people):
    plan = plan_draft_create(data=sample("001_6cb26fb914e0f802"))
    plan_publish(plan=plan, user=people["thuongtruc"], confirm_gaps=True)
    return plan


def test_it_loads_tet_and_gio_to_2026_with_the_make_up_day(db):
    added = holidays_load(years=[2026])
    assert added == Holiday.objects.count() > 10
    off = set(Holiday.objects.filter(kind=DayKind.OFF).values_list("date", flat=True))
    assert {date(2026, 2, d) for d in range(16, 21)} <= off  # Tết Bính Ngọ
    assert {date(2026, 4, 26), date(2026, 4, 27)} <= off  # Giỗ Tổ and its make-up day
    assert Holiday.objects.get(date=date(2026, 4, 27)).name.endswith("(nghỉ bù)")
    assert Holiday.objects.get(date=date(2026, 8, 22)).kind == DayKind.WORKING


def test_loading_holidays_twice_adds_nothing_and_keeps_the_offices_corrections(db):
    holidays_load()
    Holiday.objects.filter(date=date(2026, 9, 2)).update(name="Quốc khánh (đã sửa)")
    count = Holiday.objects.count()
    assert holidays_load() == 0
    assert Holiday.objects.count() == count
    assert Holiday.objects.get(date=date(2026, 9, 2)).name == "Quốc khánh (đã sửa)"
    assert Holiday.objects.filter(date__year=2027).exists()


def test_the_command_loads_the_years_it_is_given(db):
    call_command("loadholidays", "--years", "2027")
    assert {d.year for d in Holiday.objects.values_list("date", flat=True)} == {2027}


def test_calendar_days_reads_the_two_sets(db):
    holidays_load(years=[2026])
    days_off, working = calendar_days(date(2026, 8, 1), date(2026, 8, 31))
    assert days_off == {date(2026, 8, 31)} and working == {date(2026, 8, 22)}


def test_the_2026_plan_gets_12_monthly_periods_and_the_one_off(plan_2026):
    rules = {r.frequency: r for r in plan_2026.reporting_rules.all()}
    assert set(rules) == {"monthly", "once"}
    monthly = rules["monthly"]
    assert (monthly.due_day, monthly.due_time) == (25, time(16, 0))
    periods = list(monthly.periods.order_by("cutoff"))
    assert len(periods) == 12
    march = periods[2]
    assert (march.label, march.starts_on, march.ends_on, march.cutoff) == (
        "Tháng 3/2026",
        date(2026, 2, 15),
        date(2026, 3, 14),
        vn(2026, 3, 25, 16, 0),
    )
    (once,) = rules["once"].periods.all()
    assert once.cutoff == vn(2026, 4, 23, 23, 59, 59)
    assert rules["once"].recipient == "Sở Khoa học và Công nghệ"


def test_generating_periods_again_creates_nothing(plan_2026):
    count = Period.objects.filter(plan=plan_2026).count()
    assert periods_generate(plan=plan_2026) == 0
    assert rules_from_plan(plan=plan_2026) == []
    assert Period.objects.filter(plan=plan_2026).count() == count == 13


def test_a_plan_without_duties_reports_monthly_by_the_15th(plan):
    (rule,) = plan.reporting_rules.all()
    assert (rule.frequency, rule.due_day, rule.due_time) == ("monthly", 15, None)
    assert rule.periods.get(label="Tháng 1/2026").cutoff == vn(2026, 1, 15, 23, 59, 59)


def test_duties_the_document_repeats_make_one_rule(people):
    data = dict(SMALL_PLAN, reporting=sample("000_91be600319c8ab5d")["reporting"])
    plan = plan_draft_create(data=data)
    plan_publish(plan=plan, user=people["thuongtruc"], confirm_gaps=True)
    assert plan.reporting_rules.count() == 1


def test_periods_of_a_rule_moving_off_days_use_the_holidays_in_the_table(plan, people):
    holidays_load(years=[2026])
    rule = plan.reporting_rules.get()
    data = rule_data(due_day=18, due_time=time(16), move_off_days=True)
    rule_save(rule=rule, data=data, user=people["thuongtruc"])
    assert rule.periods.get(label="Tháng 2/2026").cutoff == vn(2026, 2, 23, 16, 0)
    assert rule.periods.count() == 12


def test_a_locked_period_keeps_its_cut_off_when_the_rule_changes(plan, people):
    office = people["thuongtruc"]
    rule = plan.reporting_rules.get()
    january = rule.periods.get(label="Tháng 1/2026")
    period_lock(period=january, user=office, now=vn(2026, 1, 20, 8))
    data = rule_data(due_day=20)
    rule_save(rule=rule, data=data, user=office)
    assert rule.periods.get(label="Tháng 1/2026").cutoff == vn(2026, 1, 15, 23, 59, 59)
    assert rule.periods.get(label="Tháng 2/2026").cutoff == vn(2026, 2, 20, 23, 59, 59)
    assert rule.history.first().history_user == office


def test_changing_the_frequency_replaces_the_periods_without_reports(plan, people):
    rule = plan.reporting_rules.get()
    data = {
        "frequency": "quarterly",
        "due_day": 20,
        "due_time": None,
        "due_date": None,
        "window_start_day": 15,
        "move_off_days": False,
        "recipient": "",
    }
    rule_save(rule=rule, data=data, user=people["thuongtruc"])
    assert list(rule.periods.values_list("label", flat=True)) == [
        "Quý I/2026",
        "Quý II/2026",
        "Quý III/2026",
        "Quý IV/2026",
    ]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"due_day": 32}, "due_day"),
        ({"due_day": None}, "due_day"),
        ({"window_start_day": 30}, "window_start_day"),
        ({"frequency": "once"}, "due_date"),
    ],
)
def test_a_bad_rule_is_refused_with_a_message_and_nothing_saved(plan, people, change, field):
    rule = plan.reporting_rules.get()
    data = rule_data(**change)
    with pytest.raises(ValidationError) as refused:
        rule_save(rule=rule, data=data, user=people["thuongtruc"])
    assert field in refused.value.message_dict
    rule.refresh_from_db()
    assert rule.due_day == 15 and rule.frequency == "monthly"


def test_only_the_office_edits_a_rule(plan, people):
    with pytest.raises(PermissionDenied):
        rule_save(rule=plan.reporting_rules.get(), data={}, user=people["daumoi"])


def test_the_preview_lists_the_next_three_cut_offs(plan):
    rule = plan.reporting_rules.get()
    assert next_cutoffs(rule, now=vn(2026, 11, 20, 9)) == [
        vn(2026, 12, 15, 23, 59, 59),
        vn(2027, 1, 15, 23, 59, 59),
        vn(2027, 2, 15, 23, 59, 59),
    ]


def test_a_grace_must_come_after_the_cut_off(period, people):
    with pytest.raises(ValidationError):
        period_grace(period=period, until=vn(2026, 3, 25, 12), user=people["thuongtruc"])
    period = period_grace(period=period, until=vn(2026, 3, 27, 17), user=people["thuongtruc"])
    assert period.grace_until == vn(2026, 3, 27, 17)


def test_a_locked_period_takes_no_grace_and_only_an_admin_unlocks_it(period, people):
    office = people["thuongtruc"]
    period = period_lock(period=period, user=office, now=vn(2026, 4, 1, 8))
    assert period.locked_at == vn(2026, 4, 1, 8)
    with pytest.raises(ValidationError):
        period_grace(period=period, until=vn(2026, 4, 30, 17), user=office)
    with pytest.raises(PermissionDenied):
        period_unlock(period=period, user=office)
    office.is_superuser = True
    assert period_unlock(period=period, user=office).locked_at is None


def test_a_period_with_reports_survives_a_frequency_change_or_refuses_it(plan, people):
    rule = plan.reporting_rules.get()
    body = people["daumoi"].body
    Report.objects.create(period=rule.periods.get(label="Tháng 3/2026"), body=body)
    data = {
        "frequency": "quarterly",
        "due_day": 25,
        "due_time": time(16),
        "due_date": None,
        "window_start_day": 15,
        "move_off_days": False,
        "recipient": "",
    }
    rule_save(rule=rule, data=data, user=people["thuongtruc"])
    assert rule.periods.count() == 5  # four quarters, and March with its report
    rule_save(rule=rule, data={**data, "frequency": "monthly"}, user=people["thuongtruc"])
    Report.objects.create(period=rule.periods.get(label="Tháng 1/2026"), body=body)
    with pytest.raises(ValidationError) as refused:  # Quý I would start the day January does
        rule_save(rule=rule, data=data, user=people["thuongtruc"])
    assert "Tháng 1/2026" in refused.value.messages[0]
    rule.refresh_from_db()
    assert rule.frequency == "monthly" and rule.periods.count() == 12


def test_the_demo_loads_the_days_off(settings, registry):
    settings.THEODOI_DEMO_PLANS = True
    call_command("demo")
    assert Holiday.objects.filter(date=date(2026, 2, 17)).exists()
    assert Period.objects.filter(label__in=["Tháng 3/2025", "Tháng 3/2026"]).count() == 2


def test_a_day_off_the_office_adds_moves_the_cut_offs_that_move_off_days(plan, people):
    office = people["thuongtruc"]
    rule = plan.reporting_rules.get()
    data = rule_data(move_off_days=True)
    rule_save(rule=rule, data=data, user=office)
    june = rule.periods.get(label="Tháng 6/2026")  # 15/06/2026 is a Monday
    assert june.cutoff == vn(2026, 6, 15, 23, 59, 59)
    day_off = {"date": date(2026, 6, 15), "name": "Nghỉ đột xuất", "kind": DayKind.OFF}
    holiday = holiday_save(holiday=None, data=day_off, user=office)
    june.refresh_from_db()
    assert june.cutoff == vn(2026, 6, 16, 23, 59, 59)
    holiday_delete(holiday=holiday, user=office)
    june.refresh_from_db()
    assert june.cutoff == vn(2026, 6, 15, 23, 59, 59)


def test_holidays_loaded_after_publication_move_the_cut_offs_that_move_off_days(plan, people):
    rule = plan.reporting_rules.get()
    rule.due_day, rule.move_off_days = 18, True
    rule.save()
    periods_generate(plan=plan)
    february = rule.periods.get(label="Tháng 2/2026")
    assert february.cutoff == vn(2026, 2, 18, 23, 59, 59)  # a Wednesday: no day off known yet
    holidays_load(years=[2026])
    february.refresh_from_db()
    assert february.cutoff == vn(2026, 2, 23, 23, 59, 59)  # after Tết


def test_period_labels_stay_in_vietnamese_whatever_the_interface_language(people):
    from django.utils import translation

    with translation.override("en"):
        plan = plan_draft_create(data=SMALL_PLAN)
        plan_publish(plan=plan, user=people["thuongtruc"], confirm_gaps=True)
    assert plan.periods.filter(label="Tháng 1/2026").exists()


def test_a_plan_for_several_years_gets_the_periods_of_each_new_year(plan, people):
    data = dict(SMALL_PLAN, document=dict(SMALL_PLAN["document"], year=None))
    several = plan_draft_create(data=data)
    plan_publish(
        plan=several, user=people["thuongtruc"], confirm_gaps=True, now=vn(2026, 11, 2, 8, 0)
    )
    assert several.year is None
    years = Period.objects.filter(plan=several).values_list("ends_on__year", flat=True)
    assert set(years) == {2026}
    assert periods_roll_over(vn(2026, 12, 31, 23, 59)) == 0

    out = StringIO()
    call_command("scheduler", at="2027-01-01 00:00", stdout=out)
    new_year = Period.objects.filter(plan=several, ends_on__year=2027).order_by("cutoff")
    assert [p.label for p in new_year][:2] == ["Tháng 1/2027", "Tháng 2/2027"]
    assert new_year.count() == 12
    assert "12 kỳ báo cáo của năm mới được tạo" in out.getvalue()
    # Made once; the plan of 2026 ends with its year.
    assert periods_roll_over(vn(2027, 1, 1, 0, 1)) == 0
    assert not Period.objects.filter(plan=plan, ends_on__year=2027).exists()
