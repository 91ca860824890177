"""A report's way through its states, each step one service in one transaction.

draft → submitted (focal officer of the body) → approved (head of the body) or
returned (head, with a comment) → accepted (office) or returned (office, with a
comment). A returned report goes back to its focal officer. Nothing changes in a
locked period; a stale page (``seen_version``) is refused, never overwritten.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from theodoi.accounts.models import Role
from theodoi.core import clock
from theodoi.core.access import is_office
from theodoi.notify.services.events import report_step_notify

from ..models import Report, ReportState
from ..rules import is_late

EDITABLE_STATES = {ReportState.DRAFT, ReportState.RETURNED}


class StaleReport(ValidationError):
    def __init__(self):
        super().__init__(
            _("Báo cáo vừa được người khác thay đổi. Hãy tải lại trang để xem bản mới."),
            code="conflict",
        )


def _is_member(user, report: Report, role: str) -> bool:
    return user.body_id == report.body_id and user.role == role


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
def report_submit(*, report: Report, user, seen_version: int | None = None, now=None) -> Report:
    """The focal officer sends the report to the head. Late after the cut-off, for good."""
    report = lock_report(report, seen_version=seen_version)
    if not _is_member(user, report, Role.FOCAL):
        raise PermissionDenied
    _require_state(
        report, EDITABLE_STATES, _("Báo cáo đã gửi; chỉ gửi lại được sau khi bị trả lại.")
    )
    moment = clock.now(now)
    period = report.period
    report.late = report.late or is_late(
        submitted_at=moment, cutoff=period.cutoff, grace_until=period.grace_until
    )
    report.state = ReportState.SUBMITTED
    report.submitted_at = moment
    report.returned_comment = ""
    report.returned_by_office = False
    return _save(report, user, "reporting.report.submitted", now)


@transaction.atomic
def report_approve(*, report: Report, user, seen_version: int | None = None, now=None) -> Report:
    """The head of the body approves a submitted report; it goes to the office."""
    report = lock_report(report, seen_version=seen_version)
    if not _is_member(user, report, Role.HEAD):
        raise PermissionDenied
    _require_state(report, {ReportState.SUBMITTED}, _("Chỉ duyệt được báo cáo đã gửi."))
    report.state = ReportState.APPROVED
    return _save(report, user, "reporting.report.approved", now)


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
    elif _is_member(user, report, Role.HEAD):
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
