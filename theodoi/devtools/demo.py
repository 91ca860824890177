"""The demo's accounts, one per role, and the demo set-up (``theodoi demo``)."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from theodoi.accounts.models import Role, User
from theodoi.bodies.models import Body, BodyKind
from theodoi.bodies.services import registry_load_defaults

from .demo_plans import demo_plans_load
from .demo_reports import demo_reports_load

DEMO_PASSWORD = "theodoi-demo"


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
        if getattr(settings, "THEODOI_DEMO_REPORTS", True):
            # once the plans are committed, so that each report step commits by itself
            transaction.on_commit(demo_reports_load)
    return results
