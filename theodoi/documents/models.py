"""The office's official documents: the committee that issues them, the templates,
the committee's report being drafted, the letters that chase the late, every file
generated (kept, downloadable again) and the signed PDFs bodies upload back.

One model, ``Rendition``, holds every generated file set (DOCX, its XLSX appendices,
its PDF and how the PDF's conversion went), whatever the document: one PDF task,
one download view.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from theodoi.bodies.models import Body
from theodoi.core.audit import AuditedHistory
from theodoi.plans.models import Plan
from theodoi.reporting.models import Period, Report


class Form(models.TextChoices):
    STATE = "state", _("Văn bản hành chính (Nghị định 30/2020/NĐ-CP)")
    PARTY = "party", _("Văn bản của Đảng (Hướng dẫn 36-HD/VPTW)")


class Committee(models.Model):
    """The steering committee plans are issued by (``Plan.issuer``, compared without
    case or spaces): its letterhead, number series, signer and recipients, which the
    office edits."""

    issuer_key = models.CharField(max_length=500, unique=True, editable=False)
    name = models.CharField(_("cơ quan ban hành"), max_length=300)
    governing_body = models.CharField(_("cơ quan chủ quản"), max_length=300)
    form = models.CharField(_("thể thức"), max_length=5, choices=Form.choices, default=Form.STATE)
    report_series = models.CharField(_("ký hiệu báo cáo"), max_length=50)  # "BC-BCĐ" / "BC/BCĐ"
    letter_series = models.CharField(_("ký hiệu công văn"), max_length=50)  # "BCĐ-VP" / "CV/BCĐ"
    place = models.CharField(_("địa danh"), max_length=100)
    signer_authority = models.CharField(_("quyền hạn ký"), max_length=100, blank=True)  # "TM."
    signer_position = models.CharField(_("chức vụ người ký"), max_length=200)
    signer_name = models.CharField(_("họ tên người ký"), max_length=200)
    recipients = models.TextField(_("nơi nhận"))  # one per line, the last "- Lưu: VT, …"
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(bases=[AuditedHistory])

    class Meta:
        verbose_name = _("ban chỉ đạo")
        verbose_name_plural = _("ban chỉ đạo")

    def __str__(self) -> str:
        return self.name


class TemplateKind(models.TextChoices):
    REPORT = "report", _("Báo cáo của Ban Chỉ đạo")
    LETTER = "letter", _("Công văn đôn đốc")
    BODY_REPORT = "body_report", _("Báo cáo của cơ quan, đơn vị")


class Template(models.Model):
    """A template the office uploaded; the newest ``active`` one of a kind is used, the
    package's default when there is none. Uploads are never deleted."""

    kind = models.CharField(_("loại"), max_length=12, choices=TemplateKind.choices)
    file = models.FileField(upload_to="templates/%Y/")
    original_name = models.CharField(max_length=255)
    active = models.BooleanField(default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()
    history = HistoricalRecords(bases=[AuditedHistory])

    class Meta:
        ordering = ["kind", "-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.original_name


class Scope(models.TextChoices):
    MONTH = "month", _("Tháng")
    QUARTER = "quarter", _("Quý")
    HALF = "half", _("6 tháng")
    YEAR = "year", _("Năm")


class Draft(models.Model):
    """The committee's report for a span (a month, quarter, half-year or year) of one
    or several of its plans, as the office prepares it: section I typed, the compiled
    passages edited, dropped or merged (``edits``, keyed by passage key)."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="drafts")
    plans = models.ManyToManyField(Plan, related_name="+")
    scope = models.CharField(_("kỳ"), max_length=8, choices=Scope.choices, default=Scope.MONTH)
    year = models.PositiveIntegerField(_("năm"))
    index = models.PositiveSmallIntegerField(_("số thứ tự kỳ"))  # month 1–12, quarter 1–4 …
    leadership = models.TextField(_("I. Công tác lãnh đạo, chỉ đạo"), blank=True)
    edits = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(bases=[AuditedHistory])

    class Meta:
        ordering = ["-year", "-index", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} {self.index}/{self.year}"


class LetterState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    SENT = "sent", _("Đã gửi")


class Letter(models.Model):
    """A chasing letter (công văn đôn đốc) after a period's cut-off: to every late body
    of the period at once, or to one of them."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="letters")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    bodies = models.ManyToManyField(Body, related_name="chasing_letters")  # addressed to
    subject = models.CharField(_("trích yếu"), max_length=300)  # "V/v đôn đốc …"
    addressees = models.TextField(_("kính gửi"))
    content = models.TextField(_("nội dung"))  # paragraphs, one per blank-line block
    new_deadline = models.DateField(_("hạn mới"), null=True, blank=True)
    state = models.CharField(max_length=5, choices=LetterState.choices, default=LetterState.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(bases=[AuditedHistory])

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.subject


class PdfState(models.TextChoices):
    WAITING = "waiting", _("Đang chờ chuyển sang PDF")
    RUNNING = "running", _("Đang chuyển sang PDF")
    DONE = "done", _("Đã có PDF")
    FAILED = "failed", _("Chuyển sang PDF không được")
    UNAVAILABLE = "unavailable", _("Máy chủ không có LibreOffice")


class Rendition(models.Model):
    """One generation of a document: version number, who, when, the files."""

    draft = models.ForeignKey(
        Draft, on_delete=models.CASCADE, null=True, blank=True, related_name="renditions"
    )
    letter = models.ForeignKey(
        Letter, on_delete=models.CASCADE, null=True, blank=True, related_name="renditions"
    )
    number = models.PositiveIntegerField(_("lần tạo"))
    reference = models.CharField(_("số, ký hiệu"), max_length=100, blank=True)
    docx = models.FileField(upload_to="documents/%Y/%m/")
    xlsx = models.FileField(upload_to="documents/%Y/%m/", blank=True)
    pdf = models.FileField(upload_to="documents/%Y/%m/", blank=True)
    pdf_state = models.CharField(max_length=11, choices=PdfState.choices, default=PdfState.WAITING)
    pdf_message = models.TextField(blank=True)
    file_stem = models.CharField(max_length=200)  # "bao-cao-thang-10-2026"
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_stem} ({self.number})"


class SignatureState(models.TextChoices):
    UNSIGNED = "unsigned", _("Không có chữ ký số")
    VALID = "valid", _("Chữ ký số còn nguyên vẹn")
    BROKEN = "broken", _("Chữ ký số không hợp lệ")


class SignedReport(models.Model):
    """The PDF of a body's report its head signed, uploaded back: kept as evidence,
    with what pyHanko found of its signature."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="signed_pdfs")
    file = models.FileField(upload_to="signed/%Y/%m/")
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    signature = models.CharField(max_length=8, choices=SignatureState.choices)
    signer = models.CharField(_("người ký"), max_length=300, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    detail = models.TextField(blank=True)  # what the validation said
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()
    history = HistoricalRecords(bases=[AuditedHistory])

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.original_name
