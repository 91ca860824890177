"""The reporting cycle: days off, a plan's reporting rules and periods, each body's
report with an item per assigned task and a value per KPI it leads, evidence files.

Workflow of a report: draft → submitted (focal officer) → approved (head) or
returned → accepted (office) or returned. Rules live in ``rules.py`` (pure) and
``services/``; these models only hold the state.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from theodoi.bodies.models import Body
from theodoi.core.audit import AuditedHistory
from theodoi.lib.dates import format_date
from theodoi.plans.models import Assignment, DutyFrequency, Indicator, Plan


class DayKind(models.TextChoices):
    OFF = "off", _("Ngày nghỉ")
    WORKING = "working", _("Ngày làm việc bù")


class Holiday(models.Model):
    """A public day off (Tết, Giỗ Tổ…), or a Saturday made a working day in exchange.

    Seeded for 2025–2027 from the ``holidays`` library; the admin corrects it when
    the government fixes the year's days off.
    """

    date = models.DateField(_("ngày"), unique=True)
    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(_("loại"), max_length=10, choices=DayKind.choices, default=DayKind.OFF)
    history = HistoricalRecords(bases=[AuditedHistory])

    class Meta:
        ordering = ["date"]
        verbose_name = _("ngày nghỉ lễ")
        verbose_name_plural = _("ngày nghỉ lễ")

    def __str__(self) -> str:
        return f"{format_date(self.date)} {self.name}"


class ReportingRule(models.Model):
    """How often a plan's bodies report and by when (from the document, editable).

    The data window of a monthly period runs, by default, from ``window_start_day``
    of the previous month to the day before it in the period's month
    (Nghị định 09/2019/NĐ-CP: 15th to 14th). The cut-off is ``due_day`` at
    ``due_time`` in Asia/Ho_Chi_Minh; on a day off it stays, or moves to the next
    working day when ``move_off_days`` is set.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reporting_rules")
    frequency = models.CharField(_("tần suất"), max_length=12, choices=DutyFrequency.choices)
    due_day = models.PositiveSmallIntegerField(_("hạn nộp: ngày"), null=True, blank=True)
    due_time = models.TimeField(_("hạn nộp: giờ"), null=True, blank=True)
    due_date = models.DateField(_("hạn nộp (một lần)"), null=True, blank=True)
    window_start_day = models.PositiveSmallIntegerField(_("số liệu tính từ ngày"), default=15)
    move_off_days = models.BooleanField(
        _("hạn rơi vào ngày nghỉ thì lùi sang ngày làm việc kế tiếp"), default=False
    )
    recipient = models.CharField(_("gửi"), max_length=500, blank=True)
    history = HistoricalRecords(bases=[AuditedHistory])

    class Meta:
        verbose_name = _("chế độ báo cáo")
        verbose_name_plural = _("chế độ báo cáo")

    def __str__(self) -> str:
        return f"{self.plan_id} {self.frequency} {self.due_day or self.due_date}"


class Period(models.Model):
    """One reporting period of a rule: its data window and its submission cut-off."""

    rule = models.ForeignKey(ReportingRule, on_delete=models.CASCADE, related_name="periods")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="periods")
    label = models.CharField(_("kỳ báo cáo"), max_length=100)
    starts_on = models.DateField(_("số liệu từ ngày"))
    ends_on = models.DateField(_("số liệu đến ngày"))
    cutoff = models.DateTimeField(_("hạn nộp"))
    grace_until = models.DateTimeField(_("gia hạn đến"), null=True, blank=True)
    locked_at = models.DateTimeField(_("khóa sổ lúc"), null=True, blank=True)
    history = HistoricalRecords(bases=[AuditedHistory])

    class Meta:
        ordering = ["plan", "cutoff"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "starts_on"], name="one_period_per_rule_start")
        ]
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")

    def __str__(self) -> str:
        return self.label


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi, chờ lãnh đạo duyệt")
    APPROVED = "approved", _("Chờ thường trực tiếp nhận")  # approved, or sent straight
    RETURNED = "returned", _("Bị trả lại")
    ACCEPTED = "accepted", _("Thường trực đã tiếp nhận")


