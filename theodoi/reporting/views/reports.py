"""A body's report for a period: the form (one card per item, each saved as the officer
types, with htmx and ``report-form.js``), the check before sending, and the workflow
buttons (send, approve, return, accept).

A visit writes nothing: the body's officer opens a report with "Bắt đầu báo cáo"
(``report_start_view``). A long report shows each item as one line and loads the
item's card when it is opened (``item_card``), so that two hundred officers opening
their reports at 16:00 on the 25th do not saturate the server. A save answers with its
item's status only; a stale one with 409 and the card again, in place. Every button
carries the report's version the page showed (``workflow_step``).

Every view is ``body_scoped``: the body's own people, the office, and a viewer who
oversees the body see it; only the body's focal officer and head change it.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from theodoi.bodies.access import body_scoped
from theodoi.core import clock
from theodoi.core.access import is_office
from theodoi.core.concurrency import EditConflict, VersionMissing, required_version, seen_version
from theodoi.core.forms import refusal_text
from theodoi.plans.models import Assignment, AssignmentRole

from ..models import EvidenceFile, ItemState, KpiValue, Period, ReportItem
from ..selectors.comments import comments_prefetch
from ..selectors.reports import (
    ReportSheet,
    attach_support_parts,
    mark_items,
    mark_kpis,
    report_changes,
    report_form,
)
from ..services import workflow
from ..services.checks import report_problems, report_progress
from ..services.reports import (
    is_rate,
    kpi_value_save,
    opens_on_sight,
    report_editable,
    report_item_save,
    report_needs_opening,
    report_start,
)


def _owned(model, pk, body, *related):
    """The row of this body's report; another body's row is refused (403), not hidden."""
    obj = get_object_or_404(model.objects.select_related("report__period", *related), pk=pk)
    if obj.report.body_id != body.pk:
        raise PermissionDenied
    return obj


# A report with more items than this shows each as a line; an item's form is loaded
# when it is opened (``item_card``), so that the page of a commune with a hundred items
# stays small and quick (the 25th-at-16:00 rush). A shorter one shows every form.
INLINE_ITEMS = 12


@body_scoped
def report_page(request, body, period_id):
    """The report as it is: a visit never writes. The body's focal officer or head opens a
    report not yet opened (or one missing a task an amendment added) with "Bắt đầu báo
    cáo" (``report_start_view``)."""
    period = get_object_or_404(Period.objects.select_related("plan"), pk=period_id)
    has_work = Assignment.objects.filter(plan_id=period.plan_id, body=body).exists()
    report = period.reports.filter(body=body).first()
    if not (has_work or report is not None):
        raise Http404
    can_start = opens_on_sight(request.user, body) and report_needs_opening(
        period=period, body=body, report=report
    )
    if report is None:  # not opened yet, or a locked period the body never reported in
        context = {"body": body, "period": period, "can_start": can_start}
        return render(request, "reporting/reports/none.html", context)
    report.period = period
    folded = report.items.count() > INLINE_ITEMS
    form = report_form(report, folded=folded)
    editable = report_editable(report, request.user)
    actions = workflow.report_actions(report, request.user)
    for rows in [form.lead, form.support]:
        for n, item in enumerate(rows):
            item.opened = editable and getattr(item, "first_empty", False)
            if item.opened and folded:  # the one item the page opens: read in full
                rows[n] = item = _card_item(item.pk)
                item.opened = item.first_empty = True
            item.inline = item.opened or not folded
    context = {
        "body": body,
        "period": period,
        "report": report,
        "form": form,
        "progress": form,
        # The head (and whoever reads it) sees what changed since the previous period.
        "changes": None if editable else report_changes(form),
        "can_edit": editable,
        "can_start": can_start,
        "states": ItemState.choices,
        # The steps the user may take (``report_actions``): sending is offered by the bar
        # at the foot of the page (after the check); the others in the status card.
        "can_send": any(action.code == "submit" for action in actions),
        "decisions": [action for action in actions if action.code != "submit"],
        "no_approver": workflow.waits_without_approver(report),
        "is_office": is_office(request.user),
    }
    return render(request, "reporting/reports/report.html", context)


@body_scoped
@require_POST
def report_start_view(request, body, period_id):
    """The button "Bắt đầu báo cáo": the officer opens the body's report (``report_start``)."""
    period = get_object_or_404(Period.objects.select_related("plan"), pk=period_id)
    try:
        report_start(period=period, body=body, user=request.user)
    except ValidationError as refusal:
        messages.error(request, refusal_text(refusal))
    return redirect("reporting:report", body_id=body.pk, period_id=period.pk)


def _card_item(item_id: int) -> ReportItem:
    """An item with all that its opened card shows: files, comments, the parts of the
    bodies supporting it (a lead item), ``label``, ``is_empty`` and ``problems``."""
    item = (
        ReportItem.objects.select_related("report__period", "assignment__task__section")
        .prefetch_related(
            Prefetch("files", queryset=EvidenceFile.objects.order_by("uploaded_at")),
            comments_prefetch(),
        )
        .get(pk=item_id)
    )
    mark_items([item])
    if item.assignment.role == AssignmentRole.LEAD:
        attach_support_parts(item.report, lead_items=[item])
    return item


