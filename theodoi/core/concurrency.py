"""Refuse a concurrent edit instead of overwriting it — one guard for every page.

A page shows the version of the object it displays (``edit_version``) in one
hidden field, ``seen_version`` (``SEEN_FIELD``); the service compares it, under a
row lock, with the object as it is now (``check_unchanged``) and refuses with one
message (``EditConflict``). The version is the model's ``version`` counter where it
has one, otherwise a fingerprint of the fields the page edits.

A save posted by a page must carry the version (``required_version``): one without it
(a script, an old page) is refused, never saved over what it has not seen.
"""

import hashlib
import json

from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

SEEN_FIELD = "seen_version"


class EditConflict(ValidationError):
    def __init__(self):
        super().__init__(
            _("Người khác vừa sửa mục này. Hãy tải lại trang để xem bản mới rồi sửa lại."),
            code="conflict",
        )


def fingerprint(instance, fields) -> str:
    """A short digest of the instance's ``fields`` (for a model with no counter)."""
    values = model_to_dict(instance, fields=list(fields))
    data = json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()[:32]


def edit_version(instance, fields=None) -> str:
    """What the page shows as ``seen_version``: the ``version`` counter when ``fields``
    is not given (the model counts its saves), otherwise the fields' fingerprint."""
    if fields is None:
        return str(instance.version)
    return fingerprint(instance, fields)


def check_unchanged(instance, seen, fields=None) -> None:
    """Refuse (``EditConflict``) unless ``seen`` is the instance's ``edit_version`` now.
    A missing ``seen`` (``None`` or empty) is refused too: a caller that accepts a save
    without it (a page with no version, a command) does not call the guard."""
    if seen is None or str(seen).strip() != edit_version(instance, fields):
        raise EditConflict()


class VersionMissing(ValidationError):
    def __init__(self):
        super().__init__(
            _("Trang không gửi kèm phiên bản đang xem nên chưa lưu; hãy tải lại trang."),
            code="version_missing",
        )


def required_version(data) -> str:
    """The ``seen_version`` a page posted with a save; refused (``VersionMissing``) when
    it sent none, so that a service never saves without comparing it."""
    seen = seen_version(data)
    if seen is None:
        raise VersionMissing()
    return seen


def seen_version(data) -> str | None:
    """The ``seen_version`` a page posted; ``None`` when it sent none (or an empty one)."""
    seen = str(data.get(SEEN_FIELD) or "").strip()
    return seen or None
