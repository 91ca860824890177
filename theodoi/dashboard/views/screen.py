"""The chair's one screen: the committee's plans, and each plan's KPIs, tasks,
reporting discipline and scorecard (a member: only the bodies he oversees)."""

import hashlib
import pickle

from django.core.cache import cache
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from theodoi.core.access import board_readers, readable_body_ids
from theodoi.plans.models import Plan, PlanStatus

from ..selectors import (
    FORECAST_LABELS,
    HEAT_LABELS,
    METHOD_LABELS,
    committee_summary,
    discipline_screen,
    plan_screen,
)
from .explanations import explain_links

SCREEN_CACHE_SECONDS = 600  # the key changes with the content: this only bounds memory


@board_readers
def home(request):
    body_ids = readable_body_ids(request.user)
    context = {"summaries": committee_summary(body_ids=body_ids), "limited": body_ids is not None}
    return render(request, "dashboard/screen.html", context)


@board_readers
def plan(request, plan_id):
    plan = get_object_or_404(Plan, pk=plan_id, status=PlanStatus.PUBLISHED)
    body_ids = readable_body_ids(request.user)
    screen = plan_screen(plan, body_ids=body_ids, page=request.GET.get("trang"))
    context = {
        "screen": screen,
        "plan": plan,
        "heat_labels": _translated(HEAT_LABELS),
        "forecast_labels": _translated(FORECAST_LABELS),
        "method_labels": _translated(METHOD_LABELS),
        **explain_links(request, request.get_full_path()),
    }
    context["screen_html"] = _screen_html(request, context)
    return render(request, "dashboard/screen.html", context)


def _screen_html(request, context) -> str:
    """The plan's screen below the menu, rendered once for what it shows.

    Rendering it costs more than reading it; the chair, the office and the members open
    it again and again between two report steps. The cache key is a digest of every
    figure and name the screen shows (the ``PlanScreen``, as read) with the language,
    the page's address and the heat map's page: when anything shown changes — a rollup,
    a name, an explanation, a period falling due — the key changes with it, so a
    cached screen is never an old one. Nothing in it depends on who reads it beyond
    what the ``PlanScreen`` holds (a member's is his bodies'). The cache is Django's
    (per process unless ``CACHES`` says otherwise); entries expire after ten minutes."""
    screen, page = context["screen"], context["screen"].heat_page
    facts = (get_language(), context["here"], page.number, page.paginator.count)
    screen.heat_page = None  # its rows are in ``screen.bodies``; the rest is in ``facts``
    try:
        digest = hashlib.sha256(pickle.dumps((screen, facts), protocol=5)).hexdigest()
    finally:
        screen.heat_page = page
    key = f"dashboard:screen:{digest}"
    html = cache.get(key)
    if html is None:
        html = render_to_string("dashboard/_screen_plan.html", context, request)
        cache.set(key, html, SCREEN_CACHE_SECONDS)
    return mark_safe(html)


@board_readers
def discipline(request, plan_id):
    """Another page of the heat map, for htmx; a plain request goes to the screen."""
    plan = get_object_or_404(Plan, pk=plan_id, status=PlanStatus.PUBLISHED)
    page = request.GET.get("trang")
    if not request.htmx:
        url = reverse("dashboard:plan", args=[plan.pk])
        return redirect(f"{url}?trang={page}#discipline" if str(page).isdigit() else url)
    screen = discipline_screen(plan, body_ids=readable_body_ids(request.user), page=page)
    context = {"screen": screen, "plan": plan, "heat_labels": _translated(HEAT_LABELS)}
    return render(request, "dashboard/_screen_discipline.html", context)


def _translated(labels: dict) -> dict:
    """Lazy labels translated once a page, not once a cell."""
    return {key: str(label) for key, label in labels.items()}