@body_scoped
def item_card(request, body, item_id):
    """One item of the report page, opened: its form (or what was reported, to read),
    its supporting bodies' parts, files and comments. Writes nothing."""
    item = _card_item(_owned(ReportItem, item_id, body).pk)
    editable = report_editable(item.report, request.user)
    if not editable:  # whoever reads it sees the previous period's line, as on the page
        report_changes(ReportSheet(item.report, lead=[item]))
    context = {"item": item, "states": ItemState.choices, "can_edit": editable, "card": True}
    return render(request, "reporting/reports/_item_body.html", context)


def _saved(request, template: str, context: dict, report):
    """A save that went through: only the status line, and out of band the version, the
    item's one-line state and the progress — never the fields the officer may be typing in."""
    context |= {"saved_at": clock.now(), "progress": report_progress(report), "oob": True}
    return render(request, template, context)


def _refused(request, template: str, context: dict, anchor: str, status: int = 200):
    """A refused save: the whole card again, in place, with the message, what was typed
    and the version the page had (a stale page stays stale: it is never saved over
    someone else's change). Stale: 409; without a version: 400 (``report-form.js`` has
    htmx swap them all the same)."""
    context |= {"seen_version": seen_version(request.POST), "open": True}
    response = render(request, template, context, status=status)
    response["HX-Retarget"] = anchor
    response["HX-Reswap"] = "outerHTML"
    return response


def _refusal_status(refusal: ValidationError) -> int:
    """409 for a stale page, 400 for a save without its version, 200 for bad input (the
    card shows what to correct)."""
    if isinstance(refusal, EditConflict):
        return 409
    return 400 if isinstance(refusal, VersionMissing) else 200


ITEM_TEXTS = ["results", "difficulties", "proposals", "evidence_ref"]


@body_scoped
@require_POST
def item_save(request, body, item_id):
    """Save one item. Its answer (``_saved``) shows no task: a save reads none."""
    try:
        item = report_item_save(
            item=_owned(ReportItem, item_id, body),
            data=request.POST,
            user=request.user,
            seen_version=required_version(request.POST),
        )
    except ValidationError as refusal:
        error, status = refusal_text(refusal), _refusal_status(refusal)
    else:
        mark_items([item], labels=False)
        return _saved(request, "reporting/reports/_item_saved.html", {"item": item}, item.report)
    item = _owned(ReportItem, item_id, body, "assignment__task__section")
    mark_items([item])
    context = {
        "item": item,
        "states": ItemState.choices,
        "can_edit": report_editable(item.report, request.user),
    }
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
    return _refused(request, "reporting/reports/_item.html", context, f"#item-{item.pk}", status)


def _kpi(kpi_value: KpiValue, can_edit: bool) -> dict:
    kpi_value.rate = is_rate(kpi_value.indicator)
    mark_kpis([kpi_value])
    return {"kpi": kpi_value, "can_edit": can_edit}


@body_scoped
@require_POST
def kpi_save(request, body, value_id):
    try:
        kpi_value = kpi_value_save(
            kpi_value=_owned(KpiValue, value_id, body),
            data=request.POST,
            user=request.user,
            seen_version=required_version(request.POST),
        )
    except ValidationError as refusal:
        error, status = refusal_text(refusal), _refusal_status(refusal)
    else:
        return _saved(
            request, "reporting/reports/_kpi_saved.html", _kpi(kpi_value, True), kpi_value.report
        )
    kpi_value = _owned(KpiValue, value_id, body, "indicator")
    context = _kpi(kpi_value, report_editable(kpi_value.report, request.user))
    context |= {"error": error, "posted": request.POST}
    return _refused(request, "reporting/reports/_kpi.html", context, f"#kpi-{kpi_value.pk}", status)


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


def workflow_step(request, report, step, done: str, **extra):
    """Take a step of the workflow (``step``: a service of ``services.workflow``) from a
    button of the report page, against the report's version the page showed.

    A button posted without ``seen_version`` (a script, an old page) is refused (400),
    as is a stale one (409 for htmx or a script; a plain form goes back to the page with
    the message): nothing changes. Any other refusal goes back to the page with it."""
    page = reverse("reporting:report", args=[report.body_id, report.period_id])
    try:
        step(
            report=report,
            user=request.user,
            seen_version=required_version(request.POST),
            **extra,
        )
    except VersionMissing as refusal:
        return _step_refused(request, refusal, page, status=400)
    except EditConflict as refusal:
        if _is_ajax(request):
            return _step_refused(request, refusal, page, status=409)
        messages.error(request, refusal_text(refusal))
    except ValidationError as refusal:
        messages.error(request, refusal_text(refusal))
    else:
        messages.success(request, done)
    return redirect(page)


def _is_ajax(request) -> bool:
    """htmx or a script's request (not a browser's plain form, which gets the page back)."""
    headers = request.headers
    return bool(request.htmx) or headers.get("X-Requested-With") == "XMLHttpRequest"


def _step_refused(request, refusal: ValidationError, page: str, *, status: int):
    context = {"message": refusal_text(refusal), "page": page}
    template = "_step_refused.html" if request.htmx else "step_refused.html"
    return render(request, f"reporting/reports/{template}", context, status=status)


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
    return workflow_step(request, report, service, done, **extra)


REPORT = "don-vi/<int:body_id>/ky/<int:period_id>/"
