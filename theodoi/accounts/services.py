"""Writes to accounts, and the demo set-up."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from theodoi.bodies.models import Body, BodyKind
from theodoi.bodies.services import registry_load_defaults
from theodoi.core.access import is_office
from theodoi.core.concurrency import check_unchanged
from theodoi.plans.services.demo import demo_plans_load

from .models import Role, User

DEMO_PASSWORD = "theodoi-demo"
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
BODY_ROLES = {Role.OFFICE, Role.FOCAL, Role.HEAD}


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: str
    body_name: str | None
    position: str
    overseen: tuple[str, ...] = ()  # a working-group member's bodies


def demo_accounts() -> list[DemoAccount]:
    """One account per role; ``daumoi.xa`` belongs to the first xã of the registry."""
    communes = Body.objects.filter(kind=BodyKind.COMMUNE, active=True).order_by("name")
    commune = communes.filter(name__startswith="Xã ").first() or communes.first()
    return [
        DemoAccount(
            "thuongtruc",
            "Nguyễn Văn Thường",
            Role.OFFICE,
            "Sở Khoa học và Công nghệ",
            "Chuyên viên thường trực",
        ),
        DemoAccount("daumoi", "Trần Thị Mai", Role.FOCAL, "Sở Tài chính", "Chuyên viên đầu mối"),
        DemoAccount("lanhdao", "Lê Văn Hùng", Role.HEAD, "Sở Tài chính", "Giám đốc Sở"),
        DemoAccount(
            "daumoi.xa", "Phạm Văn Xuân", Role.FOCAL, commune and commune.name, "Công chức đầu mối"
        ),
        DemoAccount("chutich", "Hồ Văn Mừng", Role.VIEWER, None, "Chủ tịch UBND tỉnh, Trưởng Ban"),
        DemoAccount(
            "uyvien",
            "Đỗ Thị Lan",
            Role.VIEWER,
            None,
            "Thành viên Tổ công tác",
            ("Sở Tài chính", commune.name) if commune else ("Sở Tài chính",),
        ),
    ]


@transaction.atomic
def demo_load() -> list[tuple[DemoAccount, bool]]:
    """Load the registry, the demo accounts and the sample plans (read and published).

    Idempotent: a second run changes nothing. ``THEODOI_DEMO_PLANS = False`` (the
    test settings) leaves the plans out, so that tests start without plans.
    """
    if not settings.THEODOI_DEMO:
        raise ImproperlyConfigured(
            "Dữ liệu mẫu chỉ được nạp khi THEODOI_DEMO=1 (máy thử nghiệm, không phải máy thật)."
        )
    registry_load_defaults()
    results = []
    for account in demo_accounts():
        first, _sep, last = account.full_name.rpartition(" ")
        user, created = User.objects.get_or_create(
            username=account.username,
            defaults={
                "first_name": last,
                "last_name": first,
                "email": f"{account.username}@theodoi.local",
                "role": account.role,
                "position": account.position,
                "body": Body.objects.get(name=account.body_name) if account.body_name else None,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            user.overseen_bodies.set(Body.objects.filter(name__in=account.overseen))
        results.append((account, created))
    if getattr(settings, "THEODOI_DEMO_PLANS", True):
        demo_plans_load(user=User.objects.get(username="thuongtruc"))
    return results


@transaction.atomic
def user_save(*, user: User | None, data: dict, seen_fingerprint: str = "") -> User:
    """Create an account (``user=None``) or update one the office saw as ``seen_fingerprint``.

    A new account has no password: the caller queues its welcome e-mail, with a link to
    set one (``notify.services.welcome``), in the same transaction.
    """
    created = user is None
    if created:
        user = User()
        user.set_unusable_password()
    else:
        user = User.objects.select_for_update().get(pk=user.pk)
        check_unchanged(user, USER_FIELDS, seen_fingerprint)
    overseen = data["overseen_bodies"]
    for field_name in USER_FIELDS:
        if field_name != "overseen_bodies":
            setattr(user, field_name, data[field_name])
    user.full_clean()
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
    account._history_user = actor
    account._change_reason = (
        "accounts.user.approval_delegated" if allowed else "accounts.user.approval_withdrawn"
    )
    account.save(update_fields=["can_approve"])
    return account
