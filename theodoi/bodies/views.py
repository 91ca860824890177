from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from theodoi.accounts.models import Role, User
from theodoi.accounts.selectors import COVERAGE_FILTERS, with_account_counts
from theodoi.accounts.services import user_delegate_approval
from theodoi.core.access import is_office, office_only
from theodoi.core.tabular import TableFileError, csv_response, read_table, xlsx_response
from theodoi.plans.selectors import body_work
from theodoi.reporting.report_selectors import due_for_body
from theodoi.reporting.selectors import body_page_status

from . import selectors, services
from .access import body_scoped
from .forms import BodyForm, GroupForm, RegistryUploadForm
from .models import BodyKind, Group
from .resolve import resolve


@office_only
def body_list(request):
    query, kind = request.GET.get("q", "").strip(), request.GET.get("loai", "")
    coverage = request.GET.get("tai-khoan", "")
    bodies = with_account_counts(selectors.bodies_for_list(query=query, kind=kind), coverage)
    context = {
        "bodies": bodies,
        "query": query,
        "kind": kind,
        "kinds": BodyKind.choices,
        "coverage": coverage,
        "coverages": [(value, label) for value, (label, _rule) in COVERAGE_FILTERS.items()],
    }
    template = "bodies/_body_rows.html" if request.htmx else "bodies/body_list.html"
    return render(request, template, context)


@body_scoped
def body_detail(request, body):
    work = body_work(body)
    people = list(body.users.filter(is_active=True).order_by("role", "username"))
    context = {
        "body": body,
        "people": people,
        "focal_count": sum(p.role == Role.FOCAL for p in people),
        "head_count": sum(p.role == Role.HEAD for p in people),
        "can_delegate": is_office(request.user)
        or (request.user.role == Role.HEAD and request.user.body_id == body.pk),
        "groups": selectors.groups_of(body),
        "work": work,
        "due": due_for_body(body, request.user),
        **body_page_status(body, work),  # the reporting area's class of each task
    }
    return render(request, "bodies/body_detail.html", context)


@body_scoped
@require_POST
def body_delegate(request, body, user_id):
    """The office or the body's head allows (or stops) a focal officer to approve."""
    account = get_object_or_404(User, pk=user_id, body=body)
    allowed = request.POST.get("allowed") == "1"
    try:
        user_delegate_approval(account=account, allowed=allowed, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        done = _("%s được ủy quyền duyệt báo cáo.") if allowed else _("%s thôi duyệt báo cáo.")
        messages.success(request, done % account.display_name)
    return redirect(body.get_absolute_url())


def _save_form(request, form, save, success_url):
    """Validate, call the service, turn its refusals into form errors."""
    if form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã lưu “%s”.") % saved)
            return redirect(success_url(saved))
    return None


@office_only
def body_edit(request, body_id=None):
    body = get_object_or_404(services.Body, pk=body_id) if body_id else None
    form = BodyForm(request.POST or None, instance=body)
    if request.method == "POST":
        seen = form.data.get("seen", "")
        response = _save_form(
            request,
            form,
            lambda cleaned: services.body_save(body=body, data=cleaned, seen_fingerprint=seen),
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
        seen = form.data.get("seen", "")
        response = _save_form(
            request,
            form,
            lambda cleaned: services.group_save(
                group=group,
                data={k: cleaned[k] for k in services.GROUP_FIELDS},
                seen_fingerprint=seen,
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
            for message in error.messages:
                form.add_error(None, message)
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
