"""The PDF of a body's report its head signed, uploaded back and kept as evidence.

Only a PDF is taken (by its name and by its first bytes), of at most 20 MB, that
pyHanko can read; what its signature says (``signatures.pdf_signature``) is stored
with it. An unsigned PDF is kept too: the panel says it has no digital signature.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from theodoi.core import clock
from theodoi.core.access import is_office
from theodoi.core.audit import audit
from theodoi.core.roles import WRITER_ROLES
from theodoi.reporting.models import Report

from ..models import SignedReport
from ..signatures import PdfUnreadable, pdf_signature

MAX_SIZE = 20 * 1024 * 1024


def may_upload(user, report: Report) -> bool:
    """The body's focal officer or head, or the office."""
    own = user.body_id == report.body_id and user.role in WRITER_ROLES
    return is_office(user) or own


def _pdf_bytes(upload) -> bytes:
    """The upload's bytes, refused unless a PDF of at most 20 MB by name and content."""
    name = upload.name.rsplit("/", 1)[-1]
    if not name.lower().endswith(".pdf"):
        raise ValidationError(
            _("Tệp “%(name)s” không phải PDF: hãy tải lên bản PDF đã ký số.") % {"name": name},
            code="type",
        )
    if upload.size > MAX_SIZE:
        raise ValidationError(
            _("Tệp “%(name)s” quá lớn (tối đa 20 MB).") % {"name": name}, code="size"
        )
    upload.seek(0)
    data = upload.read()
    if not data.startswith(b"%PDF-"):
        raise ValidationError(
            _("Tệp “%(name)s” có đuôi .pdf nhưng nội dung không phải PDF.") % {"name": name},
            code="type",
        )
    return data


@clock.dated
@transaction.atomic
def signed_upload(report: Report, upload, *, user, now=None) -> SignedReport:
    """Keep the signed PDF of ``report`` with what its signature says."""
    if not may_upload(user, report):
        raise PermissionDenied
    data = _pdf_bytes(upload)
    name = upload.name.rsplit("/", 1)[-1][:200]
    try:
        found = pdf_signature(data)
    except PdfUnreadable:
        raise ValidationError(
            _("Không đọc được tệp “%(name)s”: tệp PDF bị hỏng hoặc không đầy đủ.") % {"name": name},
            code="unreadable",
        ) from None
    signed = SignedReport(
        report=report,
        original_name=name,
        size=len(data),
        signature=found.state,
        signer=found.signer[:300],
        signed_at=found.signed_at,
        detail=found.detail,
        uploaded_by=user,
        uploaded_at=clock.now(now),
    )
    signed.file.save(f"bao-cao-{report.pk}.pdf", ContentFile(data), save=False)
    audit(signed, user, "documents.signed.uploaded", name=name, signature=found.state)
    signed.save()
    return signed
