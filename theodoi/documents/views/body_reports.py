"""A body's own report as a DOCX its head signs, and the signed PDF uploaded back.

The report page (``reporting``, which must not import this area) loads the panel with
htmx. Every view follows the report page's rule (``core.access.can_see_body``): the
body's own people, the office, a viewer who oversees the body; only the body's focal
officer or head, or the office, uploads (``services.signed.may_upload``).
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from theodoi.core import clock
from theodoi.core.access import can_see_body, mark_access
from theodoi.core.forms import refusal_text
from theodoi.lib.text import fold_accents
from theodoi.reporting.models import Report

from ..body_report import body_report_docx
from ..models import SignedReport
from ..services.signed import may_upload, signed_upload
from .renditions import CONTENT_TYPES


def report_scoped(view):
    """The view takes ``report_id``; it gets the Report once the user may see its body."""

    @wraps(view)
    def wrapped(request, report_id, *args, **kwargs):
        report = get_object_or_404(
            Report.objects.select_related("body", "period__plan"), pk=report_id
        )
        if not can_see_body(request.user, report.body):
            raise PermissionDenied
        return view(request, report, *args, **kwargs)

    return mark_access(login_required(wrapped), "body")


def file_stem(report: Report) -> str:
    """The download's name: bao-cao-so-tai-chinh-thang-3-2026."""
    words = fold_accents(f"{report.body.name} {report.period.label}").replace("/", " ").split()
    return "-".join(["bao-cao", *words])[:150]


@report_scoped
def body_report_docx_file(request, report):
    docx = body_report_docx(report, day=clock.today())
    response = HttpResponse(docx, content_type=CONTENT_TYPES["docx"])
    response["Content-Disposition"] = f'attachment; filename="{file_stem(report)}.docx"'
    return response


def _panel(request, report, *, error=None, uploaded=None):
    context = {
        "panel": True,
        "report": report,
        "signed_pdfs": report.signed_pdfs.select_related("uploaded_by"),
        "can_upload": may_upload(request.user, report),
        "upload_error": error,
        "uploaded": uploaded,
    }
    return render(request, "documents/_body_report.html", context)


@report_scoped
def body_report_panel(request, report):
    return _panel(request, report)


@report_scoped
@require_POST
def signed_upload_view(request, report):
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise ValidationError(_("Hãy chọn tệp PDF đã ký để tải lên."))
        uploaded = signed_upload(report, upload, user=request.user)
    except ValidationError as refusal:
        return _panel(request, report, error=refusal_text(refusal))
    return _panel(request, report, uploaded=uploaded)


def _signed_scoped(view):
    @wraps(view)
    def wrapped(request, signed_id):
        signed = get_object_or_404(
            SignedReport.objects.select_related("report__body"), pk=signed_id
        )
        if not can_see_body(request.user, signed.report.body):
            raise PermissionDenied
        return view(request, signed)

    return mark_access(login_required(wrapped), "body")


@_signed_scoped
def signed_file(request, signed):
    try:
        stream = signed.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        stream, as_attachment=True, filename=signed.original_name, content_type="application/pdf"
    )
