"""Each role's home page: where ``/`` sends a user, the office's and the viewers' pages."""

from django.shortcuts import redirect, render

from theodoi.accounts.models import Role, User
from theodoi.bodies.models import Body
from theodoi.bodies.selectors import counts_by_kind
from theodoi.core.access import is_office, office_only, readable_body_ids, signed_in
from theodoi.reporting.selectors.board import reports_awaiting_office
from theodoi.reporting.selectors.progress import overview_for


@signed_in
def home(request):
    """Each role lands on its own page."""
    user = request.user
    if is_office(user):
        return redirect("accounts:office_home")
    if user.role == Role.VIEWER:
        return redirect("accounts:viewer_home")
    if user.body_id:
        return redirect("bodies:detail", body_id=user.body_id)
    return render(request, "accounts/no_body.html", status=403)


@office_only
def office_home(request):
    context = {
        "body_counts": counts_by_kind(),
        "role_counts": [
            (label, User.objects.filter(role=value, is_active=True).count())
            for value, label in Role.choices
        ],
        "awaiting": reports_awaiting_office().count(),  # the reporting area's review list
    }
    return render(request, "accounts/office_home.html", context)


@signed_in
def viewer_home(request):
    user = request.user
    if user.role != Role.VIEWER and not user.is_superuser:
        return redirect("home")
    body_ids = readable_body_ids(user)  # None: he oversees every body (the chair)
    oversees_all = body_ids is None
    if oversees_all:
        bodies = Body.objects.filter(active=True)
    else:
        bodies = Body.objects.filter(pk__in=body_ids)
    context = {
        "bodies": bodies.order_by("kind", "name"),
        "oversees_all": oversees_all,
        "overview": overview_for(user),  # the reporting area's status of each plan
    }
    return render(request, "accounts/viewer_home.html", context)
