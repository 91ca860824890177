"""A plan's reminder policy as the office edits it (``ReminderPolicy``).

A plan without a row follows the defaults; the first save creates the row. The
form carries the version it showed (0: the defaults), and a save over a newer
version is refused, never overwritten.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from theodoi.core.access import is_office
from theodoi.core.audit import audit
from theodoi.core.concurrency import EditConflict, check_unchanged

from ..models import ReminderPolicy
from ..rules import parse_days_before

POLICY_FIELDS = [
    "enabled",
    "days_before",
    "cutoff_morning",
    "overdue_daily",
    "escalate_after",
    "send_at",
]
MAX_ESCALATE_AFTER = 30


def policy_of(plan) -> ReminderPolicy:
    """The plan's policy, or an unsaved one with the defaults (``version`` 0)."""
    policy = ReminderPolicy.objects.filter(plan=plan).first()
    return policy or ReminderPolicy(plan=plan, version=0)


def days_before_text(text: str) -> str:
    """``" 1, 7;3"`` → ``"7,3,1"``; ``ValueError`` if it is not a list of 1…30."""
    return ",".join(str(day) for day in parse_days_before(text))


@transaction.atomic
def policy_save(*, plan, data: dict, user, seen_version: int | str) -> ReminderPolicy:
    """Save the office's policy for ``plan``; refused if someone saved since it was shown
    (``seen_version``: 0 for the defaults)."""
    if not is_office(user):
        raise ValidationError(_("Chỉ thường trực được sửa lịch nhắc việc."), code="forbidden")
    policy = ReminderPolicy.objects.select_for_update().filter(plan=plan).first()
    if policy is None:
        policy = ReminderPolicy(plan=plan, version=0)
    check_unchanged(policy, seen_version)
    for field in POLICY_FIELDS:
        setattr(policy, field, data[field])
    try:
        policy.days_before = days_before_text(policy.days_before)
    except ValueError:
        raise ValidationError({"days_before": days_before_error()}) from None
    if not 0 <= policy.escalate_after <= MAX_ESCALATE_AFTER:
        raise ValidationError({"escalate_after": escalate_error()})
    policy.version += 1
    audit(policy, user, "notify.policy.saved")
    policy.full_clean()
    try:
        with transaction.atomic():
            policy.save()
    except IntegrityError:  # another office created the plan's row at the same moment
        raise EditConflict() from None
    return policy


def days_before_error() -> str:
    return _("Nhập các số ngày làm việc từ 1 đến 30, cách nhau bởi dấu phẩy, ví dụ 7,3,1")


def escalate_error() -> str:
    return _("Nhập số ngày làm việc từ 0 đến 30 (0: không báo lên).")
