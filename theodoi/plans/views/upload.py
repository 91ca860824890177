"""Upload a plan document (office), then follow its background parse to the draft."""

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from theodoi.core.access import office_only

from ..models import ImportStatus, PlanImport
from ..selectors.imports import import_counts, recent_imports
from ..services import imports


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp văn bản kế hoạch"),
        help_text=_("Tệp .txt, .md, .docx, .pdf, .xlsx hoặc .html, tối đa 20 MB."),
        widget=forms.FileInput(attrs={"accept": ",".join(imports.ACCEPTED_SUFFIXES)}),
        error_messages={
            "required": _("Hãy chọn một tệp."),
            "empty": _("Tệp đã chọn rỗng: không có nội dung nào."),
        },
    )


@office_only
def upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan_import = imports.plan_import_create(
                upload=form.cleaned_data["file"], user=request.user
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("plans:import", import_id=plan_import.pk)
    context = {"form": form, "imports": recent_imports()}
    return render(request, "plans/upload/upload.html", context)


def _draft_url(plan) -> str:
    """The review grid of the draft when it exists, else the plan's page."""
    try:
        return reverse("plans:review", args=[plan.pk])
    except NoReverseMatch:
        return plan.get_absolute_url()


@office_only
def import_status(request, import_id):
    """The import's progress; its partial polls itself (htmx) until the parse ends."""
    plan_import = get_object_or_404(
        PlanImport.objects.select_related("plan", "created_by"), pk=import_id
    )
    if plan_import.amends_id:  # an amendment's progress is on the amendment's page
        return redirect("plans:amend-import", plan_id=plan_import.amends_id, import_id=import_id)
    finished = plan_import.status in {ImportStatus.DONE, ImportStatus.FAILED}
    context = {
        "plan_import": plan_import,
        "finished": finished,
        "counts": import_counts(plan_import),
        "draft_url": _draft_url(plan_import.plan) if plan_import.plan else None,
        "reread": imports.reread(plan_import),
        "slow": imports.slow(plan_import),
    }
    template = "plans/upload/_status.html" if request.htmx else "plans/upload/status.html"
    return render(request, template, context)
