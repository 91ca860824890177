"""Reads of accounts: who may approve a body's reports, which bodies have accounts."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from .models import Role, User


def approvers_of(body_id: int):
    """The active people who may approve the body's reports: its heads and the
    accounts the office or a head delegated (``can_approve``)."""
    return User.objects.filter(
        Q(role=Role.HEAD) | Q(can_approve=True), body_id=body_id, is_active=True
    )


def has_active_head(body_id: int) -> bool:
    return User.objects.filter(body_id=body_id, role=Role.HEAD, is_active=True).exists()


# The body list's filter on accounts: its value in the address, its label, its rule.
COVERAGE_FILTERS = {
    "chua-co": (_("Chưa có tài khoản"), Q(focal_count=0, head_count=0)),
    "thieu-dau-moi": (_("Chưa có đầu mối"), Q(focal_count=0)),
    "thieu-lanh-dao": (_("Chưa có lãnh đạo"), Q(head_count=0)),
}


def with_account_counts(bodies, *, coverage: str = ""):
    """The bodies, each with how many active focal officers, heads and delegated
    approvers it has (one query, whatever the number of bodies); ``coverage``
    keeps those that lack accounts (a key of ``COVERAGE_FILTERS``)."""
    active = Q(users__is_active=True)
    bodies = bodies.annotate(
        focal_count=Count("users", filter=active & Q(users__role=Role.FOCAL)),
        head_count=Count("users", filter=active & Q(users__role=Role.HEAD)),
        deputy_count=Count(
            "users", filter=active & Q(users__can_approve=True) & ~Q(users__role=Role.HEAD)
        ),
    )
    if coverage in COVERAGE_FILTERS:
        bodies = bodies.filter(COVERAGE_FILTERS[coverage][1])
    return bodies
