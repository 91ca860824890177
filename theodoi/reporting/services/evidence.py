"""Evidence files attached to a report item: checked by content, kept out of the web root.

The name a browser sends proves nothing (a program renamed ``.pdf`` is still a
program), so the type is read from the file's first bytes: PDF, PNG, JPEG, or a
ZIP holding a Word document or an Excel workbook. Files go under
``MEDIA_ROOT/evidence``, which no URL serves; ``views/files.py`` streams them to
those allowed.
"""

import zipfile

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from theodoi.core import clock
from theodoi.core.audit import audit

from ..models import EvidenceFile, ReportItem
from .reports import lock_editable

MAX_SIZE = 10 * 1024 * 1024

TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def sniff(upload) -> str | None:
    """The file's kind by its content (``pdf``, ``png``, ``jpg``, ``docx``, ``xlsx``) or None."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    return None


@clock.dated
@transaction.atomic
def evidence_add(*, item: ReportItem, upload, user, now=None) -> EvidenceFile:
    """Attach a file to the item; refused when too large, of another type, or not editable."""
    if user.body_id != item.report.body_id:
        raise PermissionDenied
    lock_editable(item, user=user, seen_version=None)
    if upload.size > MAX_SIZE:
        raise ValidationError(
            _("Tệp “%(name)s” quá lớn (tối đa 10 MB).") % {"name": upload.name}, code="size"
        )
    kind = sniff(upload)
    if kind is None:
        raise ValidationError(
            _(
                "Tệp “%(name)s” không phải pdf, docx, xlsx, jpg hay png "
                "(hệ thống kiểm tra nội dung tệp, không chỉ phần đuôi tên)."
            )
            % {"name": upload.name},
            code="type",
        )
    name = upload.name.rsplit("/", 1)[-1][:200]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    evidence = EvidenceFile(
        item=item,
        original_name=f"{stem}.{kind}" if not name.lower().endswith(f".{kind}") else name,
        content_type=TYPES[kind],
        size=upload.size,
        uploaded_by=user,
    )
    evidence.file.save(f"{kind}-{item.pk}.{kind}", upload, save=False)
    audit(evidence, user, "reporting.evidence.added", name=evidence.original_name)
    evidence.save()
    return evidence


@clock.dated
@transaction.atomic
def evidence_remove(*, evidence: EvidenceFile, user, now=None) -> None:
    """Take a wrongly attached file off the item while the report can still change."""
    item = evidence.item
    if user.body_id != item.report.body_id:
        raise PermissionDenied
    lock_editable(item, user=user, seen_version=None)
    item = ReportItem.objects.get(pk=item.pk)
    # The file row goes; the item's history keeps who removed which file, and when.
    audit(item, user, "reporting.evidence.removed", name=evidence.original_name)
    item.save(update_fields=["version"])
    name, storage = evidence.file.name, evidence.file.storage
    transaction.on_commit(lambda: storage.delete(name))
    audit(evidence, user, "reporting.evidence.removed", name=evidence.original_name)
    evidence.delete()
