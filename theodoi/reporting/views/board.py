"""The office's pages of the cycle: the ways into a period's board (the board itself,
with the office's "Nhắc ngay", is a combined page: ``theodoi.pages.views.board``),
the reports waiting for the office, a report's history, and the form to record that
a task's condition is met.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from theodoi.core.access import board_readers, office_only
from theodoi.core.forms import add_service_errors
from theodoi.core.history import history_rows
from theodoi.plans.models import Plan, Task

from ..models import Report
from ..selectors.board import periods_by_plan, recent_periods, reports_awaiting_office
from ..services.conditions import task_condition_met


def _report_url(body_id: int, period_id: int) -> str:
    return reverse("reporting:report", kwargs={"body_id": body_id, "period_id": period_id})


@board_readers
def boards(request):
    """Every published plan and its latest periods, each a link to its board."""
    return render(request, "reporting/board/boards.html", {"plans": periods_by_plan()})


@board_readers
def plan_board(request, plan_id):
    """The board of the plan's latest period, the link of the chair's overview."""
    plan = get_object_or_404(Plan, pk=plan_id)
    latest = recent_periods(plan, count=1)
    if not latest:
        messages.info(request, _("Kế hoạch này chưa đến kỳ báo cáo nào."))
        return redirect(plan.get_absolute_url())
    return redirect("reporting:board", period_id=latest[0].pk)


@office_only
def review_list(request):
    reports = list(reports_awaiting_office())
    for report in reports:
        report.url = _report_url(report.body_id, report.period_id)
    return render(request, "reporting/board/review.html", {"reports": reports})


@office_only
def report_history(request, period_id, body_id):
    report = get_object_or_404(
        Report.objects.select_related("body", "period__plan"), period_id=period_id, body_id=body_id
    )
    entries = history_rows(report, hidden={"returned_by_office"})  # bookkeeping
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
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã ghi nhận điều kiện của nhiệm vụ được đáp ứng."))
            return redirect(task.plan.get_absolute_url() + "#nhiem-vu")
    return render(request, "reporting/board/condition_met.html", {"task": task, "form": form})
