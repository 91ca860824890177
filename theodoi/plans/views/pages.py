"""Plan list, plan page, task page (first cut)."""

from django.shortcuts import get_object_or_404, render
from django.urls import path

from theodoi.core.access import signed_in

from ..models import Plan, Task


@signed_in
def plan_list(request):
    plans = Plan.objects.all()
    return render(request, "plans/pages/plan_list.html", {"plans": plans})


@signed_in
def plan_detail(request, plan_id):
    plan = get_object_or_404(Plan, pk=plan_id)
    tasks = plan.tasks.select_related("section").order_by("position")
    return render(request, "plans/pages/plan_detail.html", {"plan": plan, "tasks": tasks})


@signed_in
def task_detail(request, task_id):
    task = get_object_or_404(Task.objects.select_related("plan", "section"), pk=task_id)
    return render(request, "plans/pages/task_detail.html", {"task": task})


urlpatterns = [
    path("", plan_list, name="list"),
    path("<int:plan_id>/", plan_detail, name="detail"),
    path("nhiem-vu/<int:task_id>/", task_detail, name="task"),
]
