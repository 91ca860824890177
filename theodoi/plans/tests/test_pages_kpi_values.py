"""The plan's KPI table and the KPI page show the actual value: the latest sent value
(its period and body), đạt / chưa đạt against the target, and on the KPI page the
values period by period, latest first. A rate adds up numerators and denominators."""

from decimal import Decimal

import pytest
from django.urls import reverse

from theodoi.plans.services.drafts import plan_draft_create
from theodoi.plans.services.publish import plan_publish
from theodoi.reporting.models import KpiValue, Report, ReportingRule, ReportState
from theodoi.reporting.selectors.progress import kpi_statuses
from theodoi.reporting.selectors.results import kpi_actuals
from theodoi.reporting.status import KpiStatus
from theodoi.reporting.tests.conftest import month_period, vn

pytestmark = pytest.mark.django_db

KPI_PLAN = {
    "document": {"type": "Kế hoạch", "title": "Kế hoạch chỉ tiêu", "year": 2026},
    "sections": [],
    "tasks": [],
    "indicators": [
        {
            "code": "1",
            "name": "Tỷ lệ hồ sơ trực tuyến",
            "unit": "%",
            "target": {"text": "≥ 80", "op": ">=", "value": 80},
            "lead": ["Sở Tài chính", "Sở Y tế"],
            "support": [],
        },
        {
            "code": "2",
            "name": "Số hồ sơ được số hóa",
            "unit": "hồ sơ",
            "target": {"text": "≥ 1.000", "op": ">=", "value": 1000},
            "lead": ["Sở Tài chính"],
            "support": [],
        },
        {
            "code": "3",
            "name": "Tỷ lệ thủ tục cấp mã hồ sơ",
            "unit": "%",
            "target": {"text": "100", "op": "=", "value": 100},
            "lead": [],
            "support": [],
            "parts": [
                {"code": "3.1", "name": "Cấp tỉnh", "unit": "%", "lead": [], "support": []},
                {"code": "3.2", "name": "Cấp xã", "unit": "%", "lead": [], "support": []},
            ],
        },
    ],
}


def value(period, body, indicator, state=ReportState.SUBMITTED, **figures):
    report, _new = Report.objects.get_or_create(
        period=period, body=body, defaults={"state": state, "version": 2}
    )
    return KpiValue.objects.create(report=report, indicator=indicator, **figures)


@pytest.fixture
def kpis(people):
    """March: Tài chính 45/50 and Y tế 30/50 on KPI 1; April: Tài chính 48/50 and 1.200
    records; Y tế's April is a draft (0/50), never counted. KPI 3 is reported by part."""
    plan = plan_draft_create(data=KPI_PLAN)
    plan_publish(plan=plan, user=people["thuongtruc"], confirm_gaps=True, now=vn(2026, 1, 2, 8))
    rule = ReportingRule.objects.create(plan=plan, frequency="monthly", due_day=25)
    march, april = month_period(rule, 3), month_period(rule, 4)
    finance, health = people["daumoi"].body, people["daumoi.yte"].body
    rate, count, split = (plan.indicators.get(code=c) for c in ("1", "2", "3"))
    province, commune = split.parts.get(code="3.1"), split.parts.get(code="3.2")
    value(march, finance, rate, numerator=45, denominator=50, value=90)
    value(march, health, rate, state=ReportState.ACCEPTED, numerator=30, denominator=50, value=60)
    value(april, finance, rate, state=ReportState.ACCEPTED, numerator=48, denominator=50, value=96)
    value(april, finance, count, value=1200)
    value(april, health, rate, state=ReportState.DRAFT, numerator=0, denominator=50, value=0)
    value(april, finance, province, numerator=19, denominator=20, value=95)
    value(april, finance, commune, numerator=70, denominator=80, value="87.5")
    return plan


def latest_sums(indicators) -> tuple[Decimal, Decimal]:
    """Σ numerators, Σ denominators of each body's latest sent value: counted plainly."""
    numerators = denominators = Decimal(0)
    sent = KpiValue.objects.filter(
        indicator__in=indicators,
        report__state__in=[ReportState.SUBMITTED, ReportState.APPROVED, ReportState.ACCEPTED],
    )
    for indicator in indicators:
        for body_id in set(sent.values_list("report__body_id", flat=True)):
            row = (
                sent.filter(indicator=indicator, report__body_id=body_id)
                .order_by("-report__period__cutoff")
                .first()
            )
            if row:
                numerators += row.numerator
                denominators += row.denominator
    return numerators, denominators


def test_a_rate_adds_up_each_bodys_latest_sent_figures(kpis):
    rate = kpis.indicators.get(code="1")
    actual = kpi_actuals(kpis)[rate.pk]
    assert (actual.numerator, actual.denominator) == latest_sums([rate]) == (78, 100)
    assert actual.value == Decimal("78.00")
    assert actual.status == KpiStatus.NOT_MET  # Y tế's 60 % misses the target
    assert actual.reported == 2
    assert actual.latest.report.period.label == "Tháng 4/2026"


def test_a_kpi_split_in_parts_adds_up_its_parts(kpis):
    split = kpis.indicators.get(code="3")
    actual = kpi_actuals(kpis)[split.pk]
    assert (actual.numerator, actual.denominator) == latest_sums(list(split.parts.all()))
    assert actual.value == Decimal("89.00")  # 89 / 100
    assert actual.status == KpiStatus.NOT_MET  # the target is 100


def test_the_plans_kpi_table_shows_the_actual_values(kpis, login):
    page = login("chutich").get(reverse("plans:detail", args=[kpis.pk])).content.decode()
    table = page[page.index('id="chi-tieu"') :]
    assert "78 %" in table and "(78/100)" in table and "Chưa đạt" in table
    assert "2 đơn vị báo cáo, mới nhất kỳ Tháng 4/2026" in table
    assert "1.200 hồ sơ" in table and "Đạt" in table
    assert "Sở Tài chính, kỳ Tháng 4/2026" in table
    assert "(89/100)" in table  # KPI 3, from its parts


def test_the_kpi_page_lists_the_values_latest_period_first(kpis, login):
    rate = kpis.indicators.get(code="1")
    page = login("chutich").get(reverse("plans:indicator", args=[rate.pk])).content.decode()
    assert page.count('data-testid="indicator-value"') == 3  # the draft is left out
    assert page.index("Kỳ Tháng 4/2026") < page.index("Kỳ Tháng 3/2026")
    assert "(48/50)" in page and "(30/50)" in page and "(0/50)" not in page
    assert 'data-testid="kpi-actual"' in page


def test_a_member_sees_the_values_of_his_bodies_only(kpis, login):
    rate = kpis.indicators.get(code="1")
    page = login("thanhvien").get(reverse("plans:indicator", args=[rate.pk])).content.decode()
    assert page.count('data-testid="indicator-value"') == 1  # Sở Y tế, March
    assert "(30/50)" in page and "(48/50)" not in page


def test_the_table_judges_each_kpi_as_the_plans_counts_do(kpis):
    actuals = kpi_actuals(kpis)
    for pk, standing in kpi_statuses(kpis).items():
        if standing.lead_count:
            assert actuals[pk].status == standing.status
    assert {KpiStatus.MET, KpiStatus.NOT_MET} <= {a.status for a in actuals.values()}
