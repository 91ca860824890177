from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    OFFICE = "office", _("Thường trực (cơ quan thường trực)")
    FOCAL = "focal", _("Đầu mối của đơn vị")
    HEAD = "head", _("Lãnh đạo đơn vị")
    VIEWER = "viewer", _("Lãnh đạo Ban Chỉ đạo, thành viên")
    ADMIN = "admin", _("Quản trị hệ thống")


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
    history = HistoricalRecords(excluded_fields=["last_login", "password"])

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=["office", "focal", "head"], body__isnull=False)
                | models.Q(role__in=["viewer", "admin"]),
                name="user_body_required_for_body_roles",
            )
        ]

    def oversees(self, body) -> bool:
        overseen = self.overseen_bodies.all()
        return not overseen.exists() or overseen.filter(pk=body.pk).exists()

    def get_full_name(self) -> str:
        """Vietnamese order: family name first (``Nguyễn Văn`` + ``Thường``)."""
        return f"{self.last_name} {self.first_name}".strip()

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username
