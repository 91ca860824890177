"""The review grid of a draft plan (office only): correct cells, resolve names,
see the "06 rõ", publish. Rows are re-rendered whole after each save (htmx)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from theodoi.bodies.models import Body, Group
from theodoi.core.access import office_only
from theodoi.core.concurrency import required_version
from theodoi.core.forms import refusal_text
from theodoi.core.params import id_of, int_param, parse_int

from ..models import AgencyItem, Plan, Task
from ..rules import SIX_CLEAR
from ..selectors.gaps import plan_gaps
from ..selectors.imports import draft_structure, reread_pending
from ..selectors.publication import reporting_day_unread, unresolved_items
from ..selectors.review import (
    cells_named_like,
    registry_search,
    review_counts,
    review_grid,
    review_row,
    unknown_names,
    unresolved_by_name,
)
from ..services.names import central_mark_outside, draft_undo, name_mark_outside, name_resolve
from ..services.publish import (
    GapsNotConfirmed,
    PublishRefused,
    ReportingDayInvalid,
    plan_publish,
)
from ..services.review import (
    FIELDS,
    MODELS,
    agency_item_set,
    cell_save,
    cell_value,
    item_fingerprint,
    row_fingerprint,
)
from ..services.rows import plan_create_empty, section_add, task_action, task_add

CHANGED = {"HX-Trigger": "review-changed"}  # the sticky header refreshes its counts


def _render(request, template, context, headers=None):
    response = render(request, template, context)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _draft(plan_id):
    plan = get_object_or_404(Plan, pk=plan_id)
    return plan if plan.is_draft else None


def _published(request, plan):
    messages.info(request, _("Kế hoạch đã ban hành; không sửa trên bảng duyệt được nữa."))
    return redirect(plan.get_absolute_url() if plan else "plans:list")


def _counts_context(plan):
    return {"plan": plan, "counts": review_counts(plan)}


@office_only
def review(request, plan_id):
    plan = _draft(plan_id)
    if plan is None:
        return _published(request, get_object_or_404(Plan, pk=plan_id))
    if request.htmx and request.GET.get("part") == "summary":
        return render(request, "plans/review/_summary.html", _counts_context(plan))
    pending = reread_pending(plan)
    if pending:  # the draft is about to be replaced: follow the re-read
        return redirect("plans:import", import_id=pending.pk)
    context = _counts_context(plan) | review_grid(plan)
    context["unknown_names"] = unknown_names(plan)
    context["central_cells"] = sum(n.count for n in context["unknown_names"] if n.central)
    context["structure"] = draft_structure(plan)
    context |= {"only_gaps": request.GET.get("loc") == "thieu", "six": SIX_CLEAR}
    context["fields"] = FIELDS
    return render(request, "plans/review/review.html", context)


def _row_response(request, plan, kind, row, *, editing="", value=None, error="", headers=None):
    """The row (tr) of the grid that holds the cell, editing one field or none."""
    context = {"plan": plan, "kind": kind, "row": row, "editing": editing, "error": error}
    context["fields"] = FIELDS
    context["six"] = SIX_CLEAR
    if editing:
        context["value"] = cell_value(row, editing) if value is None else value
        context["spec"] = FIELDS[kind][editing]
    if kind in {"task", "indicator"}:
        row = review_row(plan, kind=kind, pk=row.pk)
        context["row"] = row
    context["seen_version"] = row_fingerprint(kind, row)
    context["structure"] = draft_structure(plan) if kind in {"task", "section"} else None
    template = (
        "plans/review/_field_row.html" if kind == "plan" else f"plans/review/_{kind}_row.html"
    )
    if kind == "plan":
        context["field"] = editing or request.POST.get("field") or request.GET.get("field")
    return _render(request, template, context, headers)


@office_only
def cell(request, plan_id):
    """GET: the row with one cell as an input (``cancel``: without). POST: save it."""
    plan = _draft(plan_id)
    data = request.POST if request.method == "POST" else request.GET
    kind, field = data.get("kind", ""), data.get("field", "")
    if plan is None or kind not in FIELDS:
        return redirect("plans:review", plan_id) if plan else _published(request, None)
    model = MODELS[kind]
    row = plan if kind == "plan" else get_object_or_404(model, plan=plan, pk=id_of(data.get("id")))
    if field not in FIELDS[kind]:
        field = ""
    if request.method != "POST":
        editing = "" if data.get("cancel") else field
        return _row_response(request, plan, kind, row, editing=editing)
    try:
        row = cell_save(
            plan=plan,
            kind=kind,
            pk=row.pk,
            field=field,
            value=data.get("value", ""),
            seen_version=required_version(data),
            user=request.user,
        )
    except ValidationError as error:
        row.refresh_from_db()
        return _row_response(
            request,
            plan,
            kind,
            row,
            editing=field,
            value=data.get("value", ""),
            error=refusal_text(error),
        )
    plan.refresh_from_db()
    return _row_response(request, plan, kind, row, headers=CHANGED)


@office_only
def undo(request, plan_id):
    plan = _draft(plan_id)
    if plan is None:
        return _published(request, get_object_or_404(Plan, pk=plan_id))
    if request.method == "POST":
        try:
            kind, row = draft_undo(plan=plan, user=request.user)
        except ValidationError as error:
            messages.error(request, refusal_text(error))
        else:
            done = _undone(kind, row)
            messages.success(request, _("Đã hoàn tác thay đổi cuối cùng (%s).") % done)
    return redirect("plans:review", plan.pk)


def _undone(kind, row) -> str:
    """What the undo message names: a row, the plan's own fields, or a name's cells."""
    if kind == "names":
        cells = len(row.before)
        return _("tên “%(name)s”, %(n)d ô") % {"name": row.label, "n": cells}
    if kind in {"section", "task", "indicator"}:
        return _("dòng %s") % row.code
    return _("thông tin chung")


def _bulk_done(request, count):
    """After a choice for many cells: the whole grid again, saying how many changed."""
    messages.success(request, _("Đã áp dụng cho %d ô.") % count)
    return HttpResponse(status=204, headers={"HX-Refresh": "true"})


def _item_of(plan, item_id):
    items = AgencyItem.objects.filter(task__plan=plan) | AgencyItem.objects.filter(
        indicator__plan=plan
    )
    return get_object_or_404(
        items.select_related("body", "group", "task", "indicator"), pk=id_of(item_id)
    )


def _picker(request, plan, item, *, error="", query="", headers=None, oob=False):
    item = AgencyItem.objects.select_related("body", "group", "task", "indicator").get(pk=item.pk)
    kind, owner = ("task", item.task) if item.task_id else ("indicator", item.indicator)
    results = registry_search(query or item.text)
    if not query and results:  # suggestions for the name itself, as if typed
        query = item.text
    context = {
        "plan": plan,
        "item": item,
        "chosen": list(item.chosen.all()),
        "seen_version": item_fingerprint(item),
        "results": results,
        "query": query,
        "same_name": cells_named_like(plan, item=item),
        "error": error,
        "oob_row": review_row(plan, kind=kind, pk=owner.pk) if oob else None,
        "oob_kind": kind,
        "six": SIX_CLEAR,
        "structure": draft_structure(plan) if oob else None,
    }
    return _render(request, "plans/review/_picker.html", context, headers)


@office_only
def picker(request, plan_id):
    """The picker of one agency item: search the registry, set a body, a group or
    several bodies. GET shows it; POST ``set=body:ID|group:ID``, ``add``/``remove``
    (a chosen body), ``clear`` (every chosen body) or ``outside`` changes it."""
    plan = _draft(plan_id)
    data = request.POST if request.method == "POST" else request.GET
    if plan is None or not data.get("item"):
        return redirect("plans:review", plan_id) if plan else _published(request, None)
    item = _item_of(plan, data.get("item"))
    if request.method != "POST":
        if request.htmx and "q" in data:
            query = data.get("q", "")
            context = {"results": registry_search(query), "item": item, "query": query}
            return render(request, "plans/review/_picker_results.html", context)
        return _picker(request, plan, item, query=data.get("q", ""))
    chosen = list(item.chosen.all())
    kwargs = {}
    target = data.get("set", "")
    if target.startswith("body:") or data.get("outside"):
        return _name_choice(request, plan, item, target)
    if target.startswith("group:"):
        kwargs["group"] = get_object_or_404(Group, pk=id_of(target[6:]))
    elif data.get("add"):
        kwargs["chosen"] = [*chosen, get_object_or_404(Body, pk=id_of(data["add"]))]
    elif data.get("remove"):
        kwargs["chosen"] = [b for b in chosen if str(b.pk) != data["remove"]]
    elif data.get("clear"):
        kwargs["chosen"] = []
    else:  # Enter in the search box: search, change nothing
        return _picker(request, plan, item, query=data.get("q", ""))
    try:
        agency_item_set(item=item, seen_version=required_version(data), user=request.user, **kwargs)
    except ValidationError as error:
        return _picker(request, plan, item, error=refusal_text(error), query=data.get("q", ""))
    return _picker(request, plan, item, query=data.get("q", ""), headers=CHANGED, oob=True)


def _name_choice(request, plan, item, target):
    """A body (``set=body:ID``) or "ngoài tỉnh" for the item's name, in every cell."""
    try:
        seen = required_version(request.POST)
        if target.startswith("body:"):
            body = get_object_or_404(Body, pk=id_of(target[5:]))
            count = name_resolve(item=item, body=body, seen_version=seen, user=request.user)
        else:
            count = name_mark_outside(item=item, seen_version=seen, user=request.user)
    except ValidationError as error:
        return _picker(request, plan, item, error=refusal_text(error))
    return _bulk_done(request, count)


