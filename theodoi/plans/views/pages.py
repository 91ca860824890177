"""Pages to read plans: the list, a plan with its tasks and KPIs, a task, a KPI, search.

Every signed-in user reads published plans (the whole province works from the
same document). Drafts are the office's: anyone else who opens one (an old link)
is sent back to the plan list with a message, and never sees its content.

A published task's page shows what the bodies reported on it, and a KPI's page its
values, period by period (``selectors.task_results``, ``indicator_values``): sent
reports of the bodies the reader may see; drafts only to the body and the office.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from theodoi.core.access import is_office, signed_in
from theodoi.core.views import history_entries
from theodoi.reporting.selectors import plan_page_status

from .. import selectors
from ..models import Indicator, Plan, Task


def _not_yet_published(request):
    messages.info(request, _("Kế hoạch này chưa được ban hành."))
    return redirect("plans:list")


def _partial_wanted(request) -> bool:
    """An htmx request swaps a fragment; a history restore needs the whole page."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def _labelled(entries: list[dict], model) -> list[dict]:
    """History changes named as the page names the fields (``sản phẩm``, not ``deliverable``)."""
    for entry in entries:
        entry["changes"] = [
            (model._meta.get_field(name).verbose_name, old, new)
            for name, old, new in entry["changes"]
        ]
    return entries


@signed_in
def plan_list(request):
    plans = selectors.plans_for_list(request.user)
    context = {"plans": plans, "is_office": is_office(request.user)}
    return render(request, "plans/pages/plan_list.html", context)


@signed_in
def plan_detail(request, plan_id):
    plan = get_object_or_404(Plan, pk=plan_id)
    if plan.is_draft and not is_office(request.user):
        return _not_yet_published(request)
    filters = selectors.TaskFilters.from_params(request.GET)
    tasks = list(selectors.plan_tasks(plan, filters))
    depths = selectors.task_depths(plan)
    for task in tasks:
        task.depth = depths.get(task.pk, 0)
    indicators = selectors.plan_indicators(plan)
    parts = [part for indicator in indicators for part in indicator.parts.all()]
    selectors.attach_cells([*tasks, *indicators, *parts])
    context = {
        "plan": plan,
        "tasks": tasks,
        "filters": filters,
        "task_total": len(depths),
        "indicators": indicators,
        "is_office": is_office(request.user),
        **plan_page_status(plan, tasks),  # the reporting area's classes and summary
    }
    if _partial_wanted(request):
        return render(request, "plans/pages/_task_results.html", context)
    reporting = list(plan.reporting.all())
    context.update(
        selectors.plan_filter_choices(plan),
        reporting=reporting,
        actuals={} if plan.is_draft else selectors.kpi_actuals(plan),
    )
    return render(request, "plans/pages/plan_detail.html", context)


@signed_in
def task_detail(request, task_id):
    task = get_object_or_404(Task.objects.select_related("plan", "section", "parent"), pk=task_id)
    if task.plan.is_draft and not is_office(request.user):
        return _not_yet_published(request)
    context = {
        "task": task,
        "roles": selectors.roles_of(task),
        "children": task.children.order_by("position"),
        "entries": _labelled(history_entries(task), Task),
        "is_office": is_office(request.user),
        "results": [] if task.plan.is_draft else selectors.task_results(task, request.user),
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
        "roles": selectors.roles_of(indicator),
        "parts": indicator.parts.order_by("position"),
        "entries": _labelled(history_entries(indicator), Indicator),
        "is_office": is_office(request.user),
    }
    if not indicator.plan.is_draft:
        context["actual"] = selectors.kpi_actuals(indicator.plan).get(indicator.pk)
        context["values"] = selectors.indicator_values(indicator, request.user)
    return render(request, "plans/pages/indicator_detail.html", context)


@signed_in
def search(request):
    query = request.GET.get("q", "").strip()[:200]
    total, tasks = selectors.search_tasks(query)
    context = {"query": query, "total": total, "tasks": tasks}
    return render(request, "plans/pages/search.html", context)


urlpatterns = [
    path("", plan_list, name="list"),
    path("tim-kiem/", search, name="search"),
    path("<int:plan_id>/", plan_detail, name="detail"),
    path("nhiem-vu/<int:task_id>/", task_detail, name="task"),
    path("chi-tieu/<int:indicator_id>/", indicator_detail, name="indicator"),
]
