"""Who may see what. Every view is wrapped by exactly one of these decorators.

The decorator records its rule on the view (``view.access``), so that a test can
walk every URL of the project and prove that each view is guarded and that an
officer of one body is refused another body's pages.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from .roles import OFFICE_ROLES, Role


def is_office(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in OFFICE_ROLES)


def can_see_body(user, body) -> bool:
    """Whether ``user`` may read the body's pages and reports (``readable_body_ids``)."""
    body_ids = readable_body_ids(user)
    return body_ids is None or body.pk in body_ids


def readable_body_ids(user) -> set[int] | None:
    """The bodies whose pages and reports ``user`` may read; ``None``: every body.

    The one rule, in one query at most: the office and the administrator read every
    body; a viewer the bodies he oversees — every body when he lists none (the
    chair); a focal officer or a head his own body only.
    """
    if is_office(user):
        return None
    if user.role == Role.VIEWER:
        return set(user.overseen_bodies.values_list("pk", flat=True)) or None
    return {user.body_id} if user.body_id else set()


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
        if not (is_office(request.user) or request.user.role == Role.VIEWER):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return mark_access(login_required(wrapped), "office_and_viewers")
