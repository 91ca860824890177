"""A plan: its document, sections, tasks, KPIs, reporting duties and roster.

A plan is imported as a *draft* (the importer's JSON, corrected by the office),
then *published*: one transaction fixes who does what (``Assignment`` rows).
An amended document makes a new *version* of the same plan.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from theodoi.bodies.models import Body, Group
from theodoi.core.audit import AuditedHistory
from theodoi.lib.text import fold_accents


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    PUBLISHED = "published", _("Đã ban hành")
    ARCHIVED = "archived", _("Đã kết thúc")


class Plan(models.Model):
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    doc_type = models.CharField(_("loại văn bản"), max_length=100, blank=True)
    number = models.CharField(_("số, ký hiệu"), max_length=100, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=500, blank=True)
    place = models.CharField(_("địa danh"), max_length=100, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    title = models.TextField(_("trích yếu"))
    year = models.PositiveIntegerField(_("năm kế hoạch"), null=True, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=200, blank=True)
    signer_position = models.CharField(_("chức vụ người ký"), max_length=300, blank=True)
    bases = models.JSONField(_("căn cứ"), default=list, blank=True)
    source_name = models.CharField(_("tệp gốc"), max_length=255, blank=True)
    warnings = models.JSONField(_("cảnh báo khi đọc văn bản"), default=list, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    published_at = models.DateTimeField(_("ban hành trên hệ thống lúc"), null=True, blank=True)
    reports_require_every_item = models.BooleanField(
        _("báo cáo phải nhập đủ mọi mục"),
        default=False,
        help_text=_("Bật: đơn vị không gửi được báo cáo còn mục chưa nhập."),
    )
    history = HistoricalRecords(bases=[AuditedHistory])

    class Meta:
        ordering = ["-year", "-created_at"]
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")

    def __str__(self) -> str:
        label = f"{self.doc_type} {self.number}".strip() if self.number else self.doc_type
        return f"{label}: {self.title}" if label else self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == PlanStatus.DRAFT


class Section(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    code = models.CharField(_("mã"), max_length=20)
    path = models.CharField(_("đường dẫn"), max_length=100)
    title = models.TextField(_("tên phần"))
    position = models.PositiveIntegerField(default=0)
    # Where the importer read it: {"table": t, "row": r} (None: prose, or added by hand).
    origin = models.JSONField(null=True, blank=True, editable=False)
    history = HistoricalRecords(bases=[AuditedHistory], excluded_fields=["origin"])  # undo

    class Meta:
        ordering = ["plan", "position"]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class Recurrence(models.TextChoices):
    CONTINUOUS = "continuous", _("Thường xuyên")
    ANNUAL = "annual", _("Hằng năm")
    MONTHLY = "monthly", _("Hằng tháng")
    QUARTERLY = "quarterly", _("Hằng quý")


class Task(models.Model):
    """A row of the plan's task table; sub-tasks point to their parent."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    section = models.ForeignKey(
        Section, on_delete=models.SET_NULL, null=True, blank=True, related_name="tasks"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    code = models.CharField(_("số thứ tự"), max_length=20)
    position = models.PositiveIntegerField(default=0)
    title = models.TextField(_("nội dung nhiệm vụ"))
    lead_text = models.JSONField(_("chủ trì (như văn bản ghi)"), default=list, blank=True)
    support_text = models.JSONField(_("phối hợp (như văn bản ghi)"), default=list, blank=True)
    start_text = models.CharField(_("thời gian bắt đầu"), max_length=200, blank=True)
    deadline_text = models.CharField(_("thời hạn"), max_length=500, blank=True)
    due = models.DateField(_("hạn hoàn thành"), null=True, blank=True)
    recurrence = models.CharField(
        _("lặp lại"), max_length=12, choices=Recurrence.choices, blank=True
    )
    condition = models.TextField(_("điều kiện"), blank=True)
    condition_met_on = models.DateField(_("điều kiện đã đáp ứng ngày"), null=True, blank=True)
    deliverable = models.TextField(_("sản phẩm"), blank=True)
    basis = models.TextField(_("căn cứ giao nhiệm vụ"), blank=True)
    target = models.JSONField(_("mức cần đạt"), null=True, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    closed_at = models.DateTimeField(_("đóng lúc"), null=True, blank=True)
    # Where the importer read it: {"table": t, "row": r} (None: prose, or added by hand).
    origin = models.JSONField(null=True, blank=True, editable=False)
    # Title, deliverable, code and bodies without diacritics (theodoi.lib.text).
    search_text = models.TextField(blank=True, editable=False)
    history = HistoricalRecords(bases=[AuditedHistory], excluded_fields=["search_text", "origin"])

    class Meta:
        ordering = ["plan", "position"]
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")

    def __str__(self) -> str:
        return f"{self.code}. {self.title[:80]}"

    def get_absolute_url(self) -> str:
        return reverse("plans:task", args=[self.pk])

    def refresh_search_text(self) -> None:
        parts = [self.code, self.title, self.deliverable, *self.lead_text, *self.support_text]
        self.search_text = fold_accents(" ".join(parts))


class Indicator(models.Model):
    """A KPI row (chỉ tiêu); parts (cấp tỉnh / cấp xã) point to their indicator."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="parts"
    )
    section_path = models.CharField(_("phần"), max_length=100, blank=True)
    code = models.CharField(_("số thứ tự"), max_length=20, blank=True)
    position = models.PositiveIntegerField(default=0)
    name = models.TextField(_("chỉ tiêu"))
    unit = models.CharField(_("đơn vị tính"), max_length=100, blank=True)
    target_text = models.CharField(_("mục tiêu"), max_length=300, blank=True)
    target_op = models.CharField(_("so sánh"), max_length=2, blank=True)
    target_value = models.DecimalField(
        _("giá trị mục tiêu"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    lead_text = models.JSONField(default=list, blank=True)
    support_text = models.JSONField(default=list, blank=True)
    closed_at = models.DateTimeField(_("đóng lúc"), null=True, blank=True)
    history = HistoricalRecords(bases=[AuditedHistory])

    class Meta:
        ordering = ["plan", "position"]
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")

    def __str__(self) -> str:
        return f"{self.code}. {self.name[:80]}"


class DutyFrequency(models.TextChoices):
    MONTHLY = "monthly", _("Hằng tháng")
    QUARTERLY = "quarterly", _("Hằng quý")
    HALF_YEARLY = "half-yearly", _("6 tháng một lần")
    YEARLY = "yearly", _("Hằng năm")
    ONCE = "once", _("Một lần")


class ReportingDuty(models.Model):
    """A standing duty the document sets: monthly before the 15th, once by a date…"""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reporting")
    text = models.TextField(_("nội dung"))
    frequency = models.CharField(_("tần suất"), max_length=12, choices=DutyFrequency.choices)
    day = models.PositiveSmallIntegerField(_("ngày"), null=True, blank=True)
    time = models.TimeField(_("giờ"), null=True, blank=True)
    date = models.DateField(_("ngày (một lần)"), null=True, blank=True)
    recipient = models.CharField(_("gửi"), max_length=500, blank=True)
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords(bases=[AuditedHistory])  # corrected on the review grid

    class Meta:
        ordering = ["plan", "position"]

    def __str__(self) -> str:
        return self.text[:80]


class Member(models.Model):
    """A row of the steering group's roster, as the document lists it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("họ và tên"), max_length=200)
    position = models.CharField(_("chức vụ"), max_length=500, blank=True)
    duty = models.TextField(_("nhiệm vụ phụ trách"), blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order"]

    def __str__(self) -> str:
        return self.name


class AssignmentRole(models.TextChoices):
    """The part a body plays in a task or indicator (not a user's role: accounts.Role)."""

    LEAD = "lead", _("Chủ trì")
    SUPPORT = "support", _("Phối hợp")


class AgencyItem(models.Model):
    """One name of a lead/support cell and what the registry (or the office) made of it.

    ``body`` or ``group`` when resolved; for a vague group or an unknown name the
    office chooses ``chosen`` bodies before publishing.
    """

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, null=True, blank=True, related_name="agency_items"
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, null=True, blank=True, related_name="agency_items"
    )
    role = models.CharField(max_length=10, choices=AssignmentRole.choices)
    text = models.CharField(_("tên như văn bản ghi"), max_length=500)
    position = models.PositiveSmallIntegerField(default=0)
    body = models.ForeignKey(Body, on_delete=models.PROTECT, null=True, blank=True)
    group = models.ForeignKey(Group, on_delete=models.PROTECT, null=True, blank=True)
    chosen = models.ManyToManyField(Body, blank=True, related_name="+")
    # A ministry or another body outside the province: nobody here is assigned.
    outside = models.BooleanField(_("ngoài tỉnh"), default=False)
    # What the office chose for the name (the bodies of ``chosen`` are on the plan's
    # history: ``plans.review.agency_set``).
    history = HistoricalRecords(bases=[AuditedHistory])

    class Meta:
        ordering = ["role", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(task__isnull=False, indicator__isnull=True)
                | Q(task__isnull=True, indicator__isnull=False),
                name="agency_item_of_task_or_indicator",
            )
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_lead(self) -> bool:
        return self.role == AssignmentRole.LEAD


class NameChoice(models.Model):
    """What the office chose for a name across a draft, and what it changed.

    Choosing a body for "Bộ KH&CN" (or marking names "ngoài tỉnh") changes every
    agency item of the draft with that name at once; ``before`` keeps each item's
    previous state so that the review grid's undo reverts the whole choice in one step.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="name_choices")
    label = models.CharField(max_length=500)  # the name, as the undo message shows it
    body = models.ForeignKey(Body, on_delete=models.PROTECT, null=True, blank=True)
    alias_added = models.CharField(max_length=500, blank=True)  # kept on ``body`` for next time
    # [{"id": item pk, "body": id|None, "group": id|None, "chosen": [ids], "outside": bool}]
    before = models.JSONField(default=list)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField()
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-made_at", "-pk"]

    def __str__(self) -> str:
        return self.label


class OpenAssignments(models.Manager):
    """Assignments in force; one an amendment ended stays (reports point to it) but hides."""

    def get_queryset(self):
        return super().get_queryset().filter(closed_at__isnull=True)


class Assignment(models.Model):
    """Who does what, fixed at publication: one row per (task or KPI, body, role).

    ``via_group`` remembers the group a body came from (``UBND xã, phường, đặc khu``).
    An amendment that takes the work from a body which already reported on it
    closes the row (``closed_at``) instead of deleting it: ``objects`` sees only
    rows in force, ``all_objects`` every row.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="assignments")
    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, null=True, blank=True, related_name="assignments"
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, null=True, blank=True, related_name="assignments"
    )
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="assignments")
    role = models.CharField(max_length=10, choices=AssignmentRole.choices)
    via_group = models.ForeignKey(Group, on_delete=models.PROTECT, null=True, blank=True)
    closed_at = models.DateTimeField(_("hết hiệu lực lúc"), null=True, blank=True)

    all_objects = models.Manager()
    objects = OpenAssignments()

    class Meta:
        base_manager_name = "all_objects"
        default_manager_name = "objects"
        constraints = [
            models.UniqueConstraint(
                fields=["task", "body", "role"],
                name="one_assignment_per_task_body_role",
                condition=Q(task__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["indicator", "body", "role"],
                name="one_assignment_per_indicator_body_role",
                condition=Q(indicator__isnull=False),
            ),
            models.CheckConstraint(
                condition=Q(task__isnull=False, indicator__isnull=True)
                | Q(task__isnull=True, indicator__isnull=False),
                name="assignment_of_task_or_indicator",
            ),
        ]
        indexes = [models.Index(fields=["body", "role"])]

    def __str__(self) -> str:
        return f"{self.body_id} {self.role} {self.task_id or self.indicator_id}"

    @property
    def is_lead(self) -> bool:
        return self.role == AssignmentRole.LEAD


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang đọc")
    FAILED = "failed", _("Không đọc được")
    DONE = "done", _("Đã đọc xong")


class PlanImportQuerySet(models.QuerySet):
    def rereading(self):
        """Imports queued or running to read their draft again with the office's
        corrections (the draft is not to be edited or published meanwhile)."""
        return self.filter(
            requested__isnull=False, status__in=[ImportStatus.QUEUED, ImportStatus.RUNNING]
        )


class PlanImport(models.Model):
    """An uploaded plan document and the progress of its background parse.

    ``tables`` is the structure the importer reported for the current draft (each
    table's columns and the role it read in each); ``corrections`` are the office's
    fixes of it the draft was read with (``theodoi.importer.api``). A re-read the
    office asked for waits in ``requested`` (the corrections it will read with) until
    the worker has replaced the draft; its history names who asked (``requested_by``).

    An import that ``amends`` a published plan makes no draft: the worker stores the
    plan JSON it read in ``parsed``, which the office previews and then applies, so
    that what is applied is exactly what was previewed (the file is never read again).
    """

    file = models.FileField(upload_to="imports/%Y/%m/")
    original_name = models.CharField(max_length=255)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.TextField(blank=True)
    message_en = models.TextField(blank=True)  # the same, for English pages
    plan = models.ForeignKey(
        Plan, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    amends = models.ForeignKey(
        Plan, on_delete=models.CASCADE, null=True, blank=True, related_name="amendment_imports"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # When a worker last began reading it, and how many times one has: a worker that
    # dies mid-read leaves it running; ``imports_recover`` takes it back (plans/services).
    started_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    corrections = models.JSONField(_("cấu trúc đã chỉnh"), default=dict, blank=True)
    tables = models.JSONField(default=list, blank=True)
    requested = models.JSONField(_("cấu trúc chỉnh, chờ đọc lại"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    parsed = models.JSONField(_("văn bản sửa đổi đã đọc"), null=True, blank=True)
    # Who uploaded it and who asked for each re-read (the worker's writes are updates
    # and leave no record); the volatile progress of a read is not history.
    history = HistoricalRecords(
        bases=[AuditedHistory],
        excluded_fields=[
            "status",
            "progress",
            "message",
            "message_en",
            "started_at",
            "attempts",
            "finished_at",
            "tables",
            "parsed",
        ],
    )

    objects = PlanImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("lần nhập kế hoạch")
        verbose_name_plural = _("lần nhập kế hoạch")

    def __str__(self) -> str:
        return self.original_name

    @property
    def message_shown(self) -> str:
        """The message in the page's language (the worker stores both)."""
        if self.message_en and (get_language() or "").startswith("en"):
            return self.message_en
        return self.message


class PlanVersion(models.Model):
    """A version of a published plan: what the amendment changed, who applied it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    source_name = models.CharField(max_length=255, blank=True)
    changes = models.JSONField(default=dict)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    applied_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_plan_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} v{self.number}"
