"""Pages to read plans: the list of plans, and search across their tasks.

Every signed-in user reads published plans (the whole province works from the
same document); drafts are listed to the office only. A plan's page, a task's
and a KPI's show what the bodies reported: they are combined pages
(``theodoi.pages.views.plans``).
"""

from django.shortcuts import render

from theodoi.core.access import is_office, signed_in

from ..selectors.pages import plans_for_list, search_tasks


@signed_in
def plan_list(request):
    plans = plans_for_list(request.user)
    context = {"plans": plans, "is_office": is_office(request.user)}
    return render(request, "plans/pages/plan_list.html", context)


@signed_in
def search(request):
    query = request.GET.get("q", "").strip()[:200]
    total, tasks = search_tasks(query)
    context = {"query": query, "total": total, "tasks": tasks}
    return render(request, "plans/pages/search.html", context)