@office_only
def names(request, plan_id):
    """POST from the list of unknown names: ``op=outside`` with ``item`` (that name) or
    ``op=central`` (every ministry and central body): "ngoài tỉnh" in every cell."""
    plan = _draft(plan_id)
    if plan is None:
        return _published(request, get_object_or_404(Plan, pk=plan_id))
    if request.method == "POST":
        try:
            if request.POST.get("op") == "central":
                count = central_mark_outside(plan=plan, user=request.user)
            else:
                item = _item_of(plan, request.POST.get("item"))
                count = name_mark_outside(
                    item=item, seen_version=required_version(request.POST), user=request.user
                )
        except ValidationError as error:
            messages.error(request, refusal_text(error))
        else:
            messages.success(request, _("Đã áp dụng cho %d ô.") % count)
    return redirect(reverse("plans:review", args=[plan.pk]) + "#ten-chua-xac-dinh")


@office_only
def row_action(request, plan_id):
    """POST ``op`` = add|split|merge|delete|up|down on task ``id`` (``split_at``: where),
    or ``add-section``, or ``add-task`` (at the end of ``section``, or of the plan)."""
    plan = _draft(plan_id)
    if plan is None:
        return _published(request, get_object_or_404(Plan, pk=plan_id))
    if request.method != "POST":
        return redirect("plans:review", plan.pk)
    action = request.POST.get("op", "")
    try:
        if action == "add-section":
            section_add(plan=plan, user=request.user)
        elif action == "add-task":
            section = int_param(request.POST, "section", minimum=1)
            task_add(plan=plan, section_id=section, user=request.user)
        else:
            task = get_object_or_404(Task, plan=plan, pk=id_of(request.POST.get("id")))
            message = task_action(
                task=task, action=action, at=request.POST.get("split_at", ""), user=request.user
            )
            messages.success(request, message)
    except ValidationError as error:
        messages.error(request, refusal_text(error))
    task_id = int_param(request.POST, "id", minimum=1)
    anchor = f"#task-{task_id}" if task_id else ""
    return redirect(reverse("plans:review", args=[plan.pk]) + anchor)


