"""A body without a head can finish: approval per body, the office approving on the
head's behalf, a delegated deputy (issue 12, point 6)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from theodoi.accounts.models import Role, User
from theodoi.accounts.services import user_delegate_approval
from theodoi.bodies.models import Body, HeadApproval
from theodoi.notify.models import Kind, Notification
from theodoi.reporting.models import Approval, Report, ReportState
from theodoi.reporting.services.workflow import (
    report_accept,
    report_approve,
    report_approve_for_head,
    report_return,
    report_submit,
    waits_without_approver,
)

from .conftest import vn

MOMENT = vn(2026, 3, 20, 8, 0)


def reasons(report) -> list[str]:
    return [h.history_change_reason for h in report.history.order_by("history_date")]


@pytest.fixture
def commune_report(period, people):
    """The report of the commune of ``daumoi.xa``: a body with no head account."""
    return Report.objects.create(period=period, body=people["daumoi.xa"].body)


def set_approval(body: Body, setting: str) -> None:
    body.head_approval = setting
    body.save()


def deputy_of(body: Body, username="phogiamdoc") -> User:
    return User.objects.create_user(
        username, f"{username}@theodoi.local", role=Role.FOCAL, body=body
    )


def test_a_body_without_a_head_sends_straight_to_the_office(
    commune_report, people, django_capture_on_commit_callbacks
):
    office_before = Notification.objects.filter(recipient=people["thuongtruc"]).count()
    with django_capture_on_commit_callbacks(execute=True):  # notify acts after commit
        report = report_submit(report=commune_report, user=people["daumoi.xa"], now=MOMENT)
    assert report.state == ReportState.APPROVED
    assert report.approval == Approval.NOT_REQUIRED and report.approved_by is None
    assert reasons(report)[-1] == "reporting.report.submitted_to_office"
    told = Notification.objects.filter(recipient=people["thuongtruc"], kind=Kind.APPROVED)
    assert told.count() == 1
    assert Notification.objects.filter(recipient=people["thuongtruc"]).count() == office_before + 1
    report = report_accept(report=report, user=people["thuongtruc"])
    assert report.state == ReportState.ACCEPTED


def test_a_body_with_a_head_may_be_set_not_to_need_approval(
    report, people, django_capture_on_commit_callbacks
):
    set_approval(report.body, HeadApproval.NOT_REQUIRED)
    with django_capture_on_commit_callbacks(execute=True):
        report = report_submit(report=report, user=people["daumoi"], now=MOMENT)
    assert report.state == ReportState.APPROVED and report.approval == Approval.NOT_REQUIRED
    assert not Notification.objects.filter(recipient=people["lanhdao"], kind=Kind.SUBMITTED)


def test_by_default_a_body_with_a_head_waits_for_him(report, people):
    report = report_submit(report=report, user=people["daumoi"], now=MOMENT)
    assert report.state == ReportState.SUBMITTED and not waits_without_approver(report)
    report = report_approve(report=report, user=people["lanhdao"], now=MOMENT)
    assert report.approval == Approval.HEAD and report.approved_by == people["lanhdao"]
    assert report.approved_at == MOMENT


def test_required_without_anyone_to_approve_tells_the_office(
    commune_report, people, django_capture_on_commit_callbacks
):
    set_approval(commune_report.body, HeadApproval.REQUIRED)
    with django_capture_on_commit_callbacks(execute=True):
        report = report_submit(report=commune_report, user=people["daumoi.xa"], now=MOMENT)
    assert report.state == ReportState.SUBMITTED and waits_without_approver(report)
    told = Notification.objects.get(recipient=people["thuongtruc"], kind=Kind.SUBMITTED)
    assert "không có ai duyệt" in told.subject and told.report_id == report.pk
    assert Notification.objects.filter(kind=Kind.SUBMITTED).count() == 1  # nobody else


def test_the_office_approves_on_the_heads_behalf_with_a_reason(commune_report, people):
    set_approval(commune_report.body, HeadApproval.REQUIRED)
    report = report_submit(report=commune_report, user=people["daumoi.xa"], now=MOMENT)
    version = report.version
    with pytest.raises(ValidationError, match="lý do"):
        report_approve_for_head(report=report, user=people["thuongtruc"], reason="  ")
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED and report.version == version
    with pytest.raises(PermissionDenied):
        report_approve_for_head(report=report, user=people["daumoi.xa"], reason="Vắng")
    report = report_approve_for_head(
        report=report, user=people["thuongtruc"], reason="Chủ tịch xã đi công tác", now=MOMENT
    )
    assert report.state == ReportState.APPROVED and report.approval == Approval.OFFICE
    assert report.approval_reason == "Chủ tịch xã đi công tác"
    assert report.approved_by == people["thuongtruc"] and report.approved_at == MOMENT
    last = report.history.order_by("history_date").last()
    assert last.history_change_reason == "reporting.report.approved_for_head"
    assert last.history_user == people["thuongtruc"]


def test_a_delegated_deputy_is_told_and_approves_like_the_head(
    report, people, django_capture_on_commit_callbacks
):
    deputy = deputy_of(report.body)
    with pytest.raises(PermissionDenied):
        user_delegate_approval(account=deputy, allowed=True, actor=people["daumoi"])
    with pytest.raises(PermissionDenied):  # the head of another body
        other_head = User.objects.create_user(
            "ld.yte", role=Role.HEAD, body=people["daumoi.yte"].body
        )
        user_delegate_approval(account=deputy, allowed=True, actor=other_head)
    deputy = user_delegate_approval(account=deputy, allowed=True, actor=people["lanhdao"])
    assert deputy.history.first().history_change_reason == "accounts.user.approval_delegated"
    with django_capture_on_commit_callbacks(execute=True):
        report = report_submit(report=report, user=people["daumoi"], now=MOMENT)
    submitted = Notification.objects.filter(kind=Kind.SUBMITTED, report=report)
    assert sorted(submitted.values_list("recipient__username", flat=True)) == [
        "lanhdao",
        "phogiamdoc",
    ]
    report = report_approve(report=report, user=deputy, now=MOMENT)
    assert report.approval == Approval.DEPUTY and report.approved_by == deputy


def test_a_deputy_returns_but_an_officer_not_delegated_does_not(report, people):
    deputy = deputy_of(report.body)
    report = report_submit(report=report, user=people["daumoi"], now=MOMENT)
    with pytest.raises(PermissionDenied):
        report_approve(report=report, user=deputy)
    user_delegate_approval(account=deputy, allowed=True, actor=people["thuongtruc"])
    deputy.refresh_from_db()
    report = report_return(report=report, user=deputy, comment="Bổ sung số liệu")
    assert report.state == ReportState.RETURNED


def test_nobody_approves_the_report_he_sent(report, people):
    user_delegate_approval(account=people["daumoi"], allowed=True, actor=people["thuongtruc"])
    sender = User.objects.get(pk=people["daumoi"].pk)
    report.body.users.filter(role=Role.HEAD).update(is_active=False)
    set_approval(report.body, HeadApproval.REQUIRED)
    report = report_submit(report=report, user=sender, now=MOMENT)
    assert waits_without_approver(report)  # the only approver is the sender
    with pytest.raises(ValidationError, match="không tự duyệt"):
        report_approve(report=report, user=sender)


def test_only_a_focal_officer_is_delegated(people):
    with pytest.raises(ValidationError):
        user_delegate_approval(account=people["chutich"], allowed=True, actor=people["thuongtruc"])


def test_the_report_page_says_how_it_was_approved(login, commune_report, people):
    report = report_submit(report=commune_report, user=people["daumoi.xa"], now=MOMENT)
    url = reverse("reporting:report", args=[report.body_id, report.period_id])
    page = login("daumoi.xa").get(url).content.decode()
    assert "Đơn vị không có lãnh đạo duyệt: báo cáo chuyển thẳng tới thường trực" in page


def test_the_office_sees_the_warning_and_approves_on_behalf_from_the_page(
    login, commune_report, people
):
    set_approval(commune_report.body, HeadApproval.REQUIRED)
    report = report_submit(report=commune_report, user=people["daumoi.xa"], now=MOMENT)
    args = [report.body_id, report.period_id]
    client = login("thuongtruc")
    page = client.get(reverse("reporting:report", args=args)).content.decode()
    assert 'data-testid="no-approver"' in page and 'data-testid="action-approve_for_head"' in page
    url = reverse("reporting:report_approve_for_head", args=args)
    client.post(url, {"reason": "", "seen_version": report.version})
    assert Report.objects.get(pk=report.pk).state == ReportState.SUBMITTED
    response = client.post(url, {"reason": "Xã chưa có lãnh đạo", "seen_version": report.version})
    assert response.status_code == 302
    page = client.get(reverse("reporting:report", args=args)).content.decode()
    assert "Thường trực duyệt thay:" in page and "Xã chưa có lãnh đạo" in page
    assert Report.objects.get(pk=report.pk).state == ReportState.APPROVED


def test_a_deputy_sees_the_approve_button(report, people):
    deputy = deputy_of(report.body)
    user_delegate_approval(account=deputy, allowed=True, actor=people["thuongtruc"])
    report_submit(report=report, user=people["daumoi"], now=MOMENT)
    url = reverse("reporting:report", args=[report.body_id, report.period_id])
    client = Client()
    client.force_login(deputy, backend="theodoi.accounts.backends.UsernameOrEmailBackend")
    page = client.get(url).content.decode()
    assert reverse("reporting:report_approve", args=[report.body_id, report.period_id]) in page
