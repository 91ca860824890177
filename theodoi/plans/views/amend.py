"""Amending a published plan: upload the amended document, see the changes, apply them.

The file is read synchronously here; the upload area reads new plans in the
background. The uploaded file is kept as a ``PlanImport`` (``amends`` the plan),
so that "apply" reads the very file the office previewed.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from theodoi.core import clock
from theodoi.core.access import office_only
from theodoi.core.concurrency import required_version
from theodoi.core.forms import refusal_text
from theodoi.core.params import id_of

from ..models import ImportStatus, Plan, PlanImport, PlanStatus
from ..services.amend import plan_amend_apply, plan_amend_preview
from ..services.excel import read_plan_file
from ..services.publish import PublishRefused

EXTENSIONS = (".txt", ".docx", ".pdf", ".xlsx")


class AmendmentForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Văn bản sửa đổi (.txt, .docx, .pdf, .xlsx)"),
        error_messages={"empty": gettext_lazy("Tệp trống.")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(EXTENSIONS):
            raise ValidationError(_("Chỉ nhận tệp .txt, .docx, .pdf hoặc .xlsx."))
        return upload


def _published(plan_id) -> Plan:
    return get_object_or_404(Plan, pk=plan_id)


def _read(imported: PlanImport) -> dict:
    with imported.file.open("rb") as handle:
        return read_plan_file(data=handle.read(), name=imported.original_name, lang=get_language())


@office_only
def amend_upload(request, plan_id):
    plan = _published(plan_id)
    if plan.status != PlanStatus.PUBLISHED:
        messages.error(request, _("Chỉ sửa đổi được kế hoạch đã ban hành."))
        return redirect(plan.get_absolute_url())
    form = AmendmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            data = read_plan_file(data=upload.read(), name=upload.name, lang=get_language())
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
        else:
            upload.seek(0)
            imported = PlanImport.objects.create(
                file=upload,
                original_name=upload.name,
                status=ImportStatus.DONE,
                progress=100,
                amends=plan,
                created_by=request.user,
                finished_at=clock.now(),
            )
            return _preview(request, plan, imported, data)
    return render(request, "plans/amend/upload.html", {"plan": plan, "form": form})


def _preview(request, plan, imported, data, error=None):
    context = {
        "plan": plan,
        "imported": imported,
        "diff": plan_amend_preview(plan=plan, data=data),
        "error": error,
    }
    return render(request, "plans/amend/preview.html", context)


@office_only
def amend_apply(request, plan_id):
    plan = _published(plan_id)
    if request.method != "POST":
        return redirect("plans:amend", plan_id=plan.pk)
    imported = get_object_or_404(PlanImport, pk=id_of(request.POST.get("import")), amends=plan)
    try:
        data = _read(imported)
        version = plan_amend_apply(
            plan=plan,
            data=data,
            user=request.user,
            source_name=imported.original_name,
            seen_version=required_version(request.POST),
        )
    except PublishRefused as refused:
        return _preview(request, plan, imported, data, error=refused.messages[0])
    except ValidationError as error:
        messages.error(request, refusal_text(error))
        return redirect("plans:amend", plan_id=plan.pk)
    messages.success(request, _("Đã áp dụng văn bản sửa đổi: phiên bản %d.") % version.number)
    return redirect(plan.get_absolute_url())