class Approval(models.TextChoices):
    """How a report passed the body's approval (none yet: blank)."""

    HEAD = "head", _("Lãnh đạo đơn vị duyệt")
    DEPUTY = "deputy", _("Người được ủy quyền duyệt")
    OFFICE = "office", _("Thường trực duyệt thay")
    NOT_REQUIRED = "not_required", _("Không cần lãnh đạo duyệt")


class Report(models.Model):
    """A body's report for one period of one plan."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="reports")
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="reports")
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=ReportState.choices, default=ReportState.DRAFT
    )
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    late = models.BooleanField(_("nộp muộn"), default=False)
    returned_comment = models.TextField(_("lý do trả lại"), blank=True)
    returned_by_office = models.BooleanField(default=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approval = models.CharField(
        _("cách duyệt"), max_length=12, choices=Approval.choices, blank=True
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    approval_reason = models.TextField(_("lý do duyệt thay"), blank=True)
    version = models.PositiveIntegerField(default=1)  # bumped by every write: refuses stale saves
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(bases=[AuditedHistory])

    class Meta:
        ordering = ["period", "body"]
        constraints = [
            models.UniqueConstraint(fields=["period", "body"], name="one_report_per_body_period")
        ]
        verbose_name = _("báo cáo")
        verbose_name_plural = _("báo cáo")

    def __str__(self) -> str:
        return f"{self.body} — {self.period}"


class ItemState(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa triển khai")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Hoàn thành")
    CANNOT = "cannot", _("Không thực hiện được")


class ReportItem(models.Model):
    """The body's progress on one assigned task (lead or support) in one report."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="items")
    assignment = models.ForeignKey(
        Assignment, on_delete=models.PROTECT, related_name="report_items"
    )
    state = models.CharField(
        _("tình trạng"), max_length=12, choices=ItemState.choices, default=ItemState.NOT_STARTED
    )
    percent = models.PositiveSmallIntegerField(_("tỷ lệ hoàn thành (%)"), default=0)
    done_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    results = models.TextField(_("kết quả đạt được"), blank=True)
    difficulties = models.TextField(_("khó khăn, vướng mắc"), blank=True)
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True)
    evidence_ref = models.CharField(
        _("văn bản chứng minh: số, ký hiệu"), max_length=200, blank=True
    )
    evidence_date = models.DateField(_("văn bản chứng minh: ngày"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(bases=[AuditedHistory])

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["report", "assignment"], name="one_item_per_assignment"
            ),
            models.CheckConstraint(condition=Q(percent__lte=100), name="percent_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"{self.report_id}/{self.assignment_id}"


class EvidenceFile(models.Model):
    """A file attached to an item: stored outside the web root, served only to those allowed."""

    item = models.ForeignKey(ReportItem, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to="evidence/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(bases=[AuditedHistory])

    def __str__(self) -> str:
        return self.original_name


class KpiValue(models.Model):
    """The value a lead body reports for a KPI in one report (or numerator/denominator)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="kpi_values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    value = models.DecimalField(
        _("giá trị"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    numerator = models.DecimalField(
        _("tử số"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    denominator = models.DecimalField(
        _("mẫu số"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    note = models.TextField(_("ghi chú"), blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(bases=[AuditedHistory])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="one_value_per_kpi_report")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}={self.value}"


class ItemComment(models.Model):
    """An "ý kiến chỉ đạo" on a report item: a short thread between the office, the
    body's head and focal officer, and the chair or members who oversee the body.

    Written once, never edited; the history records who wrote it
    (``reporting.item_comment.added``).
    """

    item = models.ForeignKey(ReportItem, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người viết"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("ý kiến"))
    created_at = models.DateTimeField(_("lúc"))
    history = HistoricalRecords(bases=[AuditedHistory])

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("ý kiến chỉ đạo")
        verbose_name_plural = _("ý kiến chỉ đạo")

    def __str__(self) -> str:
        return f"{self.item_id}: {self.text[:40]}"
