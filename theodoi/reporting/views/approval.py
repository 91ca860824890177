"""The office approves a submitted report on the head's behalf, with a reason."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from theodoi.core.access import office_only

from ..models import Period
from ..services.workflow import report_approve_for_head
from .reports import workflow_step


@office_only
@require_POST
def approve_for_head(request, body_id, period_id):
    period = get_object_or_404(Period, pk=period_id)
    report = get_object_or_404(period.reports, body_id=body_id)
    return workflow_step(
        request,
        report,
        report_approve_for_head,
        _("Đã duyệt thay lãnh đạo đơn vị; báo cáo chờ tiếp nhận."),
        reason=request.POST.get("reason", ""),
    )
