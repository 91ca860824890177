"""The list of bodies with their accounts, and a body's page: its people, its
groups, its work in every published plan with its class, what is due from it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from theodoi.accounts.models import Role, User
from theodoi.accounts.selectors import COVERAGE_FILTERS, with_account_counts
from theodoi.accounts.services import user_delegate_approval
from theodoi.bodies.access import body_scoped
from theodoi.bodies.models import BodyKind
from theodoi.bodies.selectors import bodies_for_list, groups_of
from theodoi.core.access import is_office, office_only
from theodoi.core.forms import refusal_text
from theodoi.dashboard.services.explanations import body_explanations
from theodoi.documents.services.letters import body_letters
from theodoi.plans.selectors.pages import body_work
from theodoi.reporting.selectors.progress import body_page_status
from theodoi.reporting.selectors.reports import due_for_body


@office_only
def body_list(request):
    query, kind = request.GET.get("q", "").strip(), request.GET.get("loai", "")
    coverage = request.GET.get("tai-khoan", "")
    bodies = with_account_counts(bodies_for_list(query=query, kind=kind), coverage=coverage)
    context = {
        "bodies": bodies,
        "query": query,
        "kind": kind,
        "kinds": BodyKind.choices,
        "coverage": coverage,
        "coverages": [(value, label) for value, (label, _rule) in COVERAGE_FILTERS.items()],
    }
    template = "bodies/_body_rows.html" if request.htmx else "bodies/body_list.html"
    return render(request, template, context)


@body_scoped
def body_detail(request, body):
    work = body_work(body)
    people = list(body.users.filter(is_active=True).order_by("role", "username"))
    context = {
        "body": body,
        "people": people,
        "focal_count": sum(p.role == Role.FOCAL for p in people),
        "head_count": sum(p.role == Role.HEAD for p in people),
        "can_delegate": is_office(request.user)
        or (request.user.role == Role.HEAD and request.user.body_id == body.pk),
        "groups": groups_of(body),
        "work": work,
        "due": due_for_body(body, user=request.user),
        **body_page_status(body, work=work),  # the reporting area's class of each task
        **body_letters(body, user=request.user),
        **body_explanations(body, user=request.user),
    }
    return render(request, "bodies/body_detail.html", context)


@body_scoped
@require_POST
def body_delegate(request, body, user_id):
    """The office or the body's head allows (or stops) a focal officer to approve."""
    account = get_object_or_404(User, pk=user_id, body=body)
    allowed = request.POST.get("allowed") == "1"
    try:
        user_delegate_approval(account=account, allowed=allowed, actor=request.user)
    except ValidationError as error:
        messages.error(request, refusal_text(error))
    else:
        done = _("%s được ủy quyền duyệt báo cáo.") if allowed else _("%s thôi duyệt báo cáo.")
        messages.success(request, done % account.display_name)
    return redirect(body.get_absolute_url())