def _gap_rows(plan, gaps):
    tasks = Task.objects.filter(pk__in=gaps).select_related("section").order_by("position")
    return [(task, [SIX_CLEAR[key] for key in gaps[task.pk]]) for task in tasks]


@office_only
def publish(request, plan_id):
    """GET: what publishing would do (refusal list or gaps to confirm). POST: publish."""
    plan = get_object_or_404(Plan, pk=plan_id)
    if not plan.is_draft:
        return _published(request, plan)
    context = {"plan": plan, "unresolved": unresolved_items(plan), "error": ""}
    context["reporting_unread"] = reporting_day_unread(plan)
    day = request.POST.get("reporting_day", "").strip()
    context["reporting_day"] = day or "15"
    day_number = parse_int(day)  # the service says when it is no day of a month
    if request.method == "POST" and context["reporting_unread"] and day_number is None:
        context["error"] = _("Hãy xác nhận hoặc nhập ngày hạn nộp báo cáo (một số từ 1 đến 31).")
    elif request.method == "POST":
        try:
            count = plan_publish(
                plan=plan,
                user=request.user,
                confirm_gaps=request.POST.get("confirm_gaps") == "1",
                reporting_day=day_number,
            )
        except PublishRefused as refused:
            context["unresolved"] = refused.unresolved
        except GapsNotConfirmed:
            context["error"] = _("Hãy đánh dấu ô xác nhận sau khi xem danh sách.")
        except ReportingDayInvalid as error:
            context["error"] = refusal_text(error)
        except ValidationError as error:
            messages.error(request, refusal_text(error))
            return redirect(plan.get_absolute_url())
        else:
            messages.success(request, _("Đã ban hành: %d phân công.") % count)
            return redirect(plan.get_absolute_url())
    context["unresolved_names"] = unresolved_by_name(context["unresolved"])
    context["gaps"] = _gap_rows(plan, plan_gaps(plan)) if not context["unresolved"] else []
    context["counts"] = review_counts(plan)
    return render(request, "plans/review/publish.html", context)


@office_only
def create(request):
    """A new empty draft, made by hand; its sections and tasks are added on the grid."""
    title = request.POST.get("title", "").strip()
    error = ""
    if request.method == "POST":
        try:
            plan = plan_create_empty(
                title=title, year=request.POST.get("year", ""), user=request.user
            )
        except ValidationError as failure:
            error = failure.messages[0]
        else:
            messages.success(request, _("Đã tạo bản nháp. Thêm phần và nhiệm vụ ngay trên bảng."))
            return redirect("plans:review", plan.pk)
    context = {"title": title, "year": request.POST.get("year", ""), "error": error}
    return render(request, "plans/review/create.html", context)
