"""The committee's settings (letterhead, series, signer, recipients) and the
province's templates: which one is in use, upload, back to the default, downloads."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from theodoi.core.access import office_only
from theodoi.core.forms import add_service_errors, refusal_text
from theodoi.core.history import history_rows

from ..models import Committee, Template, TemplateKind
from ..services.committee_settings import committee_plans, committee_preview, committee_save
from ..services.templates import (
    DOCX_TYPE,
    template_choices,
    template_in_use_file,
    template_reset,
    template_upload,
)
from ..settings_forms import CommitteeForm


@office_only
def committee(request, committee_id):
    found = get_object_or_404(Committee, pk=committee_id)
    form = CommitteeForm(request.POST or None, instance=found)
    if request.method == "POST" and form.is_valid():
        try:
            saved = committee_save(
                found, data=form.cleaned_data, user=request.user, seen_version=form.seen
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã lưu thông tin ban hành văn bản của “%s”.") % saved)
            return redirect("documents:committee", saved.pk)
    shown = Committee.objects.get(pk=found.pk)  # as saved, not as the refused form left it
    context = {
        "committee": shown,
        "form": form,
        "preview": committee_preview(shown),
        "plans": committee_plans(shown),
        "entries": history_rows(shown),
    }
    return render(request, "documents/committee.html", context)


def _templates_page(request, *, errors=None, status=200):
    context = {
        "kinds": template_choices(),
        "committees": Committee.objects.order_by("name"),
        "errors": errors or {},
    }
    return render(request, "documents/templates.html", context, status=status)


def _kind(kind: str) -> str:
    if kind not in TemplateKind.values:
        raise Http404
    return kind


@office_only
def templates(request):
    return _templates_page(request)


@office_only
@require_POST
def template_upload_view(request, template_kind):
    kind = _kind(template_kind)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise ValidationError(_("Hãy chọn tệp mẫu (.docx) để tải lên."))
        template_upload(kind, upload, user=request.user)
    except ValidationError as error:
        return _templates_page(request, errors={kind: refusal_text(error)}, status=400)
    messages.success(request, _("Đã tải lên mẫu “%s”; từ nay văn bản dùng mẫu này.") % upload.name)
    return redirect("documents:templates")


@office_only
@require_POST
def template_reset_view(request, template_kind):
    template_reset(_kind(template_kind), user=request.user)
    messages.success(request, _("Đã trở lại mẫu mặc định."))
    return redirect("documents:templates")


@office_only
def template_download(request, template_kind):
    try:
        found = template_in_use_file(_kind(template_kind))
    except FileNotFoundError:
        found = None
    if found is None:
        raise Http404
    name, stream = found
    return FileResponse(stream, as_attachment=True, filename=name, content_type=DOCX_TYPE)


@office_only
def template_file(request, template_id):
    template = get_object_or_404(Template, pk=template_id)
    try:
        stream = template.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        stream, as_attachment=True, filename=template.original_name, content_type=DOCX_TYPE
    )
