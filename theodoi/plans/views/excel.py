"""Plans to and from Excel: the plan's .xlsx, a body's task list, importing an .xlsx."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from theodoi.bodies.access import body_scoped
from theodoi.core.access import is_office, office_only, signed_in

from ..models import Plan
from ..services import excel


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=excel.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@signed_in
def plan_export(request, plan_id):
    """Everyone signed in downloads a published plan; a draft only the office
    (anyone else is sent back to the plan list, told why)."""
    plan = get_object_or_404(Plan, pk=plan_id)
    if plan.is_draft and not is_office(request.user):
        messages.error(
            request, _("Kế hoạch này còn là bản nháp; chỉ cơ quan thường trực tải được.")
        )
        return redirect("plans:list")
    return _xlsx(excel.plan_workbook(plan), f"ke-hoach-{plan.pk}-v{plan.version}.xlsx")


@body_scoped
def body_tasks_export(request, body):
    return _xlsx(excel.body_tasks_workbook(body), f"nhiem-vu-don-vi-{body.pk}.xlsx")


class ExcelUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp kế hoạch (.xlsx)"),
        help_text=gettext_lazy("Tệp .xlsx, tối đa 20 MB."),
        widget=forms.FileInput(attrs={"accept": ".xlsx"}),
        error_messages={"empty": gettext_lazy("Tệp trống.")},
    )


@office_only
def plan_import(request):
    """An .xlsx (one this system exported, edited or not) becomes a new draft: the file
    is kept and read in the background like any upload; its progress page follows it."""
    form = ExcelUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan_import = excel.plan_import_excel(
                upload=form.cleaned_data["file"], user=request.user
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
        else:
            return redirect("plans:import", import_id=plan_import.pk)
    return render(request, "plans/excel/import.html", {"form": form})
