"""Notifications: one row per message, both the in-app notice and the e-mail outbox.

A row is made once — its ``key`` (rule, recipient, period, day) is unique in the
database, so a scheduler that runs twice, two workers that race or a restart after
a crash cannot make a second one — and is then delivered by the worker, which
claims it, sends it and records each attempt. The rules that decide what is due
live in ``rules.py`` (pure) and ``services/``.
"""

from datetime import time

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from theodoi.bodies.models import Body
from theodoi.core.audit import AuditedHistory
from theodoi.plans.models import Plan
from theodoi.reporting.models import Period, Report

from .defaults import DEFAULT_DAYS_BEFORE_TEXT


class Kind(models.TextChoices):
    BEFORE = "before", _("Nhắc trước hạn")
    CUTOFF_DAY = "cutoff_day", _("Nhắc sáng ngày hết hạn")
    OVERDUE = "overdue", _("Báo cáo quá hạn")
    ESCALATION = "escalation", _("Báo cáo quá hạn nhiều ngày")
    SUBMITTED = "submitted", _("Báo cáo chờ duyệt")
    RETURNED = "returned", _("Báo cáo bị trả lại")
    APPROVED = "approved", _("Báo cáo chờ tiếp nhận")
    ACCEPTED = "accepted", _("Báo cáo đã được tiếp nhận")
    DIGEST = "digest", _("Tổng hợp hằng tuần")
    CHASE = "chase", _("Thường trực nhắc báo cáo")
    WELCOME = "welcome", _("Tài khoản mới")
    COMMENT = "comment", _("Ý kiến về báo cáo")
    LETTER = "letter", _("Công văn đôn đốc")
    EXPLAIN = "explain", _("Yêu cầu giải trình")
    EXPLAINED = "explained", _("Đã giải trình")
    RESET = "reset", _("Đặt lại mật khẩu")


class EmailState(models.TextChoices):
    PENDING = "pending", _("Chờ gửi")
    SENDING = "sending", _("Đang gửi")
    SENT = "sent", _("Đã gửi đi")
    FAILED = "failed", _("Gửi không được")
    NO_ADDRESS = "no_address", _("Không có địa chỉ thư")


class Notification(models.Model):
    """A message to one person: shown under the bell, and e-mailed."""

    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    day = models.DateField(_("ngày"))
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, null=True, blank=True)
    period = models.ForeignKey(Period, on_delete=models.CASCADE, null=True, blank=True)
    report = models.ForeignKey(Report, on_delete=models.CASCADE, null=True, blank=True)
    body = models.ForeignKey(Body, on_delete=models.CASCADE, null=True, blank=True)
    actor = models.ForeignKey(  # who caused it (an event); none for the scheduler's notices
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    subject = models.CharField(_("tiêu đề"), max_length=300)
    link = models.CharField(max_length=500, blank=True)  # a path of the site
    context = models.JSONField(default=dict)  # what the message says; rendered when sent
    attachment = models.FileField(upload_to="outbox/%Y/%m/", blank=True)  # sent with the e-mail
    attachment_name = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"))
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    email_state = models.CharField(
        _("thư điện tử"), max_length=10, choices=EmailState.choices, default=EmailState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)  # a worker holds it until then
    sent_at = models.DateTimeField(_("gửi được lúc"), null=True, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notify_unread"),
            models.Index(fields=["email_state", "next_attempt_at"], name="notify_due"),
        ]
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")

    def __str__(self) -> str:
        return self.subject


class DeliveryAttempt(models.Model):
    """One try to hand a message to the SMTP server, kept for the outbox."""

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="delivery_attempts"
    )
    at = models.DateTimeField(_("lúc"))
    ok = models.BooleanField(_("thành công"))
    error = models.TextField(_("lỗi"), blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.notification_id} {self.at:%Y-%m-%d %H:%M} {'ok' if self.ok else self.error}"


class ReminderPolicy(models.Model):
    """When a plan's bodies are reminded; a plan without one uses the defaults.

    ``days_before`` counts working days before the cut-off day, so that no reminder
    falls on a weekend or a holiday and two never fall on the same day.
    """

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="reminder_policy")
    enabled = models.BooleanField(_("gửi nhắc việc cho kế hoạch này"), default=True)
    days_before = models.CharField(
        _("nhắc trước hạn (số ngày làm việc, cách nhau bởi dấu phẩy)"),
        max_length=50,
        default=DEFAULT_DAYS_BEFORE_TEXT,
    )
    cutoff_morning = models.BooleanField(_("nhắc vào sáng ngày hết hạn"), default=True)
    overdue_daily = models.BooleanField(
        _("sau hạn: nhắc mỗi ngày làm việc đầu mối và lãnh đạo đơn vị"), default=True
    )
    escalate_after = models.PositiveSmallIntegerField(
        _("quá hạn bao nhiêu ngày làm việc thì báo thường trực và thành viên phụ trách"),
        default=3,
    )
    send_at = models.TimeField(_("giờ gửi trong ngày"), default=time(7, 30))
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(bases=[AuditedHistory])

    class Meta:
        verbose_name = _("lịch nhắc việc")
        verbose_name_plural = _("lịch nhắc việc")

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.days_before}"


class Preference(models.Model):
    """What a person chose to receive. Overdue notices cannot be turned off."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notify_preference"
    )
    digest = models.BooleanField(_("nhận bản tổng hợp hằng tuần"), default=True)
    history = HistoricalRecords(bases=[AuditedHistory])

    def __str__(self) -> str:
        return f"{self.user_id}: digest={self.digest}"


class ResetRequest(models.Model):
    """One “Quên mật khẩu” request, counted by every server process alike (the limit
    of ``services.reset``). The address and the client are kept only as keyed hashes,
    for an hour; the scheduler deletes older rows. No history: written by the system."""

    at = models.DateTimeField()
    email_hash = models.CharField(max_length=64)
    client_hash = models.CharField(max_length=64)

    class Meta:
        indexes = [
            models.Index(fields=["email_hash", "at"], name="notify_reset_email"),
            models.Index(fields=["client_hash", "at"], name="notify_reset_client"),
            models.Index(fields=["at"], name="notify_reset_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.email_hash[:8]} {self.client_hash[:8]}"
