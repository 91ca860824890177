"""Uploading a plan document and reading it in the background into a draft plan.

``plan_import_create`` keeps the file and queues the parse once the upload is
committed; the worker (``theodoi worker``) then runs ``plan_import_run``. A
document the importer cannot read ends as a failed import with the importer's
own message; nothing of a half-read plan is left behind.

A worker killed mid-read (or a machine restart) leaves its import running;
``imports_recover``, called each minute by ``theodoi scheduler``, takes back
an import running longer than ``THEODOI_IMPORT_STALE_MINUTES``: queued again
once (the read is all-or-nothing, so a second one is safe), failed after a
second stall. A run that was taken back writes nothing when it ends after all:
every write of a run names its attempt.

The office may ask for the document to be read again with its corrections of
the structure (``structure.plan_import_correct``): the import is queued again
with the corrections it ``requested``, and the run replaces the draft (the old
one deleted, the new one made, in one transaction) — or, when the read fails,
leaves the draft as it was and says why.

An import that ``amends`` a published plan (``plan_import_create(amends=plan)``,
the amendment page) is read the same way, bounded, but makes no draft: the run
stores the plan JSON in ``parsed``, which the office previews and then applies
(``services.amend``). Every uploaded document is read here, in the worker, never
in a web request.
"""

import logging
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from uuid import uuid4

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from theodoi.core import clock
from theodoi.importer import ImportFailure, parse_bounded
from theodoi.lib.numbers import format_number

from ..models import ImportStatus, PlanImport
from .drafts import DraftGone, attribute_history, plan_draft_create, plan_draft_replace

logger = logging.getLogger(__name__)

ACCEPTED_SUFFIXES = (".txt", ".md", ".docx", ".pdf", ".xlsx", ".html", ".htm")
MEGABYTE = 1024 * 1024
MAX_BYTES = 20 * MEGABYTE  # the importer's own limit, refused here before queueing
MAX_ATTEMPTS = 2  # reads of one upload; a third stall would be one too many
SLOW_AFTER = timedelta(minutes=2)  # the page adds a word of patience after this
REREAD = "plans.import.reread"  # the action code of a re-read with the office's corrections
UNEXPECTED = gettext_lazy(
    "Có lỗi ngoài dự kiến khi đọc tệp này; lỗi đã được ghi lại để bộ phận kỹ thuật "
    "xem xét. Hãy thử lại sau, hoặc gửi tệp cho quản trị hệ thống."
)
STALLED_TWICE = gettext_lazy(
    "Việc đọc tệp bị dừng giữa chừng hai lần (máy chủ khởi động lại hoặc tệp "
    "quá nặng). Hãy tải tệp lên lại; nếu vẫn lỗi, gửi tệp cho quản trị hệ thống."
)


