"""The office's pages: the outbox (every message and its delivery), sending a
failed message again, and a plan's reminder policy."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from theodoi.core.access import office_only
from theodoi.core.forms import add_service_errors, refusal_text
from theodoi.plans.models import Plan

from ..forms import OutboxFilterForm, PolicyForm
from ..models import EmailState, Notification
from ..rules import MAX_ATTEMPTS
from ..services import office, policies


def _message(notification_id: int) -> Notification:
    try:
        return office.outbox_message(notification_id)
    except Notification.DoesNotExist:
        raise Http404 from None


@office_only
def outbox(request):
    filters = OutboxFilterForm(request.GET or None)
    rows = office.outbox_rows(**filters.values())
    page = Paginator(rows, office.PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(request, "notify/outbox.html", {"filters": filters, "page": page})


@office_only
def outbox_detail(request, notification_id):
    notification = _message(notification_id)
    context = {
        "n": notification,
        "attempts": notification.delivery_attempts.all(),
        "email": office.rendered_email(notification),
        "can_resend": notification.email_state == EmailState.FAILED,
        "max_attempts": MAX_ATTEMPTS,
    }
    return render(request, "notify/outbox_detail.html", context)


@office_only
@require_POST
def outbox_resend(request, notification_id):
    notification = _message(notification_id)
    try:
        office.outbox_resend(notification, user=request.user)
    except ValidationError as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, _("Thư đã được xếp hàng gửi lại."))
    return redirect("notify:outbox_detail", notification_id=notification.pk)


@office_only
def policy_edit(request, plan_id):
    plan = get_object_or_404(Plan, pk=plan_id)
    policy = policies.policy_of(plan)
    form = PolicyForm(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid():
        try:
            policies.policy_save(
                plan=plan,
                data=form.cleaned_data,
                user=request.user,
                seen_version=form.cleaned_data["seen_version"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã lưu lịch nhắc việc của kế hoạch."))
            return redirect("notify:policy", plan_id=plan.pk)
    context = {"plan": plan, "policy": policy, "form": form}
    return render(request, "notify/policy.html", context)
