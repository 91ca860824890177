"""A plan's page, a task's page, a KPI's page: the plan's text with what the bodies
reported on it (``reporting.selectors.results``) and where each task and KPI stands
(``reporting.selectors.progress``).

Drafts are the office's: anyone else who opens one (an old link) is sent back to
the plan list with a message, and never sees its content. Sent reports of the
bodies the reader may see are shown; drafts only to the body and the office.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from theodoi.core.access import is_office, signed_in
from theodoi.core.history import history_rows
from theodoi.plans.models import Indicator, Plan, Task
from theodoi.plans.selectors.pages import (
    TaskFilters,
    attach_cells,
    plan_filter_choices,
    plan_indicators,
    plan_tasks,
    roles_of,
    task_depths,
)
from theodoi.reporting.selectors.progress import plan_page_status
from theodoi.reporting.selectors.results import indicator_values, kpi_actuals, task_results


def _not_yet_published(request):
    messages.info(request, _("Kế hoạch này chưa được ban hành."))
    return redirect("plans:list")


def _partial_wanted(request) -> bool:
    """An htmx request swaps a fragment; a history restore needs the whole page."""
    return bool(request.htmx) and not request.htmx.history_restore_request


@signed_in
def plan_detail(request, plan_id):
    plan = get_object_or_404(Plan, pk=plan_id)
    if plan.is_draft and not is_office(request.user):
        return _not_yet_published(request)
    filters = TaskFilters.from_params(request.GET)
    tasks = list(plan_tasks(plan, filters=filters))
    depths = task_depths(plan)
    for task in tasks:
        task.depth = depths.get(task.pk, 0)
    indicators = plan_indicators(plan)
    parts = [part for indicator in indicators for part in indicator.parts.all()]
    attach_cells([*tasks, *indicators, *parts])
    context = {
        "plan": plan,
        "tasks": tasks,
        "filters": filters,
        "task_total": len(depths),
        "indicators": indicators,
        "is_office": is_office(request.user),
        **plan_page_status(plan, tasks=tasks),  # the reporting area's classes and summary
    }
    if _partial_wanted(request):
        return render(request, "plans/pages/_task_results.html", context)
    reporting = list(plan.reporting.all())
    context.update(
        plan_filter_choices(plan),
        reporting=reporting,
        actuals={} if plan.is_draft else kpi_actuals(plan),
    )
    return render(request, "plans/pages/plan_detail.html", context)


@signed_in
def task_detail(request, task_id):
    task = get_object_or_404(Task.objects.select_related("plan", "section", "parent"), pk=task_id)
    if task.plan.is_draft and not is_office(request.user):
        return _not_yet_published(request)
    context = {
        "task": task,
        "roles": roles_of(task),
        "children": task.children.order_by("position"),
        "entries": history_rows(task),
        "is_office": is_office(request.user),
        "results": [] if task.plan.is_draft else task_results(task, user=request.user),
    }
    return render(request, "plans/pages/task_detail.html", context)


@signed_in
def indicator_detail(request, indicator_id):
    indicator = get_object_or_404(
        Indicator.objects.select_related("plan", "parent"), pk=indicator_id
    )
    if indicator.plan.is_draft and not is_office(request.user):
        return _not_yet_published(request)
    context = {
        "indicator": indicator,
        "roles": roles_of(indicator),
        "parts": indicator.parts.order_by("position"),
        "entries": history_rows(indicator),
        "is_office": is_office(request.user),
    }
    if not indicator.plan.is_draft:
        context["actual"] = kpi_actuals(indicator.plan).get(indicator.pk)
        context["values"] = indicator_values(indicator, user=request.user)
    return render(request, "plans/pages/indicator_detail.html", context)
