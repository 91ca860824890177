"""Uploading a plan document and reading it in the background into a draft plan.

``plan_import_create`` keeps the file and queues the parse once the upload is
committed; the worker (``theodoi worker``) then runs ``plan_import_run``. A
document the importer cannot read ends as a failed import with the importer's
own message; nothing of a half-read plan is left behind.
"""

import logging
from pathlib import Path
from uuid import uuid4

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from theodoi.core import clock
from theodoi.core.formatting import format_number
from theodoi.importer import ImportFailure, parse_bytes

from ..models import ImportStatus, Indicator, Plan, PlanImport, Task
from .drafts import plan_draft_create

logger = logging.getLogger(__name__)

ACCEPTED_SUFFIXES = (".txt", ".docx", ".pdf", ".xlsx")
MEGABYTE = 1024 * 1024
MAX_BYTES = 20 * MEGABYTE  # the importer's own limit, refused here before queueing


def check_upload(upload) -> None:
    """Refuse at once what cannot be a plan document: wrong kind of name, empty, too big.

    Whether the content really is what the name says is the importer's job.
    """
    name = Path(upload.name or "").name
    if Path(name).suffix.lower() not in ACCEPTED_SUFFIXES:
        raise ValidationError(
            _("Chỉ nhận tệp .txt, .docx, .pdf hoặc .xlsx; tệp “%(name)s” không thuộc các loại này.")
            % {"name": name}
        )
    if not upload.size:
        raise ValidationError(_("Tệp “%(name)s” rỗng: không có nội dung nào.") % {"name": name})
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("Tệp “%(name)s” quá lớn (%(size)s MB); giới hạn là 20 MB.")
            % {"name": name, "size": format_number(upload.size / MEGABYTE, 1)}
        )


@transaction.atomic
def plan_import_create(*, upload, user) -> PlanImport:
    """Keep the uploaded file and queue its parse; the queue sees it once committed.

    The file is stored under MEDIA_ROOT with a random name; the user's name of
    it is kept in ``original_name``.
    """
    check_upload(upload)
    original_name = Path(upload.name).name[-255:]
    plan_import = PlanImport(original_name=original_name, created_by=user)
    plan_import.file.save(uuid4().hex + Path(original_name).suffix.lower(), upload, save=False)
    try:
        plan_import.full_clean()
        plan_import.save()
    except Exception:
        plan_import.file.delete(save=False)
        raise
    transaction.on_commit(lambda: _enqueue(plan_import.pk))
    return plan_import


def _enqueue(import_id: int) -> None:
    from ..tasks import parse_plan_import  # the task module imports this one

    parse_plan_import.enqueue(import_id)


def _update(plan_import: PlanImport, **fields) -> None:
    for name, value in fields.items():
        setattr(plan_import, name, value)
    plan_import.save(update_fields=list(fields))


def _start(import_id: int) -> PlanImport | None:
    """Mark a queued import as running; None if another run has taken it already."""
    with transaction.atomic():
        plan_import = PlanImport.objects.select_for_update().get(pk=import_id)
        if plan_import.status != ImportStatus.QUEUED:
            return None
        _update(plan_import, status=ImportStatus.RUNNING, progress=10)
    return plan_import


def plan_import_run(*, import_id: int, now=None) -> PlanImport | None:
    """Read the uploaded document and create its draft plan (the background task's work).

    Returns the finished import, or None when it was not waiting to be read.
    """
    plan_import = _start(import_id)
    if plan_import is None:
        return None
    try:
        with plan_import.file.open("rb") as stored:
            content = stored.read()
        data = parse_bytes(content, plan_import.original_name)
        _update(plan_import, progress=60)
        with transaction.atomic():
            plan = plan_draft_create(data=data, source_name=plan_import.original_name)
            attribute_history(plan, plan_import.created_by, "import")
            _update(
                plan_import,
                status=ImportStatus.DONE,
                progress=100,
                plan=plan,
                finished_at=clock.now(now),
            )
    except ImportFailure as failure:
        _fail(plan_import, failure.message("vi"), now)
    except Exception:
        logger.exception("Reading the plan import %s (%s) failed", import_id, plan_import)
        _fail(
            plan_import,
            _(
                "Có lỗi ngoài dự kiến khi đọc tệp này; lỗi đã được ghi lại để bộ phận kỹ thuật "
                "xem xét. Hãy thử lại sau, hoặc gửi tệp cho quản trị hệ thống."
            ),
            now,
        )
    return plan_import


def attribute_history(plan: Plan, user, reason: str) -> None:
    """Name ``user`` in the history rows of a plan written outside a request.

    The worker has no request, so simple_history cannot know who uploaded the
    document; the plan's first history rows would name nobody.
    """
    for history, owner in (
        (Plan.history, {"id": plan.pk}),
        (Task.history, {"plan_id": plan.pk}),
        (Indicator.history, {"plan_id": plan.pk}),
    ):
        history.filter(**owner, history_user__isnull=True).update(
            history_user=user,
            history_change_reason=Coalesce("history_change_reason", Value(reason)),
        )


def _fail(plan_import: PlanImport, message: str, now) -> None:
    _update(
        plan_import,
        status=ImportStatus.FAILED,
        progress=100,
        message=message,
        plan=None,
        finished_at=clock.now(now),
    )
