"""The yearly scorecard of a plan's bodies (and its XLSX), and the office's settings of
the plan's dashboard."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from theodoi.core import clock
from theodoi.core.access import board_readers, is_office, office_only, readable_body_ids
from theodoi.core.forms import add_service_errors
from theodoi.core.history import history_rows
from theodoi.core.tabular import XLSX_TYPE
from theodoi.plans.models import Plan
from theodoi.reporting.models import Period

from ..forms import SettingsForm, YearForm
from ..services.scorecard import dashboard_settings, scorecard, scorecard_xlsx, settings_save

PAGE_SIZE = 50  # bodies per page of the scorecard (the XLSX holds them all)


def _year(request, plan) -> tuple[int, list[int]]:
    """The year asked for (``?nam=``), else this year when the plan has periods in it,
    else the plan's latest year of periods; and the years the plan has periods in."""
    years = [day.year for day in Period.objects.filter(plan=plan).dates("ends_on", "year")]
    form = YearForm(request.GET)
    asked = form.cleaned_data["nam"] if form.is_valid() else None
    if asked:
        return asked, years
    today = clock.today().year
    return (today if today in years or not years else years[-1]), years


def _rows(request, plan, year):
    """The plan's scorecard; a working-group member sees only the bodies he oversees
    (with their ranks among every body)."""
    return scorecard(plan, year=year, body_ids=readable_body_ids(request.user))


@board_readers
def scorecard_page(request, plan_id):
    plan = get_object_or_404(Plan, pk=plan_id)
    year, years = _year(request, plan)
    page = Paginator(_rows(request, plan, year), PAGE_SIZE).get_page(request.GET.get("trang"))
    columns = [_("Tỷ lệ hoàn thành"), _("Tỷ lệ đúng hạn"), _("Báo cáo đúng hạn"), _("Chỉ tiêu đạt")]
    context = {
        "plan": plan,
        "year": year,
        "years": years,
        "columns": columns,
        "page": page,
        "table": [(row, list(zip(columns, row.percents, strict=True))) for row in page],
        "settings": dashboard_settings(plan),
        "office": is_office(request.user),
    }
    return render(request, "dashboard/scorecard.html", context)


@board_readers
def scorecard_download(request, plan_id):
    plan = get_object_or_404(Plan, pk=plan_id)
    year, _years = _year(request, plan)
    title = _("Xếp hạng thi đua năm %(year)s — %(plan)s") % {"year": year, "plan": plan.title}
    data = scorecard_xlsx(_rows(request, plan, year), title=title[:250])
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="xep-hang-{plan.pk}-{year}.xlsx"'
    return response


@office_only
def settings_page(request, plan_id):
    plan = get_object_or_404(Plan, pk=plan_id)
    form = SettingsForm(request.POST or None, instance=dashboard_settings(plan))
    if request.method == "POST" and form.is_valid():
        try:
            settings_save(plan, data=form.cleaned_data, user=request.user, seen_version=form.seen)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã lưu cài đặt bảng điều hành."))
            return redirect("dashboard:settings", plan.pk)
    shown = dashboard_settings(plan)
    context = {
        "plan": plan,
        "form": form,
        "entries": history_rows(shown) if shown.pk else [],
    }
    return render(request, "dashboard/settings.html", context)
