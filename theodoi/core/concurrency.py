"""Refuse a concurrent edit instead of overwriting it.

A form carries the fingerprint of the object as it was shown; the service
compares it, under a row lock, with the object as it is now.
"""

import hashlib
import json

from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _


class EditConflict(ValidationError):
    def __init__(self):
        super().__init__(
            _("Người khác vừa sửa mục này. Hãy tải lại trang để xem bản mới rồi sửa lại."),
            code="conflict",
        )


def fingerprint(instance, fields: list[str]) -> str:
    values = model_to_dict(instance, fields=fields)
    data = json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()[:32]


def check_unchanged(instance, fields: list[str], expected: str) -> None:
    if fingerprint(instance, fields) != expected:
        raise EditConflict()
