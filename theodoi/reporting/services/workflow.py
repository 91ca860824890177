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

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from theodoi.accounts.models import Role
from theodoi.accounts.selectors import approvers_of, has_active_head
from theodoi.bodies.models import HeadApproval
from theodoi.core import clock
from theodoi.core.access import is_office
from theodoi.core.audit import audit
from theodoi.core.concurrency import check_unchanged

from ..models import Approval, Period, Report, ReportState
from ..rules import is_late
from ..signals import report_moved, report_without_approver, send_after_commit
from .checks import report_send_check

EDITABLE_STATES = {ReportState.DRAFT, ReportState.RETURNED}


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


def lock_report_row(report: Report) -> Report:
    """The report's row, locked for update — its row only: a lock on its period's row
    too (a plain ``select_related`` under ``select_for_update``) would make every
    body's save of the period wait for every other's on PostgreSQL."""
    return Report.objects.select_for_update(of=("self",)).get(pk=report.pk)


def lock_report(report: Report, *, seen_version: int | str | None) -> Report:
    """The report, locked for update; refused if the period is locked or the page stale
    (``core.concurrency``; a step posted without ``seen_version`` is not compared).

    The period is read after the lock, by a statement of its own: one that waited for
    the lock sees a closing of the books that held it (``periods.period_lock`` locks
    the period's reports before it closes them)."""
    report = lock_report_row(report)
    report.period = Period.objects.get(pk=report.period_id)
    if report.period.locked_at:
        raise ValidationError(_("Kỳ báo cáo đã khóa sổ; không thể thay đổi."), code="locked")
    if seen_version is not None:
        check_unchanged(report, seen_version)
    return report


# --- Which steps a user may take on a report: one rule for the page and the services --


def _is_focal(user, report: Report) -> bool:
    return _is_member(user, report, Role.FOCAL)


def _is_office(user, report: Report) -> bool:
    return is_office(user)


@dataclass(frozen=True)
class ReportAction:
    """A step of the workflow: who may take it, from which states, and how the page
    offers it (a button; with a text box when the step needs a reason)."""

    code: str  # the view's ``action`` and the services' name for the step
    label: str
    url_name: str
    who: Callable  # (user, report) -> bool
    states: frozenset
    refused: str  # why the step is refused in another state
    style: str = ""  # "primary": the step the page proposes first
    reason: str = ""  # the POST field of the reason the step needs, if any
    reason_label: str = ""


SUBMITTED = frozenset({ReportState.SUBMITTED})
APPROVED = frozenset({ReportState.APPROVED})

# In the order the page shows them; for one code, the first whose ``who`` matches applies
# (the office returns an approved report, the head a submitted one).
ACTIONS = [
    ReportAction(
        "submit",
        gettext_lazy("Gửi báo cáo"),
        "reporting:report_submit",
        _is_focal,
        frozenset(EDITABLE_STATES),
        gettext_lazy("Báo cáo đã gửi; chỉ gửi lại được sau khi bị trả lại."),
        style="primary",
    ),
    ReportAction(
        "approve_for_head",
        gettext_lazy("Thường trực duyệt thay"),
        "reporting:report_approve_for_head",
        _is_office,
        SUBMITTED,
        gettext_lazy("Chỉ duyệt được báo cáo đã gửi."),
        reason="reason",
        reason_label=gettext_lazy("Lý do duyệt thay lãnh đạo đơn vị"),
    ),
    ReportAction(
        "approve",
        gettext_lazy("Duyệt"),
        "reporting:report_approve",
        lambda user, report: can_approve(user, report),
        SUBMITTED,
        gettext_lazy("Chỉ duyệt được báo cáo đã gửi."),
        style="primary",
    ),
    ReportAction(
        "accept",
        gettext_lazy("Tiếp nhận"),
        "reporting:report_accept",
        _is_office,
        APPROVED,
        gettext_lazy("Chỉ tiếp nhận được báo cáo lãnh đạo đơn vị đã duyệt."),
        style="primary",
    ),
    ReportAction(
        "return",
        gettext_lazy("Trả lại"),
        "reporting:report_return",
        _is_office,
        APPROVED,
        gettext_lazy("Chỉ trả lại được báo cáo lãnh đạo đơn vị đã duyệt."),
        reason="comment",
        reason_label=gettext_lazy("Lý do trả lại"),
    ),
    ReportAction(
        "return",
        gettext_lazy("Trả lại"),
        "reporting:report_return",
        lambda user, report: can_approve(user, report),
        SUBMITTED,
        gettext_lazy("Chỉ trả lại được báo cáo đã gửi."),
        reason="comment",
        reason_label=gettext_lazy("Lý do trả lại"),
    ),
]


def _action_of(user, report: Report, code: str) -> ReportAction | None:
    """The step ``code`` as it applies to ``user`` (None: not his to take)."""
    return next((a for a in ACTIONS if a.code == code and a.who(user, report)), None)


def report_actions(report: Report, user) -> list[ReportAction]:
    """The steps ``user`` may take on the report now — the buttons the page shows, and
    the only steps the services accept. None in a locked period."""
    if report.period.locked_at or not user.is_authenticated:
        return []
    found = []
    for code in dict.fromkeys(a.code for a in ACTIONS):
        action = _action_of(user, report, code)
        if action is not None and report.state in action.states:
            found.append(action)
    return found


def _allowed(report: Report, user, code: str) -> ReportAction:
    """Refuse a step not in ``report_actions``: not the user's (``PermissionDenied``),
    or not from the report's state (a ``ValidationError`` saying why)."""
    action = _action_of(user, report, code)
    if action is None:
        raise PermissionDenied
    return action


def _require_step(report: Report, action: ReportAction) -> None:
    if report.state not in action.states:
        raise ValidationError(str(action.refused), code="state")


def _save(report: Report, user, reason: str, now=None) -> Report:
    """Save the step; once it commits, those concerned are told (``signals.report_moved``)."""
    report.version += 1
    audit(report, user, reason)
    report.full_clean()
    report.save()
    send_after_commit(report_moved, Report, report=report, actor=user, now=now)
    return report


@transaction.atomic
def report_submit(
    *, report: Report, user, seen_version: int | None = None, now=None, confirm_empty=True
) -> Report:
    """The focal officer sends the report to the head. Late after the cut-off, for good.
    Refused while an item is inconsistent, or empty unless allowed (``checks``); the page
    passes the officer's answer as ``confirm_empty``."""
    report = lock_report(report, seen_version=seen_version)
    _require_step(report, _allowed(report, user, "submit"))
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
        send_after_commit(report_without_approver, Report, report=report, actor=user, now=now)
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
    _require_step(report, _allowed(report, user, "approve"))
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
    action = _allowed(report, user, "approve_for_head")
    if not reason.strip():
        raise ValidationError(_("Hãy ghi lý do duyệt thay lãnh đạo đơn vị."), code="reason")
    _require_step(report, action)
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
    _require_step(report, _allowed(report, user, "return"))
    report.state = ReportState.RETURNED
    report.returned_comment = comment.strip()
    report.returned_by_office = is_office(user)
    return _save(report, user, "reporting.report.returned", now)


@transaction.atomic
def report_accept(*, report: Report, user, seen_version: int | None = None, now=None) -> Report:
    """The office accepts an approved report."""
    report = lock_report(report, seen_version=seen_version)
    _require_step(report, _allowed(report, user, "accept"))
    report.state = ReportState.ACCEPTED
    return _save(report, user, "reporting.report.accepted", now)
