"""A plan's public page (``cong-khai/<plan>/``): anyone may read it once the office has
turned it on; otherwise it does not exist (404)."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from theodoi.core.access import public
from theodoi.plans.models import Plan, PlanStatus

from ..services.public import is_public, public_figures


@public
def public_page(request, plan_id):
    plan = get_object_or_404(Plan, pk=plan_id, status=PlanStatus.PUBLISHED)
    if not is_public(plan):
        raise Http404
    return render(request, "dashboard/public.html", {"figures": public_figures(plan)})
