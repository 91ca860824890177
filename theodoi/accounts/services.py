"""Writes to accounts."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from theodoi.core.access import is_office
from theodoi.core.audit import audit
from theodoi.core.concurrency import check_unchanged

from .models import Role, User

USER_FIELDS = [
    "username",
    "last_name",
    "first_name",
    "email",
    "body",
    "role",
    "position",
    "phone",
    "can_approve",
    "overseen_bodies",
    "is_active",
]


@transaction.atomic
def user_save(*, user: User | None, data: dict, seen_version: str | None = None) -> User:
    """Create an account (``user=None``) or update one the office saw as ``seen_version``.

    A new account has no password: the caller announces it (``signals.accounts_created``)
    and notify queues its welcome e-mail, with a link to set one, once it is committed.
    """
    created = user is None
    if created:
        user = User()
        user.set_unusable_password()
    else:
        user = User.objects.select_for_update().get(pk=user.pk)
        check_unchanged(user, seen_version, USER_FIELDS)
    overseen = data["overseen_bodies"]
    for field_name in USER_FIELDS:
        if field_name != "overseen_bodies":
            setattr(user, field_name, data[field_name])
    user.full_clean()
    audit(user, None, "accounts.user.created" if created else "accounts.user.saved")
    user.save()
    user.overseen_bodies.set(overseen if user.role == Role.VIEWER else [])
    return user


@transaction.atomic
def user_delegate_approval(*, account: User, allowed: bool, actor: User) -> User:
    """Allow (or stop) an account of a body to approve its reports like the head.

    The office may, and so may a head of the same body; only active accounts of the
    body's own people (focal officers) are delegated — a head approves anyway.
    """
    account = User.objects.select_for_update().get(pk=account.pk)
    actor_is_head = actor.role == Role.HEAD and actor.body_id == account.body_id
    if not (is_office(actor) or actor_is_head):
        raise PermissionDenied
    if allowed and (account.role != Role.FOCAL or not account.is_active):
        raise ValidationError(
            _("Chỉ ủy quyền duyệt được cho cán bộ đầu mối đang hoạt động của đơn vị.")
        )
    account.can_approve = allowed
    action = "accounts.user.approval_delegated" if allowed else "accounts.user.approval_withdrawn"
    audit(account, actor, action)
    account.save(update_fields=["can_approve"])
    return account
