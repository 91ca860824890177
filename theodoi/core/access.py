"""Who may see what. Every view is wrapped by exactly one of these decorators.

The decorator records its rule on the view (``view.access``), so that a test can
walk every URL of the project and prove that each view is guarded and that an
officer of one body is refused another body's pages.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

OFFICE_ROLES = {"office", "admin"}


def is_office(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in OFFICE_ROLES)


def can_see_body(user, body) -> bool:
    """Office and admin see every body; a viewer the bodies he oversees (all if none
    are listed: the chair); focal officers and heads only their own body."""
    if is_office(user):
        return True
    if user.role == "viewer":
        return user.oversees(body)
    return user.body_id == body.pk


def mark_access(view, rule):
    """Record the view's rule (``view.access``) for the test that walks every URL."""
    view.access = rule
    return view


def public(view):
    """Pages anyone may open (login, password reset)."""
    return mark_access(view, "public")


def signed_in(view):
    """Pages of the signed-in user himself; no other body's data on them."""
    return mark_access(login_required(view), "signed_in")


def office_only(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_office(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return mark_access(login_required(wrapped), "office")


def board_readers(view):
    """The office, and the chair and working-group members, who read (never act on)
    the bodies they oversee; focal officers and heads are refused."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not (is_office(request.user) or request.user.role == "viewer"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return mark_access(login_required(wrapped), "office_and_viewers")


def overseen_body_ids(user) -> set[int] | None:
    """The bodies a viewer oversees; None when he sees every body (the office, a
    viewer who lists none: the chair)."""
    if is_office(user):
        return None
    return set(user.overseen_bodies.values_list("pk", flat=True)) or None
