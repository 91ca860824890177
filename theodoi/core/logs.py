"""Logging filters (settings.LOGGING)."""

import logging
import traceback
from pathlib import Path


class OneLineForbidden(logging.Filter):
    """A refused page (``PermissionDenied``, 403) logged by ``django.request`` in one
    line — who, which page, why — instead of Django's full traceback: a refusal is
    the access rules working, and hundreds of tracebacks a day hide real errors."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) != 403 or not record.exc_info:
            return True
        request = getattr(record, "request", None)
        user = getattr(request, "user", None)
        who = user.get_username() if user is not None and user.is_authenticated else "-"
        path = request.path if request is not None else "?"
        method = request.method if request is not None else "?"
        record.msg = "Forbidden: %s %s user=%s reason=%s"
        record.args = (method, path, who, _reason(record.exc_info))
        record.exc_info = None
        record.exc_text = None
        return True


def _reason(exc_info) -> str:
    """The exception's message, else where it was raised (file:line in function)."""
    _kind, error, trace = exc_info
    message = str(error).replace("\n", " ")
    if message:
        return message
    frames = traceback.extract_tb(trace)
    if not frames:
        return "PermissionDenied"
    frame = frames[-1]
    where = "/".join(Path(frame.filename).parts[-3:])
    return f"raised at {where}:{frame.lineno} in {frame.name}"
