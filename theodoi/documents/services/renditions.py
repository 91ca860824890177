"""Generated files: kept as a ``Rendition`` (version, who, when, files) and turned
into PDF by the worker.

``rendition_create`` stores the DOCX (and XLSX) at once — the office has its Word
file whatever happens next — and queues the PDF after the commit; the page polls
``pdf_state``. Without LibreOffice the state says so and the DOCX stands.
"""

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from theodoi.core import clock

from ..models import PdfState, Rendition
from ..pdf import PdfFailed, PdfUnavailable, docx_to_pdf, soffice

log = logging.getLogger(__name__)


def rendition_create(
    *,
    docx: bytes,
    file_stem: str,
    user,
    draft=None,
    letter=None,
    xlsx: bytes | None = None,
    reference: str = "",
    now=None,
) -> Rendition:
    """Keep a generation of ``draft`` or ``letter``, numbered on from the last, and
    queue its PDF (or mark it unavailable when the server has no LibreOffice)."""
    owner = {"draft": draft} if draft is not None else {"letter": letter}
    with transaction.atomic():
        last = Rendition.objects.filter(**owner).aggregate(n=Max("number"))["n"] or 0
        rendition = Rendition(
            **owner,
            number=last + 1,
            reference=reference,
            file_stem=file_stem,
            created_by=user,
            created_at=clock.now(now),
        )
        if soffice() is None:
            rendition.pdf_state = PdfState.UNAVAILABLE
            rendition.pdf_message = unavailable_text()
        name = f"{file_stem}-{rendition.number}"
        rendition.docx.save(f"{name}.docx", ContentFile(docx), save=False)
        if xlsx is not None:
            rendition.xlsx.save(f"{name}.xlsx", ContentFile(xlsx), save=False)
        rendition.save()
        if rendition.pdf_state == PdfState.WAITING:
            transaction.on_commit(lambda: _enqueue(rendition.pk))
    return rendition


def _enqueue(rendition_id: int) -> None:
    from ..tasks import render_pdf  # the task module imports this one

    render_pdf.enqueue(rendition_id)


def unavailable_text() -> str:
    return _(
        "Máy chủ chưa cài LibreOffice nên chưa tạo được bản PDF; tệp Word (DOCX) vẫn "
        "tải về được. Người quản trị cài gói libreoffice-writer để có PDF."
    )


def rendition_pdf(rendition_id: int) -> Rendition | None:
    """Convert the rendition's DOCX; the state tells the page how it went."""
    with transaction.atomic():
        rendition = Rendition.objects.select_for_update().filter(pk=rendition_id).first()
        if rendition is None or rendition.pdf_state == PdfState.DONE:
            return rendition
        rendition.pdf_state = PdfState.RUNNING
        rendition.save(update_fields=["pdf_state"])
    try:
        with rendition.docx.open("rb") as source:
            pdf = docx_to_pdf(source.read())
    except PdfUnavailable:
        rendition.pdf_state, rendition.pdf_message = PdfState.UNAVAILABLE, unavailable_text()
    except PdfFailed as error:
        log.warning("PDF of rendition %s failed: %s", rendition.pk, error)
        rendition.pdf_state = PdfState.FAILED
        rendition.pdf_message = _("LibreOffice không chuyển được tệp sang PDF: %(error)s") % {
            "error": error
        }
    else:
        name = f"{rendition.file_stem}-{rendition.number}.pdf"
        rendition.pdf.save(name, ContentFile(pdf), save=False)
        rendition.pdf_state, rendition.pdf_message = PdfState.DONE, ""
    rendition.save(update_fields=["pdf", "pdf_state", "pdf_message"])
    return rendition
