"""The office's pages of the cycle: a period's board (every body × its report's
state; the chair and the working-group members read it too, for the bodies they
oversee) with the office's "Nhắc ngay", the reports waiting for the office, a
report's history, and the form to record that a task's condition is met.
"""

from datetime import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from theodoi.bodies.models import BodyKind
from theodoi.core.access import board_readers, is_office, office_only, overseen_body_ids
from theodoi.core.formatting import format_datetime
from theodoi.core.views import history_entries
from theodoi.notify.services.chase import period_chase
from theodoi.plans.models import Plan, Task

from .. import selectors
from ..models import Period, Report, ReportState
from ..services.conditions import task_condition_met


def _report_url(body_id: int, period_id: int) -> str:
    return reverse("reporting:report", kwargs={"body_id": body_id, "period_id": period_id})


@board_readers
def board(request, period_id):
    period = get_object_or_404(Period.objects.select_related("plan"), pk=period_id)
    filters = selectors.BoardFilters.from_params(request.GET)
    found = selectors.period_board(period, filters, overseen_body_ids(request.user))
    for row in found.rows:
        row.url = _report_url(row.body.pk, period.pk)
    context = {
        "board": found,
        "period": period,
        "filters": filters,
        "states": selectors.BOARD_STATES,
        "kinds": BodyKind.choices,
        "office": is_office(request.user),  # only the office acts; the others read
        "query": request.GET.urlencode(),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "reporting/board/_rows.html", context)
    return render(request, "reporting/board/board.html", context)


@board_readers
def boards(request):
    """Every published plan and its latest periods, each a link to its board."""
    return render(request, "reporting/board/boards.html", {"plans": selectors.periods_by_plan()})


@board_readers
def plan_board(request, plan_id):
    """The board of the plan's latest period, the link of the chair's overview."""
    plan = get_object_or_404(Plan, pk=plan_id)
    latest = selectors.recent_periods(plan, count=1)
    if not latest:
        messages.info(request, _("Kế hoạch này chưa đến kỳ báo cáo nào."))
        return redirect(plan.get_absolute_url())
    return redirect("reporting:board", period_id=latest[0].pk)


def _chase_messages(request, result) -> None:
    """What "Nhắc ngay" did, in plain words: who was told, who could not be."""
    if result.reminded:
        messages.success(
            request,
            ngettext(
                "Đã nhắc %(bodies)d đơn vị (%(people)d người nhận): %(names)s.",
                "Đã nhắc %(bodies)d đơn vị (%(people)d người nhận): %(names)s.",
                len(result.reminded),
            )
            % {
                "bodies": len(result.reminded),
                "people": result.messages,
                "names": "; ".join(result.reminded),
            },
        )
    if result.without_account:
        messages.warning(
            request,
            _("%(n)d đơn vị chưa có tài khoản nên không nhắc được: %(names)s.")
            % {"n": len(result.without_account), "names": "; ".join(result.without_account)},
        )
    if result.already_sent:
        messages.info(
            request,
            _("%(n)d đơn vị đã gửi báo cáo nên không cần nhắc: %(names)s.")
            % {"n": len(result.already_sent), "names": "; ".join(result.already_sent)},
        )


@office_only
@require_POST
def board_chase(request, period_id):
    """The office's "Nhắc ngay" on the ticked bodies; back to the board as it was filtered."""
    period = get_object_or_404(Period.objects.select_related("plan"), pk=period_id)
    chosen = [v for v in request.POST.getlist("don-vi") if v.isdigit()]
    try:
        result = period_chase(period=period, body_ids=[int(v) for v in chosen], user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        _chase_messages(request, result)
    query = QueryDict(request.POST.get("loc", "")).urlencode()  # the board's filters
    url = reverse("reporting:board", args=[period.pk])
    return redirect(f"{url}?{query}" if query else url)


@office_only
def review_list(request):
    reports = list(selectors.reports_awaiting_office())
    for report in reports:
        report.url = _report_url(report.body_id, report.period_id)
    return render(request, "reporting/board/review.html", {"reports": reports})


# Bookkeeping fields a reader of the history does not need.
HISTORY_HIDDEN = {"version", "updated_at", "returned_by_office"}


def _shown(value, states: dict):
    """A state as the page names it, a moment as dd/mm/yyyy hh:mm, a flag as có/không."""
    if isinstance(value, bool):
        return _("có") if value else _("không")
    if isinstance(value, datetime):
        return format_datetime(value)
    return states.get(value, value)


@office_only
def report_history(request, period_id, body_id):
    report = get_object_or_404(
        Report.objects.select_related("body", "period__plan"), period_id=period_id, body_id=body_id
    )
    entries = history_entries(report)
    states = dict(ReportState.choices)
    for entry in entries:
        entry["changes"] = [
            (Report._meta.get_field(name).verbose_name, _shown(old, states), _shown(new, states))
            for name, old, new in entry["changes"]
            if name not in HISTORY_HIDDEN
        ]
    context = {"report": report, "entries": entries, "url": _report_url(body_id, period_id)}
    return render(request, "reporting/board/history.html", context)


class ConditionMetForm(forms.Form):
    on = forms.DateField(
        label=gettext_lazy("Ngày điều kiện được đáp ứng"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


@office_only
def condition_met(request, task_id):
    task = get_object_or_404(Task.objects.select_related("plan"), pk=task_id)
    form = ConditionMetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            task_condition_met(task=task, on=form.cleaned_data["on"], user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã ghi nhận điều kiện của nhiệm vụ được đáp ứng."))
            return redirect(task.plan.get_absolute_url() + "#nhiem-vu")
    return render(request, "reporting/board/condition_met.html", {"task": task, "form": form})


urlpatterns = [
    path("ky/", boards, name="boards"),
    path("ky/<int:period_id>/", board, name="board"),
    path("ky/<int:period_id>/nhac/", board_chase, name="board_chase"),
    path("ke-hoach/<int:plan_id>/ky-moi-nhat/", plan_board, name="plan_board"),
    path("cho-tiep-nhan/", review_list, name="review"),
    path(
        "ky/<int:period_id>/don-vi/<int:body_id>/lich-su/",
        report_history,
        name="report_history",
    ),
    path("nhiem-vu/<int:task_id>/dieu-kien/", condition_met, name="condition_met"),
]
