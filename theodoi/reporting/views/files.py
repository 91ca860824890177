"""Evidence files of a report item: upload and removal (htmx), download — never by a
public URL.

Download streams the file as an attachment to those ``body_scoped`` allows: the
body's own people, the office, a viewer who oversees the body.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from theodoi.bodies.access import body_scoped
from theodoi.core.forms import refusal_text

from ..models import EvidenceFile, ReportItem
from ..services.evidence import evidence_add, evidence_remove
from ..services.reports import report_editable


@body_scoped
@require_POST
def evidence_upload(request, body, item_id):
    item = get_object_or_404(ReportItem.objects.select_related("report__period"), pk=item_id)
    if item.report.body_id != body.pk or request.user.body_id != body.pk:
        raise PermissionDenied
    error = None
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise ValidationError(_("Hãy chọn một tệp để tải lên."))
        evidence_add(item=item, upload=upload, user=request.user)
    except ValidationError as refusal:
        error = refusal_text(refusal)
    return _files(request, item, error)


def _files(request, item, error=None):
    """The item's file list (and upload form), answered to htmx."""
    editable = report_editable(item.report, request.user)
    context = {"item": item, "can_edit": editable, "file_error": error}
    return render(request, "reporting/reports/_files.html", context)


@body_scoped
@require_POST
def evidence_delete(request, body, file_id):
    evidence = _evidence_of(body, file_id)
    error = None
    try:
        evidence_remove(evidence=evidence, user=request.user)
    except ValidationError as refusal:
        error = refusal_text(refusal)
    return _files(request, evidence.item, error)


def _evidence_of(body, file_id) -> EvidenceFile:
    evidence = get_object_or_404(
        EvidenceFile.objects.select_related("item__report__period"), pk=file_id
    )
    if evidence.item.report.body_id != body.pk:
        raise PermissionDenied
    return evidence


@body_scoped
def evidence_file(request, body, file_id):
    evidence = _evidence_of(body, file_id)
    try:
        stream = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        stream,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
