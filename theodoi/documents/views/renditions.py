"""A generated document's files, downloaded again at any time, and its PDF's state
(polled by htmx while the worker converts it)."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from theodoi.core.access import office_only

from ..models import PdfState, Rendition

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@office_only
def rendition_file(request, rendition_id, part):
    rendition = get_object_or_404(Rendition, pk=rendition_id)
    stored = getattr(rendition, part) if part in CONTENT_TYPES else None
    if not stored:
        raise Http404
    try:
        stream = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        stream,
        as_attachment=True,
        filename=f"{rendition.file_stem}-{rendition.number}.{part}",
        content_type=CONTENT_TYPES[part],
    )


@office_only
def rendition_status(request, rendition_id):
    rendition = get_object_or_404(Rendition, pk=rendition_id)
    return render(request, "documents/_rendition.html", {"rendition": rendition})


def pdf_pending(rendition: Rendition) -> bool:
    return rendition.pdf_state in (PdfState.WAITING, PdfState.RUNNING)
