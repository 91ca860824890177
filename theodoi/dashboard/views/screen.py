"""The chair's one screen: the committee's plans, and each plan's KPIs, tasks,
reporting discipline and scorecard (a member: only the bodies he oversees)."""

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

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
    return render(request, "dashboard/screen.html", context)


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
