"""The office approves a submitted report on the head's behalf, with a reason."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from theodoi.core.access import office_only
from theodoi.core.concurrency import seen_version
from theodoi.core.forms import refusal_text

from ..models import Period
from ..services.workflow import report_approve_for_head


@office_only
@require_POST
def approve_for_head(request, body_id, period_id):
    period = get_object_or_404(Period, pk=period_id)
    report = get_object_or_404(period.reports, body_id=body_id)
    try:
        report_approve_for_head(
            report=report,
            user=request.user,
            reason=request.POST.get("reason", ""),
            seen_version=seen_version(request.POST),
        )
    except ValidationError as refusal:
        messages.error(request, refusal_text(refusal))
    else:
        messages.success(request, _("Đã duyệt thay lãnh đạo đơn vị; báo cáo chờ tiếp nhận."))
    return redirect("reporting:report", body_id=body_id, period_id=period_id)
