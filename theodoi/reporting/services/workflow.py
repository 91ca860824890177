"""A report's way through its states, each step one service in one transaction.

draft → submitted (focal officer of the body) → approved (head of the body) or
returned (head, with a comment) → accepted (office) or returned (office, with a
comment). A returned report goes back to its focal officer. Nothing changes in a
locked period; a stale page (``seen_version``) is refused, never overwritten.

Approval by the body (``Body.head_approval``): a body may need none (then sending
goes straight to the office), and a deputy the office or a head delegated
(``User.can_approve``) approves like the head. When the head is absent the office
may approve on the head's behalf, with a reason.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from theodoi.accounts.models import Role
from theodoi.accounts.selectors import approvers_of, has_active_head
from theodoi.bodies.models import HeadApproval
from theodoi.core import clock
from theodoi.core.access import is_office
from theodoi.notify.services.events import report_no_approver_notify, report_step_notify

from ..models import Approval, Report, ReportState
from ..rules import is_late
from .checks import report_send_check

EDITABLE_STATES = {ReportState.DRAFT, ReportState.RETURNED}


class StaleReport(ValidationError):
    def __init__(self):
        super().__init__(
            _("Báo cáo vừa được người khác thay đổi. Hãy tải lại trang để xem bản mới."),
            code="conflict",
        )


def _is_member(user, report: Report, role: str) -> bool:
    return user.body_id == report.body_id and user.role == role


def head_approval_required(body) -> bool:
    """Whether the body's reports wait for its head: as the office set it, or, by
    default, only when the body has an active head account."""
    if body.head_approval == HeadApproval.AUTO:
        return has_active_head(body.pk)
    return body.head_approval == HeadApproval.REQUIRED


def can_approve(user, report: Report) -> bool:
    """The body's head, or an account of the body delegated to approve."""
    return (
        user.is_active
        and user.body_id == report.body_id
        and (user.role == Role.HEAD or user.can_approve)
    )


def waits_without_approver(report: Report) -> bool:
    """Submitted, waiting for a head, and nobody of the body can approve it."""
    return (
        report.state == ReportState.SUBMITTED
        and not approvers_of(report.body_id).exclude(pk=report.submitted_by_id).exists()
    )


def lock_report(report: Report, *, seen_version: int | None) -> Report:
    """The report, locked for update; refused if the period is locked or the page stale."""
    report = Report.objects.select_for_update().select_related("period").get(pk=report.pk)
    if report.period.locked_at:
        raise ValidationError(_("Kỳ báo cáo đã khóa sổ; không thể thay đổi."), code="locked")
    if seen_version is not None and seen_version != report.version:
        raise StaleReport()
    return report


def _save(report: Report, user, reason: str, now=None) -> Report:
    """Save the step and, in the same transaction, tell those concerned (``notify``)."""
    report.version += 1
    report._history_user = user
    report._change_reason = reason
    report.full_clean()
    report.save()
    report_step_notify(report=report, actor=user, now=now)
    return report


def _require_state(report: Report, states: set, message: str) -> None:
    if report.state not in states:
        raise ValidationError(message, code="state")


@transaction.atomic
def report_submit(
    *, report: Report, user, seen_version: int | None = None, now=None, confirm_empty=True
) -> Report:
    """The focal officer sends the report to the head. Late after the cut-off, for good.
    Refused while an item is inconsistent, or empty unless allowed (``checks``); the page
    passes the officer's answer as ``confirm_empty``."""
    report = lock_report(report, seen_version=seen_version)
    if not _is_member(user, report, Role.FOCAL):
        raise PermissionDenied
    _require_state(
        report, EDITABLE_STATES, _("Báo cáo đã gửi; chỉ gửi lại được sau khi bị trả lại.")
    )
    report_send_check(report, confirm_empty=confirm_empty, now=now)
    moment = clock.now(now)
    period = report.period
    report.late = report.late or is_late(
        submitted_at=moment, cutoff=period.cutoff, grace_until=period.grace_until
    )
    report.submitted_at = moment
    report.submitted_by = user
    report.returned_comment = ""
    report.returned_by_office = False
    _clear_approval(report)
    if not head_approval_required(report.body):
        report.state = ReportState.APPROVED
        _record_approval(report, Approval.NOT_REQUIRED, None, moment)
        return _save(report, user, "reporting.report.submitted_to_office", now)
    report.state = ReportState.SUBMITTED
    report = _save(report, user, "reporting.report.submitted", now)
    if waits_without_approver(report):
        report_no_approver_notify(report=report, actor=user, now=now)
    return report


