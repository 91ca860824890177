"""The comment thread of a report item ("ý kiến chỉ đạo"): htmx posts a comment and
gets the updated thread back, on the report page and on the task page alike."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from theodoi.bodies.access import body_scoped
from theodoi.core.forms import refusal_text

from ..models import ReportItem
from ..selectors.comments import comments_prefetch
from ..services.comments import item_comment_add


def _item(body, item_id) -> ReportItem:
    item = get_object_or_404(
        ReportItem.objects.select_related(
            "report__period__plan", "report__body", "assignment__task"
        ).prefetch_related(comments_prefetch()),
        pk=item_id,
    )
    if item.report.body_id != body.pk:
        raise PermissionDenied
    return item


@body_scoped
@require_POST
def comment_add(request, body, item_id):
    item = _item(body, item_id)
    text = request.POST.get("text", "")
    try:
        item_comment_add(item=item, user=request.user, text=text)
    except ValidationError as refusal:
        context = {"item": item, "comment_error": refusal_text(refusal), "typed": text}
        return render(request, "reporting/reports/_comments.html", context)
    return render(request, "reporting/reports/_comments.html", {"item": _item(body, item_id)})
