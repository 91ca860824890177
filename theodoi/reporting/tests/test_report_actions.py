"""``report_actions``: the steps a user may take on a report, per state and role — the
buttons the page shows and the only steps the services accept (one source)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from theodoi.core import clock
from theodoi.reporting.models import Report, ReportState
from theodoi.reporting.services import workflow
from theodoi.reporting.services.reports import report_editable

USERS = ["daumoi", "lanhdao", "thuongtruc", "chutich", "thanhvien", "daumoi.yte"]

# state → user → the steps offered (in the page's order); nobody else is offered any.
EXPECTED = {
    ReportState.DRAFT: {"daumoi": ["submit"]},
    ReportState.RETURNED: {"daumoi": ["submit"]},
    ReportState.SUBMITTED: {"lanhdao": ["approve", "return"], "thuongtruc": ["approve_for_head"]},
    ReportState.APPROVED: {"thuongtruc": ["accept", "return"]},
    ReportState.ACCEPTED: {},
}

EXTRA = {
    "submit": {"confirm_empty": True},
    "return": {"comment": "Thiếu số liệu"},
    "approve_for_head": {"reason": "Lãnh đạo đi công tác"},
}
SERVICES = {
    "submit": workflow.report_submit,
    "approve": workflow.report_approve,
    "approve_for_head": workflow.report_approve_for_head,
    "return": workflow.report_return,
    "accept": workflow.report_accept,
}


class Rollback(Exception):
    pass


def in_state(report: Report, state: str) -> Report:
    Report.objects.filter(pk=report.pk).update(state=state)
    return Report.objects.select_related("period").get(pk=report.pk)


@pytest.mark.parametrize("state", list(EXPECTED))
@pytest.mark.parametrize("username", USERS)
def test_the_steps_offered_per_state_and_role(report, people, state, username):
    report = in_state(report, state)
    codes = [action.code for action in workflow.report_actions(report, people[username])]
    assert codes == EXPECTED[state].get(username, [])


@pytest.mark.parametrize("state", list(EXPECTED))
@pytest.mark.parametrize("username", USERS)
def test_the_services_take_exactly_the_steps_offered(report, people, state, username):
    """Every step offered goes through; every other one is refused, nothing changed."""
    user = people[username]
    report = in_state(report, state)
    offered = {action.code for action in workflow.report_actions(report, user)}
    for code, service in SERVICES.items():
        try:
            with transaction.atomic():
                service(report=report, user=user, **EXTRA.get(code, {}))
                raise Rollback
        except Rollback:
            assert code in offered, (code, state, username)
        except (PermissionDenied, ValidationError):
            assert code not in offered, (code, state, username)
        assert Report.objects.get(pk=report.pk).state == state


def test_a_locked_period_offers_no_step(report, people):
    report = in_state(report, ReportState.SUBMITTED)
    report.period.locked_at = clock.now()
    report.period.save()
    for username in USERS:
        assert workflow.report_actions(report, people[username]) == []
        assert not report_editable(report, people[username])


@pytest.mark.parametrize("state", list(EXPECTED))
def test_who_may_edit_the_items_follows_one_rule(report, people, state):
    """The body's focal officer and head, while the report is a draft or returned."""
    report = in_state(report, state)
    editable = {username for username in USERS if report_editable(report, people[username])}
    open_states = {ReportState.DRAFT, ReportState.RETURNED}
    assert editable == ({"daumoi", "lanhdao"} if state in open_states else set())


def test_the_page_shows_the_buttons_of_report_actions(report, people, login):
    report = in_state(report, ReportState.APPROVED)
    url = reverse("reporting:report", args=[report.body_id, report.period_id])
    office_page = login("thuongtruc").get(url).content.decode()
    assert 'data-testid="action-accept"' in office_page
    assert 'data-testid="action-return"' in office_page
    head_page = login("lanhdao").get(url).content.decode()
    assert 'data-testid="action-' not in head_page
