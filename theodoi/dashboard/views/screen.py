"""The chair's one screen: the committee's plans, and each plan's KPIs, tasks,
reporting discipline and scorecard (a member: only the bodies he oversees)."""

from django.shortcuts import get_object_or_404, render

from theodoi.core.access import board_readers, readable_body_ids
from theodoi.plans.models import Plan, PlanStatus

from ..selectors import FORECAST_LABELS, HEAT_LABELS, committee_summary, plan_screen


@board_readers
def home(request):
    body_ids = readable_body_ids(request.user)
    context = {"summaries": committee_summary(body_ids=body_ids), "limited": body_ids is not None}
    return render(request, "dashboard/screen.html", context)


@board_readers
def plan(request, plan_id):
    plan = get_object_or_404(Plan, pk=plan_id, status=PlanStatus.PUBLISHED)
    screen = plan_screen(plan, body_ids=readable_body_ids(request.user))
    context = {
        "screen": screen,
        "plan": plan,
        "heat_labels": HEAT_LABELS,
        "forecast_labels": FORECAST_LABELS,
    }
    return render(request, "dashboard/screen.html", context)
