from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from theodoi.core.audit import AuditedHistory
from theodoi.core.roles import Role


class User(AbstractUser):
    """A person; belongs to one body with one role.

    A viewer (the chair, a committee or working-group member) may be given the
    bodies he or she oversees; a viewer with none listed oversees every body.
    """

    body = models.ForeignKey(
        "bodies.Body",
        verbose_name=_("cơ quan, đơn vị"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices, default=Role.FOCAL)
    position = models.CharField(_("chức vụ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    can_approve = models.BooleanField(
        _("được ủy quyền duyệt"),
        default=False,
        help_text=_("Duyệt hoặc trả lại báo cáo của đơn vị thay lãnh đạo (cấp phó)."),
    )
    overseen_bodies = models.ManyToManyField(
        "bodies.Body", verbose_name=_("đơn vị theo dõi"), blank=True, related_name="overseers"
    )
    history = HistoricalRecords(bases=[AuditedHistory], excluded_fields=["last_login", "password"])

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    role__in=[Role.OFFICE, Role.FOCAL, Role.HEAD], body__isnull=False
                )
                | models.Q(role__in=[Role.VIEWER, Role.ADMIN]),
                name="user_body_required_for_body_roles",
            )
        ]

    def get_full_name(self) -> str:
        """Vietnamese order: family name first (``Nguyễn Văn`` + ``Thường``)."""
        return f"{self.last_name} {self.first_name}".strip()

    @property
    def is_focal(self) -> bool:
        return self.role == Role.FOCAL

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username