def check_upload(upload) -> None:
    """Refuse at once what cannot be a plan document: wrong kind of name, empty, too big.

    Whether the content really is what the name says is the importer's job.
    """
    name = Path(upload.name or "").name
    if Path(name).suffix.lower() not in ACCEPTED_SUFFIXES:
        raise ValidationError(
            _(
                "Chỉ nhận tệp .txt, .md, .docx, .pdf, .xlsx hoặc .html; tệp “%(name)s” không "
                "thuộc các loại này."
            )
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
def plan_import_create(*, upload, user, amends=None) -> PlanImport:
    """Keep the uploaded file and queue its parse; the queue sees it once committed.

    The file is stored under MEDIA_ROOT with a random name; the user's name of
    it is kept in ``original_name``. With ``amends`` (a published plan) the read
    makes no draft but keeps the plan JSON for the amendment's preview.
    """
    check_upload(upload)
    original_name = Path(upload.name).name[-255:]
    plan_import = PlanImport(original_name=original_name, created_by=user, amends=amends)
    plan_import.file.save(uuid4().hex + Path(original_name).suffix.lower(), upload, save=False)
    try:
        plan_import.full_clean()
        plan_import.save()
    except Exception:
        plan_import.file.delete(save=False)
        raise
    transaction.on_commit(lambda: import_enqueue(plan_import.pk))
    return plan_import


def import_enqueue(import_id: int) -> None:
    from ..tasks import parse_plan_import  # the task module imports this one

    parse_plan_import.enqueue(import_id)


def _enqueue_all(import_ids: list[int]) -> None:
    for import_id in import_ids:
        import_enqueue(import_id)


class TakenBack(Exception):
    """The run's import was taken back (``imports_recover``) while it was reading."""


def _this_run(plan_import: PlanImport):
    """The import, only while it is still this run's: running, at this attempt."""
    return PlanImport.objects.filter(
        pk=plan_import.pk, status=ImportStatus.RUNNING, attempts=plan_import.attempts
    )


def _update_run(plan_import: PlanImport, **fields) -> None:
    """Write ``fields`` if the import is still this run's; else raise ``TakenBack``."""
    if not _this_run(plan_import).update(**fields):
        raise TakenBack
    for name, value in fields.items():
        setattr(plan_import, name, value)


def _start(import_id: int, now=None) -> PlanImport | None:
    """Mark a queued import as running; None if another run has taken it already."""
    with transaction.atomic():
        plan_import = PlanImport.objects.select_for_update().get(pk=import_id)
        if plan_import.status != ImportStatus.QUEUED:
            return None
        fields = {
            "status": ImportStatus.RUNNING,
            "progress": 10,
            "started_at": clock.now(now),
            "attempts": plan_import.attempts + 1,
        }
        PlanImport.objects.filter(pk=import_id).update(**fields)  # progress is no history
        for name, value in fields.items():
            setattr(plan_import, name, value)
    return plan_import


def plan_import_run(*, import_id: int, now=None) -> PlanImport | None:
    """Read the uploaded document and create its draft plan (the background task's work).

    Returns the finished import, or None when it was not waiting to be read, or
    was taken back (``imports_recover``) before this run ended: then this run
    writes nothing, and the next one makes the draft.
    """
    plan_import = _start(import_id, now)
    if plan_import is None:
        return None
    rereading = plan_import.requested is not None and plan_import.plan_id is not None
    corrections = plan_import.requested if rereading else plan_import.corrections
    try:
        with plan_import.file.open("rb") as stored:
            content = stored.read()
        data = parse_bounded(
            content,
            plan_import.original_name,
            corrections or None,
            memory_mb=settings.THEODOI_PARSE_MEMORY_MB,
            seconds=settings.THEODOI_PARSE_SECONDS,
        )
        _update_run(plan_import, progress=60)
        if plan_import.amends_id is not None:
            return _keep_amendment(plan_import, data, now)
        with transaction.atomic():
            # Lock the row first: a recovery that takes it back waits for this draft,
            # or this run sees that it was taken back and makes none.
            if not _this_run(plan_import).select_for_update().exists():
                raise TakenBack
            plan = _draft(plan_import, data, rereading)
            _update_run(
                plan_import,
                status=ImportStatus.DONE,
                progress=100,
                plan=plan,
                tables=data.get("tables") or [],
                corrections=corrections or {},
                requested=None,
                message="",
                message_en="",
                finished_at=clock.now(now),
            )
    except TakenBack:
        return _taken_back(plan_import)
    except ImportFailure as failure:
        messages = {"message": failure.message("vi"), "message_en": failure.message("en")}
        return _fail(plan_import, messages, now)
    except DraftGone as gone:
        return _fail(plan_import, _in_both(gone.message), now)
    except Exception:
        logger.exception("Reading the plan import %s (%s) failed", import_id, plan_import)
        return _fail(plan_import, _in_both(UNEXPECTED), now)
    return plan_import


def _keep_amendment(plan_import: PlanImport, data: dict, now) -> PlanImport:
    """An amendment's read ends with its plan JSON kept for the preview; no draft."""
    _update_run(
        plan_import,
        status=ImportStatus.DONE,
        progress=100,
        parsed=data,
        tables=data.get("tables") or [],
        message="",
        message_en="",
        finished_at=clock.now(now),
    )
    return plan_import


def _draft(plan_import: PlanImport, data: dict, rereading: bool):
    """The new draft: made from ``data``, or in place of the draft read before."""
    name = plan_import.original_name
    if not rereading:
        plan = plan_draft_create(data=data, source_name=name)
        attribute_history(plan, plan_import.created_by, "plans.plan.imported")
        return plan
    user = plan_import.requested_by or plan_import.created_by
    return plan_draft_replace(
        plan_id=plan_import.plan_id, data=data, source_name=name, user=user, action=REREAD
    )


def _taken_back(plan_import: PlanImport) -> None:
    logger.warning(
        "Plan import %s (%s): attempt %d ended after the import was taken back; "
        "its result is dropped",
        plan_import.pk,
        plan_import,
        plan_import.attempts,
    )


def imports_recover(now: datetime | None = None) -> int:
    """Take back the imports whose worker stopped mid-read; returns how many.

    An import running since more than ``THEODOI_IMPORT_STALE_MINUTES`` has lost
    its worker (killed, machine restarted): it is queued again, and read again
    once this is committed; after a second stall it fails with a message that
    says what to do. Safe beside another recovery and the workers (the rows are
    locked, the updates conditional), in three queries however many there are;
    each import queued again is one more task in the queue.
    """
    moment = clock.now(now)
    stale = PlanImport.objects.filter(
        status=ImportStatus.RUNNING,
        started_at__lt=moment - timedelta(minutes=settings.THEODOI_IMPORT_STALE_MINUTES),
    )
    with transaction.atomic():
        rows = list(
            stale.select_for_update(skip_locked=True)
            .order_by("pk")
            .values_list("pk", "attempts", "original_name", "started_at")
        )
        if not rows:
            return 0
        again = [pk for pk, attempts, *_rest in rows if attempts < MAX_ATTEMPTS]
        given_up = [pk for pk, attempts, *_rest in rows if attempts >= MAX_ATTEMPTS]
        if again:
            stale.filter(pk__in=again).update(status=ImportStatus.QUEUED, progress=0)
            transaction.on_commit(partial(_enqueue_all, again))
        if given_up:
            stale.filter(pk__in=given_up).update(
                status=ImportStatus.FAILED,
                progress=100,
                **_in_both(STALLED_TWICE),
                finished_at=moment,
            )
    for pk, attempts, name, started_at in rows:
        logger.warning(
            "Plan import %s (%s) stalled: running since %s (attempt %d); %s",
            pk,
            name,
            started_at.isoformat(),
            attempts,
            "queued again" if attempts < MAX_ATTEMPTS else "failed",
        )
    return len(rows)


def reread(plan_import: PlanImport) -> bool:
    """Whether the import is being read again after its worker stopped mid-read:
    queued again after a read began (``attempts`` counts the reads begun), or
    running its second read."""
    if plan_import.status == ImportStatus.QUEUED:
        return plan_import.attempts >= 1
    return plan_import.status == ImportStatus.RUNNING and plan_import.attempts > 1


def slow(plan_import: PlanImport, now: datetime | None = None) -> bool:
    """Whether the import has been running for more than a couple of minutes."""
    return (
        plan_import.status == ImportStatus.RUNNING
        and plan_import.started_at is not None
        and clock.now(now) - plan_import.started_at > SLOW_AFTER
    )


def _in_both(text) -> dict:
    """A lazy message in Vietnamese and in English: the worker has no page language,
    so both are stored and the page shows its own (``PlanImport.message_shown``)."""
    with translation.override("vi"):
        vi = str(text)
    with translation.override("en"):
        return {"message": vi, "message_en": str(text)}


def _fail(plan_import: PlanImport, messages: dict, now) -> PlanImport | None:
    """A first read fails the import; a failed re-read leaves the draft as it was
    (the import stays done, with the message of why the re-read failed)."""
    if plan_import.requested is not None and plan_import.plan_id is not None:
        fields = {"status": ImportStatus.DONE, "requested": None}
    else:
        fields = {"status": ImportStatus.FAILED, "plan": None}
    try:
        _update_run(plan_import, progress=100, **messages, **fields, finished_at=clock.now(now))
    except TakenBack:
        return _taken_back(plan_import)
    return plan_import
