from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from theodoi.core.access import office_only
from theodoi.core.forms import add_service_errors
from theodoi.core.tabular import TableFileError, csv_response, read_table, xlsx_response

from . import services
from .forms import BodyForm, GroupForm, RegistryUploadForm
from .models import Group
from .resolve import resolve


def _save_form(request, form, save, success_url):
    """Validate, call the service, turn its refusals into form errors."""
    if form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã lưu “%s”.") % saved)
            return redirect(success_url(saved))
    return None


@office_only
def body_edit(request, body_id=None):
    body = get_object_or_404(services.Body, pk=body_id) if body_id else None
    form = BodyForm(request.POST or None, instance=body)
    if request.method == "POST":
        response = _save_form(
            request,
            form,
            lambda cleaned: services.body_save(body=body, data=cleaned, seen_version=form.seen),
            lambda saved: saved.get_absolute_url(),
        )
        if response:
            return response
    return render(request, "bodies/body_form.html", {"form": form, "body": body})


@office_only
def group_list(request):
    groups = Group.objects.prefetch_related("members")
    return render(request, "bodies/group_list.html", {"groups": groups})


@office_only
def group_edit(request, group_id):
    group = get_object_or_404(Group, pk=group_id)
    form = GroupForm(request.POST or None, instance=group)
    if request.method == "POST":
        response = _save_form(
            request,
            form,
            lambda cleaned: services.group_save(
                group=group,
                data={k: cleaned[k] for k in services.GROUP_FIELDS},
                seen_version=form.seen,
            ),
            lambda saved: "bodies:groups",
        )
        if response:
            return response
    return render(request, "bodies/group_form.html", {"form": form, "group": group})


@office_only
def registry_export(request, fmt):
    if fmt not in {"csv", "xlsx"}:
        raise Http404
    rows = services.registry_rows()
    if fmt == "xlsx":
        return xlsx_response(rows, "danh-muc-don-vi.xlsx", "Danh mục đơn vị")
    return csv_response(rows, "danh-muc-don-vi.csv")


@office_only
def registry_import(request):
    form = RegistryUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.registry_import(read_table(form.cleaned_data["file"]))
        except TableFileError as error:
            form.add_error("file", str(error))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Đã nhập %(total)d dòng: %(created)d đơn vị mới, %(updated)d đơn vị cập nhật.")
                % result,
            )
            return redirect("bodies:list")
    return render(request, "bodies/registry_import.html", {"form": form})


@office_only
def resolve_preview(request):
    """Type a lead/support cell, see what the registry makes of it (htmx)."""
    text = request.GET.get("cell", "")
    result = resolve(text) if text.strip() else None
    template = "bodies/_resolution.html" if request.htmx else "bodies/resolve.html"
    return render(request, template, {"cell": text, "result": result})
