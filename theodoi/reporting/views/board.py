"""The office's pages of the cycle: a period's board (every body × its report's
state), the reports waiting for the office, a report's history, and the form to
record that a task's condition is met.
"""

from datetime import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from theodoi.bodies.models import BodyKind
from theodoi.core.access import office_only
from theodoi.core.formatting import format_datetime
from theodoi.core.views import history_entries
from theodoi.plans.models import Task

from .. import selectors
from ..models import Period, Report, ReportState
from ..services.conditions import task_condition_met


def _report_url(body_id: int, period_id: int) -> str:
    return reverse("reporting:report", kwargs={"body_id": body_id, "period_id": period_id})


@office_only
def board(request, period_id):
    period = get_object_or_404(Period.objects.select_related("plan"), pk=period_id)
    filters = selectors.BoardFilters.from_params(request.GET)
    found = selectors.period_board(period, filters)
    for row in found.rows:
        row.url = _report_url(row.body.pk, period.pk)
    context = {
        "board": found,
        "period": period,
        "filters": filters,
        "states": selectors.BOARD_STATES,
        "kinds": BodyKind.choices,
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "reporting/board/_rows.html", context)
    return render(request, "reporting/board/board.html", context)


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
    path("ky/<int:period_id>/", board, name="board"),
    path("cho-tiep-nhan/", review_list, name="review"),
    path(
        "ky/<int:period_id>/don-vi/<int:body_id>/lich-su/",
        report_history,
        name="report_history",
    ),
    path("nhiem-vu/<int:task_id>/dieu-kien/", condition_met, name="condition_met"),
]
