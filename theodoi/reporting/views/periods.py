"""The office's screens for days off, a plan's reporting rules and its periods.

Every view is ``office_only``; each write is one service call, whose refusal
(a ``ValidationError`` in Vietnamese) is shown on the form, nothing saved.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from theodoi.core import clock
from theodoi.core.access import office_only
from theodoi.core.forms import add_service_errors, refusal_text
from theodoi.core.params import int_param
from theodoi.plans.models import Plan

from ..models import Holiday, Period, ReportingRule
from ..period_forms import CompletenessForm, GraceForm, HolidayForm, RuleForm
from ..services import calendar, periods
from ..services.reports import plan_completeness_set


def _year(request) -> int:
    """The year asked for (``?nam=``); this year when none can be read."""
    return int_param(request.GET, "nam", minimum=1, maximum=9999) or clock.today().year


@office_only
def holiday_list(request):
    year = _year(request)
    context = {
        "year": year,
        "holidays": Holiday.objects.filter(date__year=year),
        "form": HolidayForm(),
    }
    return render(request, "reporting/periods/holidays.html", context)


@office_only
def holiday_edit(request, holiday_id=None):
    holiday = get_object_or_404(Holiday, pk=holiday_id) if holiday_id else None
    form = HolidayForm(request.POST or None, instance=holiday)
    if request.method == "POST" and form.is_valid():
        try:
            saved = calendar.holiday_save(
                holiday=holiday, data=form.cleaned_data, user=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã lưu ngày %s.") % saved)
            return redirect(f"{reverse('reporting:holidays')}?nam={saved.date.year}")
    return render(
        request, "reporting/periods/holiday_form.html", {"form": form, "holiday": holiday}
    )


@office_only
@require_POST
def holiday_delete(request, holiday_id):
    holiday = get_object_or_404(Holiday, pk=holiday_id)
    year = holiday.date.year
    calendar.holiday_delete(holiday=holiday, user=request.user)
    messages.success(request, _("Đã xóa ngày %s.") % holiday)
    return redirect(f"{reverse('reporting:holidays')}?nam={year}")


@office_only
def rule_list(request, plan_id):
    plan = get_object_or_404(Plan, pk=plan_id)
    rules = [(rule, periods.next_cutoffs(rule)) for rule in plan.reporting_rules.all()]
    completeness = CompletenessForm(
        initial={"reports_require_every_item": plan.reports_require_every_item}
    )
    context = {
        "plan": plan,
        "rules": rules,
        "no_duty": not plan.reporting.exists(),
        "completeness": completeness,
    }
    return render(request, "reporting/periods/rules.html", context)


@office_only
@require_POST
def plan_completeness(request, plan_id):
    """The office decides whether the plan's reports may be sent with items left empty."""
    plan = get_object_or_404(Plan, pk=plan_id)
    form = CompletenessForm(request.POST)
    form.is_valid()  # one checkbox: always valid
    require = form.cleaned_data["reports_require_every_item"]
    plan_completeness_set(plan=plan, require_every_item=require, user=request.user)
    if require:
        messages.success(request, _("Đã lưu: báo cáo phải nhập đủ mọi mục mới gửi được."))
    else:
        messages.success(
            request, _("Đã lưu: đơn vị gửi được báo cáo còn mục chưa nhập, sau khi xác nhận.")
        )
    return redirect("reporting:rules", plan_id=plan.pk)


def _preview(form, rule: ReportingRule) -> dict:
    """The next cut-offs of the rule as the form would make it, or why it cannot."""
    form.is_valid()
    values = {field: form.cleaned_data.get(field) for field in periods.RULE_FIELDS}
    if any(field in form.errors for field in periods.RULE_FIELDS):
        return {"cutoffs": [], "problem": _("Hãy sửa các ô báo lỗi để xem hạn nộp.")}
    draft = ReportingRule(pk=rule.pk, plan=rule.plan, **values)
    try:
        periods.check_rule(draft)
    except ValidationError as error:
        return {"cutoffs": [], "problem": refusal_text(error)}
    return {"cutoffs": periods.next_cutoffs(draft), "problem": ""}


@office_only
def rule_edit(request, rule_id):
    rule = get_object_or_404(ReportingRule.objects.select_related("plan"), pk=rule_id)
    form = RuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        try:
            periods.rule_save(
                rule=rule,
                data=form.cleaned_data,
                user=request.user,
                seen_version=form.seen,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã lưu chế độ báo cáo; các kỳ chưa khóa đã cập nhật."))
            return redirect("reporting:rules", plan_id=rule.plan_id)
    preview = _preview(form, rule) if form.is_bound else {"cutoffs": periods.next_cutoffs(rule)}
    context = {"form": form, "rule": rule, "plan": rule.plan, "preview": preview}
    return render(request, "reporting/periods/rule_form.html", context)


@office_only
def rule_preview(request, rule_id):
    """The next three cut-offs while the office edits the rule (htmx, the form's values)."""
    rule = get_object_or_404(ReportingRule.objects.select_related("plan"), pk=rule_id)
    preview = _preview(RuleForm(request.GET, instance=ReportingRule(plan=rule.plan)), rule)
    return render(request, "reporting/periods/_preview.html", {"preview": preview})


@office_only
def period_list(request, plan_id):
    plan = get_object_or_404(Plan, pk=plan_id)
    context = {
        "plan": plan,
        "periods": plan.periods.select_related("rule").order_by("cutoff", "pk"),
        "can_unlock": periods.can_unlock(request.user),
    }
    return render(request, "reporting/periods/periods.html", context)


@office_only
def period_grace(request, period_id):
    period = get_object_or_404(Period.objects.select_related("plan"), pk=period_id)
    initial = {"grace_until": period.grace_until or periods.default_grace(period)}
    form = GraceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            periods.period_grace(
                period=period, until=form.cleaned_data["grace_until"], user=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã lưu gia hạn của kỳ “%s”.") % period.label)
            return redirect("reporting:periods", plan_id=period.plan_id)
    return render(request, "reporting/periods/period_grace.html", {"form": form, "period": period})


def _period_action(request, period_id, service, done: str):
    period = get_object_or_404(Period, pk=period_id)
    try:
        service(period=period, user=request.user)
    except ValidationError as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, done % period.label)
    return redirect("reporting:periods", plan_id=period.plan_id)


@office_only
@require_POST
def period_lock(request, period_id):
    return _period_action(
        request, period_id, periods.period_lock, _("Đã khóa sổ kỳ “%s”: số liệu không đổi nữa.")
    )


@office_only
@require_POST
def period_unlock(request, period_id):
    return _period_action(request, period_id, periods.period_unlock, _("Đã mở khóa kỳ “%s”."))
