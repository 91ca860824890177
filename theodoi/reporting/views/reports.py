"""A body's report for a period: the form (one card per item, saved one at a time with
htmx) and the workflow buttons (send, approve, return, accept).

Every view is ``body_scoped``: the body's own people, the office, and a viewer who
oversees the body see it; only the body's focal officer and head change it.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from theodoi.accounts.models import Role as UserRole
from theodoi.core.access import body_scoped, is_office
from theodoi.plans.models import Assignment, Role

from ..models import ItemState, KpiValue, Period, ReportItem
from ..report_selectors import attach_support_parts, report_form
from ..services import workflow
from ..services.reports import is_rate, kpi_value_save, report_item_save, report_open


def can_edit(user, report) -> bool:
    return (
        user.body_id == report.body_id
        and user.role in {UserRole.FOCAL, UserRole.HEAD}
        and report.state in workflow.EDITABLE_STATES
        and not report.period.locked_at
    )


def _owned(model, pk, body, *related):
    """The row of this body's report; another body's row is refused (403), not hidden."""
    obj = get_object_or_404(model.objects.select_related("report__period", *related), pk=pk)
    if obj.report.body_id != body.pk:
        raise PermissionDenied
    return obj


@body_scoped
def report_page(request, body, period_id):
    """The report, opened on first sight (idempotent: missing rows only)."""
    period = get_object_or_404(Period.objects.select_related("plan"), pk=period_id)
    has_work = Assignment.objects.filter(plan_id=period.plan_id, body=body).exists()
    if not (has_work or period.reports.filter(body=body).exists()):
        raise Http404
    report = report_open(period=period, body=body)
    if report is None:  # a locked period the body never reported in
        return render(request, "reporting/reports/none.html", {"body": body, "period": period})
    report.period = period
    context = {
        "body": body,
        "period": period,
        "report": report,
        "form": report_form(report),
        "can_edit": can_edit(request.user, report),
        "states": ItemState.choices,
        "is_focal": request.user.body_id == body.pk and request.user.role == UserRole.FOCAL,
        "is_head": request.user.body_id == body.pk and request.user.role == UserRole.HEAD,
        "is_office": is_office(request.user),
    }
    return render(request, "reporting/reports/report.html", context)


@body_scoped
@require_POST
def item_save(request, body, item_id):
    item = _owned(ReportItem, item_id, body)
    error = None
    try:
        report_item_save(
            item=item, data=request.POST, user=request.user, seen_version=_seen(request)
        )
    except ValidationError as refusal:
        error = " ".join(refusal.messages)
    item = _owned(ReportItem, item_id, body, "assignment__task__section")
    if item.assignment.role == Role.LEAD:
        attach_support_parts(item.report, [item])
    if error:  # show what was typed, so that nothing is lost while it is corrected
        for name in ["state", "percent", *ITEM_TEXTS]:
            if name in request.POST:
                setattr(item, name, request.POST[name])
    context = {
        "item": item,
        "can_edit": can_edit(request.user, item.report),
        "states": ItemState.choices,
        "error": error,
        "saved": not error,
        "posted_date": request.POST.get("evidence_date", "") if error else None,
        "posted_done": request.POST.get("done_on", "") if error else None,
    }
    return render(request, "reporting/reports/_item.html", context)


ITEM_TEXTS = ["results", "difficulties", "proposals", "evidence_ref"]


def _seen(request):
    seen = request.POST.get("seen_version", "")
    return int(seen) if seen.isdigit() else None


@body_scoped
@require_POST
def kpi_save(request, body, value_id):
    kpi_value = _owned(KpiValue, value_id, body, "indicator")
    error = None
    try:
        kpi_value = kpi_value_save(
            kpi_value=kpi_value, data=request.POST, user=request.user, seen_version=_seen(request)
        )
    except ValidationError as refusal:
        error = " ".join(refusal.messages)
    kpi_value = _owned(KpiValue, value_id, body, "indicator")
    kpi_value.rate = is_rate(kpi_value.indicator)
    context = {
        "kpi": kpi_value,
        "can_edit": can_edit(request.user, kpi_value.report),
        "error": error,
        "saved": not error,
        "posted": request.POST if error else None,
    }
    return render(request, "reporting/reports/_kpi.html", context)


ACTIONS = {
    "submit": (workflow.report_submit, gettext_lazy("Đã gửi báo cáo tới lãnh đạo đơn vị.")),
    "approve": (
        workflow.report_approve,
        gettext_lazy("Đã duyệt báo cáo; báo cáo đã chuyển tới thường trực."),
    ),
    "return": (workflow.report_return, gettext_lazy("Đã trả lại báo cáo.")),
    "accept": (workflow.report_accept, gettext_lazy("Đã tiếp nhận báo cáo.")),
}


@body_scoped
@require_POST
def report_action(request, body, period_id, action):
    period = get_object_or_404(Period, pk=period_id)
    report = get_object_or_404(period.reports, body=body)
    service, done = ACTIONS[action]
    extra = {"comment": request.POST.get("comment", "")} if action == "return" else {}
    try:
        service(report=report, user=request.user, seen_version=_seen(request), **extra)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, done)
    return redirect("reporting:report", body_id=body.pk, period_id=period.pk)


REPORT = "don-vi/<int:body_id>/ky/<int:period_id>/"
urlpatterns = [
    path(REPORT, report_page, name="report"),
    path(REPORT + "gui/", report_action, {"action": "submit"}, name="report_submit"),
    path(REPORT + "duyet/", report_action, {"action": "approve"}, name="report_approve"),
    path(REPORT + "tra-lai/", report_action, {"action": "return"}, name="report_return"),
    path(REPORT + "tiep-nhan/", report_action, {"action": "accept"}, name="report_accept"),
    path("don-vi/<int:body_id>/muc/<int:item_id>/", item_save, name="item_save"),
    path("don-vi/<int:body_id>/chi-tieu/<int:value_id>/", kpi_save, name="kpi_save"),
]
