"""The access rule of the pages of one body (its page, its reports, its files)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from theodoi.core.access import can_see_body, mark_access

from .models import Body


def body_scoped(view):
    """The view takes ``body_id``; it gets the Body, after the access check
    (``core.access.can_see_body``)."""

    @wraps(view)
    def wrapped(request, body_id, *args, **kwargs):
        user = request.user
        if user.is_authenticated and user.body_id is not None and user.body_id == body_id:
            body = user.body  # read with the user (``accounts.backends``)
        else:
            body = get_object_or_404(Body, pk=body_id)
        if not can_see_body(request.user, body):
            raise PermissionDenied
        return view(request, body, *args, **kwargs)

    return mark_access(login_required(wrapped), "body")
