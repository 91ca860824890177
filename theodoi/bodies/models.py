from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from theodoi.core.audit import AuditedHistory


class BodyKind(models.TextChoices):
    DEPARTMENT = "department", _("Sở, ban, ngành tỉnh")
    COMMUNE = "commune", _("Xã, phường, đặc khu")
    CENTRAL = "central", _("Cơ quan Trung ương đóng trên địa bàn")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    SCHOOL = "school", _("Trường học")
    OTHER = "other", _("Khác")


class HeadApproval(models.TextChoices):
    AUTO = "auto", _("Tự động: cần khi đơn vị có tài khoản lãnh đạo")
    REQUIRED = "required", _("Bắt buộc")
    NOT_REQUIRED = "not_required", _("Không cần: báo cáo chuyển thẳng tới thường trực")


class Body(models.Model):
    """A body that plans name: a department, a commune-level unit, a central body…"""

    name = models.CharField(_("tên chính thức"), max_length=255, unique=True)
    aliases = models.JSONField(_("tên viết tắt, tên khác"), default=list, blank=True)
    kind = models.CharField(_("loại"), max_length=20, choices=BodyKind.choices)
    code = models.CharField(_("mã"), max_length=20, blank=True)
    active = models.BooleanField(
        _("đang hoạt động"), default=True, help_text=_("Đơn vị đã sáp nhập vẫn giữ để tra cứu.")
    )
    head_approval = models.CharField(
        _("Lãnh đạo đơn vị duyệt báo cáo"),
        max_length=12,
        choices=HeadApproval.choices,
        default=HeadApproval.AUTO,
    )
    history = HistoricalRecords(bases=[AuditedHistory])

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("bodies:detail", args=[self.pk])


class GroupRule(models.TextChoices):
    KINDS = "kinds", _("Mọi đơn vị thuộc loại")
    LISTED = "listed", _("Danh sách đơn vị")
    VAGUE = "vague", _("Chưa rõ — cần chọn khi nhập kế hoạch")


class Group(models.Model):
    """A name that plans write for several bodies at once.

    ``Sở, ban, ngành tỉnh`` means every department (rule ``kinds``),
    ``Các doanh nghiệp viễn thông`` a listed set, ``Các Sở ngành liên quan`` no
    definite set: the office must choose when a plan is imported (``vague``).
    """

    name = models.CharField(_("tên nhóm"), max_length=255, unique=True)
    aliases = models.JSONField(_("cách viết khác"), default=list, blank=True)
    rule = models.CharField(_("cách xác định"), max_length=10, choices=GroupRule.choices)
    kinds = models.JSONField(_("loại đơn vị"), default=list, blank=True)
    members = models.ManyToManyField(Body, blank=True, related_name="listed_in_groups")
    history = HistoricalRecords(bases=[AuditedHistory], m2m_fields=[members])

    class Meta:
        ordering = ["name"]
        verbose_name = _("nhóm đơn vị")
        verbose_name_plural = _("nhóm đơn vị")

    def __str__(self) -> str:
        return self.name

    @property
    def needs_choice(self) -> bool:
        return self.rule == GroupRule.VAGUE

    def member_bodies(self):
        """The active bodies the group stands for (none for a vague group)."""
        if self.rule == GroupRule.KINDS:
            return Body.objects.filter(kind__in=self.kinds, active=True)
        if self.rule == GroupRule.LISTED:
            return self.members.filter(active=True)
        return Body.objects.none()