def _clear_approval(report: Report) -> None:
    _record_approval(report, "", None, None)


def _record_approval(report: Report, how: str, user, moment, reason: str = "") -> None:
    report.approval = how
    report.approved_by = user
    report.approved_at = moment
    report.approval_reason = reason


@transaction.atomic
def report_approve(*, report: Report, user, seen_version: int | None = None, now=None) -> Report:
    """The head of the body (or a delegated deputy) approves a submitted report; it
    goes to the office. Nobody approves a report he sent himself."""
    report = lock_report(report, seen_version=seen_version)
    if not can_approve(user, report):
        raise PermissionDenied
    _require_state(report, {ReportState.SUBMITTED}, _("Chỉ duyệt được báo cáo đã gửi."))
    if report.submitted_by_id == user.pk:
        raise ValidationError(_("Người gửi báo cáo không tự duyệt được."), code="own")
    report.state = ReportState.APPROVED
    how = Approval.HEAD if user.role == Role.HEAD else Approval.DEPUTY
    _record_approval(report, how, user, clock.now(now))
    return _save(report, user, "reporting.report.approved", now)


@transaction.atomic
def report_approve_for_head(
    *, report: Report, user, reason: str, seen_version: int | None = None, now=None
) -> Report:
    """The office approves a submitted report on the head's behalf (the head is away,
    or the body has nobody who can approve), with the reason, recorded."""
    report = lock_report(report, seen_version=seen_version)
    if not is_office(user):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(_("Hãy ghi lý do duyệt thay lãnh đạo đơn vị."), code="reason")
    _require_state(report, {ReportState.SUBMITTED}, _("Chỉ duyệt được báo cáo đã gửi."))
    report.state = ReportState.APPROVED
    _record_approval(report, Approval.OFFICE, user, clock.now(now), reason.strip())
    return _save(report, user, "reporting.report.approved_for_head", now)


@transaction.atomic
def report_return(
    *, report: Report, user, comment: str, seen_version: int | None = None, now=None
) -> Report:
    """The head returns a submitted report, or the office an approved one, with a comment."""
    report = lock_report(report, seen_version=seen_version)
    if not comment.strip():
        raise ValidationError(_("Hãy ghi lý do trả lại."), code="comment")
    if is_office(user):
        _require_state(
            report, {ReportState.APPROVED}, _("Chỉ trả lại được báo cáo lãnh đạo đơn vị đã duyệt.")
        )
    elif can_approve(user, report):
        _require_state(report, {ReportState.SUBMITTED}, _("Chỉ trả lại được báo cáo đã gửi."))
    else:
        raise PermissionDenied
    report.state = ReportState.RETURNED
    report.returned_comment = comment.strip()
    report.returned_by_office = is_office(user)
    return _save(report, user, "reporting.report.returned", now)


@transaction.atomic
def report_accept(*, report: Report, user, seen_version: int | None = None, now=None) -> Report:
    """The office accepts an approved report."""
    report = lock_report(report, seen_version=seen_version)
    if not is_office(user):
        raise PermissionDenied
    _require_state(
        report, {ReportState.APPROVED}, _("Chỉ tiếp nhận được báo cáo lãnh đạo đơn vị đã duyệt.")
    )
    report.state = ReportState.ACCEPTED
    return _save(report, user, "reporting.report.accepted", now)


def approval_status(user, report: Report) -> dict:
    """What the report page says and offers about the body's approval."""
    return {
        "is_head": can_approve(user, report),
        "no_approver": waits_without_approver(report),
    }
