"""A plan's public page: off by default (404), on at the office's word; anyone reads the
latest stored figures, counted here from the rows the test writes; no person's name."""

import copy
import re

import pytest
from django.urls import reverse

from theodoi.accounts.models import User
from theodoi.dashboard.models import DashboardSettings, KpiPoint, PeriodSnapshot
from theodoi.dashboard.services.public import public_set
from theodoi.plans.models import Indicator, Plan
from theodoi.plans.services.drafts import plan_draft_create
from theodoi.plans.services.publish import plan_publish
from theodoi.reporting.models import ReportingRule
from theodoi.reporting.status import Status
from theodoi.reporting.tests.conftest import SMALL_PLAN, month_period, vn

pytestmark = pytest.mark.django_db

SIGNER = "Nguyễn Thanh Bình"
# Per month: the task classes of its snapshot.
CLASSES = {
    2: {"done-on-time": 1, "on-track": 1},
    3: {"done-on-time": 1, "done-late": 2, "overdue": 3, "not-due": 4},
}
# Per KPI code and month: its stored value (KPI 1: ≥ 80 %, KPI 2: ≥ 1000 hồ sơ).
VALUES = {"1": {2: "70", 3: "85.5"}, "2": {2: "640", 4: "1200"}}


@pytest.fixture
def plan(people):
    data = copy.deepcopy(SMALL_PLAN)
    data["indicators"].append(
        {
            "code": "2",
            "name": "Số hồ sơ được số hóa",
            "unit": "hồ sơ",
            "target": {"text": "≥ 1.000", "op": ">=", "value": 1000},
            "lead": ["Sở Tài chính"],
            "support": [],
        }
    )
    found = plan_draft_create(data=data)
    plan_publish(plan=found, user=people["thuongtruc"], confirm_gaps=True, now=vn(2026, 1, 2, 8))
    Plan.objects.filter(pk=found.pk).update(signer_name=SIGNER, signer_position="Chủ tịch")
    return found


@pytest.fixture
def figures(plan):
    """Snapshots of February and March, KPI points up to April (April has no snapshot:
    the page shows the latest period with one, March)."""
    rule = ReportingRule.objects.create(plan=plan, frequency="monthly", due_day=25)
    periods = {month: month_period(rule, month) for month in (2, 3, 4)}
    for month, classes in CLASSES.items():
        PeriodSnapshot.objects.create(
            period=periods[month],
            plan=plan,
            as_of=periods[month].cutoff,
            computed_at=periods[month].cutoff,
            classes=classes,
            total=sum(classes.values()),
        )
    for code, values in VALUES.items():
        indicator = Indicator.objects.get(plan=plan, code=code)
        for month, value in values.items():
            KpiPoint.objects.create(
                indicator=indicator, period=periods[month], plan=plan, value=value
            )
    return periods


def url(plan):
    return reverse("dashboard:public", args=[plan.pk])


def test_the_page_is_off_by_default(client, plan, figures):
    assert client.get(url(plan)).status_code == 404
    public_set(plan, public=True, user=User.objects.get(username="thuongtruc"))
    public_set(plan, public=False, user=User.objects.get(username="thuongtruc"))
    assert client.get(url(plan)).status_code == 404
    assert client.get(reverse("dashboard:public", args=[plan.pk + 1000])).status_code == 404


def test_turning_it_on_is_recorded(plan, people):
    office = people["thuongtruc"]
    public_set(plan, public=True, user=office)
    public_set(plan, public=True, user=office)  # so already: nothing saved
    settings = DashboardSettings.objects.get(plan=plan)
    assert settings.public
    history = list(settings.history.values_list("history_change_reason", "history_user"))
    assert history == [("dashboard.settings.saved", office.pk)]


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_anyone_reads_the_latest_figures_and_no_name(client, plan, figures, people):
    public_set(plan, public=True, user=people["thuongtruc"])
    response = client.get(url(plan))  # anonymous
    assert response.status_code == 200
    html = response.content.decode()
    text = text_of(html)

    # The task classes of March, the latest period with a snapshot.
    latest = CLASSES[3]
    assert f"Tổng số nhiệm vụ: {sum(latest.values())}" in text
    for status in Status:
        item = re.search(rf'<li data-status="{status.value}">(.*?)</li>', html, re.S)
        assert text_of(item.group(1)) == f"{status.label} {latest.get(status.value, 0)}"
    assert "Tháng 3/2026" in text

    # Each KPI's latest value up to March: KPI 1 85,5 % (met), KPI 2 640 (not met;
    # April's 1200 is after the latest snapshot).
    rows = [text_of(r) for r in re.findall(r'<tr data-testid="public-kpi">(.*?)</tr>', html, re.S)]
    assert len(rows) == 2
    assert "85,5 %" in rows[0] and rows[0].endswith("Đạt")
    assert "640,0 hồ sơ" in rows[1] and rows[1].endswith("Chưa đạt")
    assert "1 200" not in rows[1] and "1.200,0" not in rows[1]
    assert "1/2 chỉ tiêu đạt mục tiêu" in text

    # No person's name: not the signer's, not any account's.
    assert SIGNER not in html
    names = [u.get_full_name() for u in User.objects.all() if u.get_full_name()]
    assert "Hồ Văn Mừng" in names  # the chair
    for name in names:
        assert name not in html and name not in text, name
    for user in User.objects.all():
        assert f'"{user.username}"' not in html and f">{user.username}<" not in html


def test_a_phone_and_a_printer_are_served(client, plan, figures, people):
    public_set(plan, public=True, user=people["thuongtruc"])
    html = client.get(url(plan)).content.decode()
    assert "@media (max-width: 640px)" in html and "@media print" in html
