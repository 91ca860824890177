"""Amending a published plan: upload the amended document, see the changes, apply them.

The upload is kept as a ``PlanImport`` that ``amends`` the plan and is read in the
background, bounded, like any plan document (``services.imports``): the page follows
the read (htmx polling) and then shows what the document changes. The worker keeps
the plan JSON it read (``PlanImport.parsed``); "apply" uses that JSON, so what is
applied is the very document the office previewed, and no request reads a file.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from theodoi.core.access import office_only
from theodoi.core.concurrency import required_version
from theodoi.core.forms import refusal_text
from theodoi.core.params import id_of

from ..models import ImportStatus, Plan, PlanImport, PlanStatus
from ..services import imports
from ..services.amend import plan_amend_apply, plan_amend_preview
from ..services.publish import PublishRefused

EXTENSIONS = (".txt", ".docx", ".pdf", ".xlsx")


class AmendmentForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Văn bản sửa đổi (.txt, .docx, .pdf, .xlsx)"),
        widget=forms.FileInput(attrs={"accept": ",".join(EXTENSIONS)}),
        error_messages={"empty": gettext_lazy("Tệp trống.")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(EXTENSIONS):
            raise ValidationError(_("Chỉ nhận tệp .txt, .docx, .pdf hoặc .xlsx."))
        return upload


def _published(plan_id) -> Plan:
    return get_object_or_404(Plan, pk=plan_id)


@office_only
def amend_upload(request, plan_id):
    """The amended document is kept and queued; its page follows the read."""
    plan = _published(plan_id)
    if plan.status != PlanStatus.PUBLISHED:
        messages.error(request, _("Chỉ sửa đổi được kế hoạch đã ban hành."))
        return redirect(plan.get_absolute_url())
    form = AmendmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            imported = imports.plan_import_create(
                upload=form.cleaned_data["file"], user=request.user, amends=plan
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
        else:
            return redirect("plans:amend-import", plan_id=plan.pk, import_id=imported.pk)
    return render(request, "plans/amend/upload.html", {"plan": plan, "form": form})


def _status(request, plan, imported, error=None):
    """The read's progress; once read, what the document changes (and "apply")."""
    ready = imported.status == ImportStatus.DONE and imported.parsed is not None
    context = {
        "plan": plan,
        "imported": imported,
        "finished": imported.status in {ImportStatus.DONE, ImportStatus.FAILED},
        "diff": plan_amend_preview(plan=plan, data=imported.parsed) if ready else None,
        "error": error,
        "reread": imports.reread(imported),
        "slow": imports.slow(imported),
    }
    template = "plans/amend/_status.html" if request.htmx else "plans/amend/status.html"
    return render(request, template, context)


@office_only
def amend_import(request, plan_id, import_id):
    """The amendment's page: it polls itself (htmx) until the read ends, then previews."""
    plan = _published(plan_id)
    imported = get_object_or_404(
        PlanImport.objects.select_related("created_by"), pk=import_id, amends=plan
    )
    return _status(request, plan, imported)


@office_only
def amend_apply(request, plan_id):
    """Apply the JSON the worker read and the office previewed (the file is not read)."""
    plan = _published(plan_id)
    if request.method != "POST":
        return redirect("plans:amend", plan_id=plan.pk)
    imported = get_object_or_404(PlanImport, pk=id_of(request.POST.get("import")), amends=plan)
    if imported.status != ImportStatus.DONE or imported.parsed is None:
        messages.error(request, _("Văn bản sửa đổi chưa được đọc xong; chưa áp dụng được."))
        return redirect("plans:amend-import", plan_id=plan.pk, import_id=imported.pk)
    try:
        version = plan_amend_apply(
            plan=plan,
            data=imported.parsed,
            user=request.user,
            source_name=imported.original_name,
            seen_version=required_version(request.POST),
        )
    except PublishRefused as refused:
        return _status(request, plan, imported, error=refused.messages[0])
    except ValidationError as error:
        messages.error(request, refusal_text(error))
        return redirect("plans:amend", plan_id=plan.pk)
    messages.success(request, _("Đã áp dụng văn bản sửa đổi: phiên bản %d.") % version.number)
    return redirect(plan.get_absolute_url())
