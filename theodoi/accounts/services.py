"""Writes to accounts, and the demo set-up."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from theodoi.bodies.models import Body, BodyKind
from theodoi.bodies.services import registry_load_defaults

from .models import Role, User

DEMO_PASSWORD = "theodoi-demo"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: str
    body_name: str | None
    position: str


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
    ]


@transaction.atomic
def demo_load() -> list[tuple[DemoAccount, bool]]:
    """Load the registry and the demo accounts. Idempotent: a second run changes nothing."""
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
        results.append((account, created))
    return results
