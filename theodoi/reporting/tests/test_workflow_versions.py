"""The workflow buttons (send, approve, return, accept, the office's approval on the
head's behalf) carry the report's version the page showed: a button posted without
it is refused (400), a stale one too (409 for htmx or a script, the page again with
the message for a plain form), and nothing changes."""

import pytest
import time_machine
from django.urls import reverse

from theodoi.bodies.models import HeadApproval
from theodoi.reporting.models import Report, ReportState
from theodoi.reporting.services.reports import report_open
from theodoi.reporting.services.workflow import report_approve, report_submit

from .conftest import vn

pytestmark = pytest.mark.django_db

MOMENT = vn(2026, 3, 20, 8, 0)
MISSING = "Trang không gửi kèm phiên bản đang xem"
STALE = "Người khác vừa sửa mục này"


@pytest.fixture(autouse=True)
def _before_the_cutoff():
    with time_machine.travel(MOMENT, tick=False):
        yield


@pytest.fixture
def opened(period, people):
    return report_open(period=period, body=people["daumoi"].body)


def submitted(report, people):
    return report_submit(report=report, user=people["daumoi"], confirm_empty=True)


def approved(report, people):
    return report_approve(report=submitted(report, people), user=people["lanhdao"])


def office_must_approve(report, people):
    """A report submitted by a body whose head the office approves for."""
    report.body.head_approval = HeadApproval.REQUIRED
    report.body.save()
    return submitted(report, people)


# (button, who presses it, the report as it must be, what else the form sends)
STEPS = [
    ("report_submit", "daumoi", lambda r, p: r, {"confirm_empty": "1"}),
    ("report_approve", "lanhdao", submitted, {}),
    ("report_return", "lanhdao", submitted, {"comment": "Thiếu số liệu"}),
    ("report_accept", "thuongtruc", approved, {}),
    ("report_return", "thuongtruc", approved, {"comment": "Thiếu số liệu"}),
    ("report_approve_for_head", "thuongtruc", office_must_approve, {"reason": "Đi vắng"}),
]


def press(login, report, button, who, data, **headers):
    url = reverse(f"reporting:{button}", args=[report.body_id, report.period_id])
    return login(who).post(url, data, headers=headers)


@pytest.mark.parametrize(("button", "who", "ready", "data"), STEPS)
def test_a_button_without_the_version_is_refused_and_changes_nothing(
    login, opened, people, button, who, ready, data
):
    report = ready(opened, people)
    before = Report.objects.get(pk=report.pk)
    response = press(login, report, button, who, data)
    assert response.status_code == 400
    assert MISSING in response.content.decode()
    after = Report.objects.get(pk=report.pk)
    assert (after.state, after.version) == (before.state, before.version)


@pytest.mark.parametrize(("button", "who", "ready", "data"), STEPS)
def test_a_stale_button_is_a_conflict_for_htmx_and_changes_nothing(
    login, opened, people, button, who, ready, data
):
    report = ready(opened, people)
    before = Report.objects.get(pk=report.pk)
    stale = {**data, "seen_version": str(before.version - 1 or 99)}
    response = press(login, report, button, who, stale, HX_Request="true")
    assert response.status_code == 409
    assert STALE in response.content.decode()
    after = Report.objects.get(pk=report.pk)
    assert (after.state, after.version) == (before.state, before.version)


@pytest.mark.parametrize(("button", "who", "ready", "data"), STEPS)
def test_a_button_with_the_version_shown_goes_through(
    login, opened, people, button, who, ready, data
):
    report = ready(opened, people)
    version = Report.objects.get(pk=report.pk).version
    response = press(login, report, button, who, {**data, "seen_version": str(version)})
    assert response.status_code == 302
    assert Report.objects.get(pk=report.pk).version == version + 1


def test_a_stale_plain_form_goes_back_to_the_page_with_the_message(login, opened, people):
    report = submitted(opened, people)
    response = press(login, report, "report_approve", "lanhdao", {"seen_version": "1"})
    assert response.status_code == 302
    page = login("lanhdao").get(response["Location"]).content.decode()
    assert STALE in page
    assert Report.objects.get(pk=report.pk).state == ReportState.SUBMITTED


def test_the_page_shows_each_button_with_the_version_it_shows(login, opened, people):
    report = submitted(opened, people)
    url = reverse("reporting:report", args=[report.body_id, report.period_id])
    page = login("lanhdao").get(url).content.decode()
    shown = f'name="seen_version" value="{report.version}"'
    assert page.count(shown) == 2  # approve, return
