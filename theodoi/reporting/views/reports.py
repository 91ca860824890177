"""A body's report for a period: the form (one card per item, each saved as the officer
types, with htmx and ``report-form.js``), the check before sending, and the workflow
buttons (send, approve, return, accept).

Every view is ``body_scoped``: the body's own people, the office, and a viewer who
oversees the body see it; only the body's focal officer and head change it.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from theodoi.bodies.access import body_scoped
from theodoi.core import clock
from theodoi.core.access import is_office
from theodoi.core.concurrency import required_version, seen_version
from theodoi.core.forms import refusal_text
from theodoi.plans.models import Assignment, AssignmentRole

from ..models import ItemState, KpiValue, Period, ReportItem
from ..selectors.reports import (
    attach_support_parts,
    mark_items,
    mark_kpis,
    report_changes,
    report_form,
)
from ..services import workflow
from ..services.checks import report_problems
from ..services.reports import (
    is_rate,
    kpi_value_save,
    opens_on_sight,
    report_editable,
    report_item_save,
    report_open,
)


def _owned(model, pk, body, *related):
    """The row of this body's report; another body's row is refused (403), not hidden."""
    obj = get_object_or_404(model.objects.select_related("report__period", *related), pk=pk)
    if obj.report.body_id != body.pk:
        raise PermissionDenied
    return obj


@body_scoped
def report_page(request, body, period_id):
    """The report, opened on its own officer's first sight (idempotent: missing rows
    only); anyone else's visit reads what there is and writes nothing."""
    period = get_object_or_404(Period.objects.select_related("plan"), pk=period_id)
    has_work = Assignment.objects.filter(plan_id=period.plan_id, body=body).exists()
    if not (has_work or period.reports.filter(body=body).exists()):
        raise Http404
    if opens_on_sight(request.user, body):
        report = report_open(period=period, body=body)
    else:
        report = period.reports.filter(body=body).first()
    if report is None:  # not opened yet, or a locked period the body never reported in
        return render(request, "reporting/reports/none.html", {"body": body, "period": period})
    report.period = period
    form = report_form(report)
    editable = report_editable(report, request.user)
    actions = workflow.report_actions(report, request.user)
    context = {
        "body": body,
        "period": period,
        "report": report,
        "form": form,
        "progress": form,
        # The head (and whoever reads it) sees what changed since the previous period.
        "changes": None if editable else report_changes(form),
        "can_edit": editable,
        "states": ItemState.choices,
        # The steps the user may take (``report_actions``): sending is offered by the bar
        # at the foot of the page (after the check); the others in the status card.
        "can_send": any(action.code == "submit" for action in actions),
        "decisions": [action for action in actions if action.code != "submit"],
        "no_approver": workflow.waits_without_approver(report),
        "is_office": is_office(request.user),
    }
    return render(request, "reporting/reports/report.html", context)


def _saved(request, template: str, context: dict, report):
    """A save that went through: only the status line, and out of band the version, the
    item's one-line state and the progress — never the fields the officer may be typing in."""
    problems = report_problems(report)
    context |= {"saved_at": clock.now(), "progress": problems, "oob": True}
    return render(request, template, context)


def _refused(request, template: str, context: dict, anchor: str):
    """A refused save: the whole card again, with what was typed and the version the page
    had (a stale page stays stale: it is never saved over someone else's change)."""
    context |= {"seen_version": seen_version(request.POST), "open": True}
    response = render(request, template, context)
    response["HX-Retarget"] = anchor
    response["HX-Reswap"] = "outerHTML"
    return response


ITEM_TEXTS = ["results", "difficulties", "proposals", "evidence_ref"]


@body_scoped
@require_POST
def item_save(request, body, item_id):
    item = _owned(ReportItem, item_id, body)
    error = None
    try:
        report_item_save(
            item=item,
            data=request.POST,
            user=request.user,
            seen_version=required_version(request.POST),
        )
    except ValidationError as refusal:
        error = refusal_text(refusal)
    item = _owned(ReportItem, item_id, body, "assignment__task__section")
    mark_items([item])
    context = {
        "item": item,
        "states": ItemState.choices,
        "can_edit": report_editable(item.report, request.user),
    }
    if not error:
        return _saved(request, "reporting/reports/_item_saved.html", context, item.report)
    if item.assignment.role == AssignmentRole.LEAD:
        attach_support_parts(item.report, lead_items=[item])
    for name in ["state", "percent", *ITEM_TEXTS]:  # what was typed, so that nothing is lost
        if name in request.POST:
            setattr(item, name, request.POST[name])
    context |= {
        "error": error,
        "posted_date": request.POST.get("evidence_date", ""),
        "posted_done": request.POST.get("done_on", ""),
    }
    return _refused(request, "reporting/reports/_item.html", context, f"#item-{item.pk}")


@body_scoped
@require_POST
def kpi_save(request, body, value_id):
    kpi_value = _owned(KpiValue, value_id, body, "indicator")
    error = None
    try:
        kpi_value = kpi_value_save(
            kpi_value=kpi_value,
            data=request.POST,
            user=request.user,
            seen_version=required_version(request.POST),
        )
    except ValidationError as refusal:
        error = refusal_text(refusal)
    kpi_value = _owned(KpiValue, value_id, body, "indicator")
    kpi_value.rate = is_rate(kpi_value.indicator)
    mark_kpis([kpi_value])
    context = {"kpi": kpi_value, "can_edit": report_editable(kpi_value.report, request.user)}
    if not error:
        return _saved(request, "reporting/reports/_kpi_saved.html", context, kpi_value.report)
    context |= {"error": error, "posted": request.POST}
    return _refused(request, "reporting/reports/_kpi.html", context, f"#kpi-{kpi_value.pk}")


@body_scoped
def report_check(request, body, period_id):
    """Before sending: what is empty or inconsistent, and the button that sends (a panel
    of the report page, or a page of its own without javascript)."""
    period = get_object_or_404(Period.objects.select_related("plan"), pk=period_id)
    report = get_object_or_404(period.reports, body=body)
    report.period = period
    context = {
        "body": body,
        "period": period,
        "report": report,
        "problems": report_problems(report),
        "can_send": any(a.code == "submit" for a in workflow.report_actions(report, request.user)),
    }
    partial = request.htmx and not request.htmx.history_restore_request
    template = "_send_check.html" if partial else "send_check.html"
    return render(request, f"reporting/reports/{template}", context)


ACTIONS = {
    "submit": (workflow.report_submit, gettext_lazy("Đã gửi báo cáo.")),
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
    extra = {}
    if action == "return":
        extra["comment"] = request.POST.get("comment", "")
    if action == "submit":  # the officer's answer to "send with items left empty?"
        extra["confirm_empty"] = request.POST.get("confirm_empty") == "1"
    try:
        service(report=report, user=request.user, seen_version=seen_version(request.POST), **extra)
    except ValidationError as refusal:
        messages.error(request, refusal_text(refusal))
    else:
        messages.success(request, done)
    return redirect("reporting:report", body_id=body.pk, period_id=period.pk)


REPORT = "don-vi/<int:body_id>/ky/<int:period_id>/"
