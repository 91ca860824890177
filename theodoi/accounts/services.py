"""Writes to accounts."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from theodoi.bodies.validators import has_control_characters, name_error
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


# How much a role may do: nobody grants (or edits an account of) a role above his own.
# The office does all a viewer, a head or a focal officer does; the administrator more.
ROLE_RANK = {Role.FOCAL: 1, Role.HEAD: 1, Role.VIEWER: 1, Role.OFFICE: 2, Role.ADMIN: 3}
NAME_FIELDS = ["username", "last_name", "first_name", "position"]


def role_rank(user: User) -> int:
    return ROLE_RANK[Role.ADMIN] if user.is_superuser else ROLE_RANK.get(user.role, 0)


def is_admin(user: User) -> bool:
    return role_rank(user) >= ROLE_RANK[Role.ADMIN]


def check_role_change(*, actor: User, account: User | None, role: str) -> None:
    """Refuse (``ValidationError`` on ``role``) what would raise anybody above ``actor``:
    a role above his own, any change of an existing account's role unless he is the
    administrator, and any edit of an account above him (its e-mail, then a password
    reset, would hand it over)."""
    if account is not None and role_rank(account) > role_rank(actor):
        raise ValidationError(
            {"role": _("Chỉ quản trị hệ thống được sửa tài khoản có vai trò cao hơn của mình.")}
        )
    if ROLE_RANK.get(role, 0) > role_rank(actor):
        raise ValidationError({"role": _("Không thể cấp vai trò cao hơn vai trò của chính mình.")})
    if account is not None and account.role != role and not is_admin(actor):
        raise ValidationError({"role": _("Chỉ quản trị hệ thống được đổi vai trò của tài khoản.")})


def check_names(values: dict) -> None:
    """A person's names hold no control characters (a line break in a name breaks
    every e-mail header it goes into)."""
    errors = {
        field: name_error()
        for field in NAME_FIELDS
        if field in values and has_control_characters(values[field])
    }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def user_save(
    *, user: User | None, data: dict, actor: User, seen_version: str | None = None
) -> User:
    """Create an account (``user=None``) or update one the office saw as ``seen_version``.

    A new account has no password: the caller announces it (``signals.accounts_created``)
    and notify queues its welcome e-mail, with a link to set one, once it is committed.
    ``actor`` may not raise anybody above himself (``check_role_change``).
    """
    created = user is None
    if created:
        user = User()
        user.set_unusable_password()
    else:
        user = User.objects.select_for_update().get(pk=user.pk)
        check_unchanged(user, seen_version, USER_FIELDS)
    check_role_change(actor=actor, account=None if created else user, role=data["role"])
    check_names(data)
    overseen = data["overseen_bodies"]
    for field_name in USER_FIELDS:
        if field_name != "overseen_bodies":
            setattr(user, field_name, data[field_name])
    user.full_clean()
    audit(user, actor, "accounts.user.created" if created else "accounts.user.saved")
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
