"""Explanations: the chair asks from a red cell (htmx), the body answers on its page,
and the office and the chair follow every request on one list."""

from functools import wraps
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from theodoi.core import clock
from theodoi.core.access import board_readers, can_see_body, mark_access
from theodoi.core.forms import add_service_errors, refusal_text

from ..explain_forms import AnswerForm, AskForm
from ..models import Explanation
from ..services.explanations import (
    deadline_default,
    explanation_answer,
    explanation_ask,
    explanations_for,
    explanations_list,
    item_label,
)


def explanation_scoped(view):
    """The view takes ``explanation_id``; only those who may read the asked body's
    pages reach it (the service then allows the body's own people and the office)."""

    @wraps(view)
    def wrapped(request, explanation_id, *args, **kwargs):
        explanation = get_object_or_404(
            Explanation.objects.select_related("body", "plan"), pk=explanation_id
        )
        if not can_see_body(request.user, explanation.body):
            raise PermissionDenied
        return view(request, explanation, *args, **kwargs)

    return mark_access(login_required(wrapped), "body")


def _back(request, fallback):
    """Where the page came from (``next``), when it is one of ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect(fallback)


def explain_links(request, page: str) -> dict:
    """The red cells' links, made once a page (the screen has hundreds of cells): the
    request form's address, its label, and the page to come back to (quoted)."""
    return {
        "explain_url": reverse("dashboard:explain_ask"),
        "explain_label": _("Yêu cầu giải trình"),
        "here": quote(page, safe="/"),
    }


def cell_context(request, *, task, indicator, body) -> dict:
    """What ``_explain_cell.html`` needs for one cell, read again after a change."""
    plan = (task or indicator).plan
    cells = explanations_for(plan, body_ids=[body.pk])
    key = (task.pk if task else None, indicator.pk if indicator else None, body.pk)
    back = request.POST.get("next") or reverse("dashboard:plan", args=[plan.pk])
    return {
        "explain_task": key[0],
        "explain_indicator": key[1],
        "explain_body": body.pk,
        "explanations": cells.get(key, []),
        **explain_links(request, back),
    }


def _ask_form_context(request, form) -> dict:
    return {
        "ask_form": form,
        "ask_page": not request.htmx,  # a page of its own posts without htmx
        "next": request.GET.get("next") or request.POST.get("next", ""),
    }


@board_readers
def explain_ask(request):
    """GET: the form for one cell (question prefilled, deadline in five working days);
    POST: the request is made — htmx gets the cell back, a page goes back."""
    if request.method != "POST":
        form = AskForm(request.GET)
        if not form.is_valid():
            return redirect("dashboard:explanations")
        cell = form.cleaned_data
        label = item_label(task=cell["task"], indicator=cell["indicator"])
        initial = {
            **{name: cell[name] for name in ("task", "indicator", "body")},
            "question": _("Đề nghị %(body)s giải trình về %(item)s.")
            % {"body": cell["body"].name, "item": label},
            "deadline": deadline_default(clock.today()),
        }
        context = _ask_form_context(request, AskForm(initial=initial))
        if request.htmx:
            return render(request, "dashboard/_explanation_ask.html", context)
        return render(request, "dashboard/explanations.html", context)
    form = AskForm(request.POST)
    if form.is_valid():
        cell = form.cleaned_data
        try:
            explanation_ask(plan=form.plan, user=request.user, **cell)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if request.htmx:
                context = cell_context(
                    request, task=cell["task"], indicator=cell["indicator"], body=cell["body"]
                )
                return render(request, "dashboard/_explain_cell.html", context)
            messages.success(request, _("Đã gửi yêu cầu giải trình tới %s.") % cell["body"].name)
            return _back(request, "dashboard:explanations")
    context = _ask_form_context(request, form)
    if request.htmx:  # htmx swaps only a 2xx answer: the form comes back in place
        response = render(request, "dashboard/_explanation_ask.html", context)
        response["HX-Retarget"], response["HX-Reswap"] = "closest .explain-form", "innerHTML"
        return response
    return render(request, "dashboard/explanations.html", context, status=400)


@explanation_scoped
@require_POST
def explain_answer(request, explanation):
    """The body's focal officer or head answers on the body page."""
    form = AnswerForm(request.POST, instance=explanation)
    try:
        if form.is_valid():
            explanation_answer(
                explanation,
                answer=form.cleaned_data["answer"],
                user=request.user,
                seen_version=form.seen,
            )
            messages.success(request, _("Đã gửi giải trình."))
    except ValidationError as error:
        messages.error(request, refusal_text(error))
    return _back(request, explanation.body.get_absolute_url())


@board_readers
def explanations(request):
    """Every request the reader may see: waiting, late, answered."""
    return render(request, "dashboard/explanations.html", {"rows": explanations_list(request.user)})
