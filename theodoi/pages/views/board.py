"""A period's board (every body × its report's state, and when each was last
reminded; the chair and the working-group members read it too, for the bodies they
oversee) with the office's "Nhắc ngay" on the ticked bodies."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from theodoi.bodies.models import BodyKind
from theodoi.core.access import board_readers, is_office, office_only, readable_body_ids
from theodoi.core.forms import refusal_text
from theodoi.core.params import parse_int
from theodoi.documents.services.letters import board_letters
from theodoi.notify.selectors import board_last_reminders
from theodoi.notify.services.chase import period_chase
from theodoi.reporting.models import Period
from theodoi.reporting.selectors.board import BOARD_STATES, BoardFilters, period_board


def _report_url(body_id: int, period_id: int) -> str:
    return reverse("reporting:report", kwargs={"body_id": body_id, "period_id": period_id})


@board_readers
def board(request, period_id):
    period = get_object_or_404(Period.objects.select_related("plan"), pk=period_id)
    filters = BoardFilters.from_params(request.GET)
    found = period_board(period, filters=filters, body_ids=readable_body_ids(request.user))
    reminded = board_last_reminders(period)
    for row in found.rows:
        row.url = _report_url(row.body.pk, period.pk)
        row.last_reminded = reminded.get(row.body.pk)
    context = {
        "board": found,
        "period": period,
        "filters": filters,
        "states": BOARD_STATES,
        "kinds": BodyKind.choices,
        "office": is_office(request.user),  # only the office acts; the others read
        "query": request.GET.urlencode(),
        **board_letters(period, board=found),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "reporting/board/_rows.html", context)
    return render(request, "reporting/board/board.html", context)


def _chase_messages(request, result) -> None:
    """What "Nhắc ngay" did, in plain words: who was told, who could not be."""
    if result.reminded:
        messages.success(
            request,
            ngettext(
                "Đã nhắc %(bodies)d đơn vị (%(people)d người nhận): %(names)s.",
                "Đã nhắc %(bodies)d đơn vị (%(people)d người nhận): %(names)s.",
                len(result.reminded),
            )
            % {
                "bodies": len(result.reminded),
                "people": result.messages,
                "names": "; ".join(result.reminded),
            },
        )
    if result.without_account:
        messages.warning(
            request,
            _("%(n)d đơn vị chưa có tài khoản nên không nhắc được: %(names)s.")
            % {"n": len(result.without_account), "names": "; ".join(result.without_account)},
        )
    if result.already_sent:
        messages.info(
            request,
            _("%(n)d đơn vị đã gửi báo cáo nên không cần nhắc: %(names)s.")
            % {"n": len(result.already_sent), "names": "; ".join(result.already_sent)},
        )


@office_only
@require_POST
def board_chase(request, period_id):
    """The office's "Nhắc ngay" on the ticked bodies; back to the board as it was filtered."""
    period = get_object_or_404(Period.objects.select_related("plan"), pk=period_id)
    chosen = [parse_int(v, minimum=1) for v in request.POST.getlist("don-vi")]
    try:
        body_ids = [pk for pk in chosen if pk]  # a value no form sends is left out
        result = period_chase(period=period, body_ids=body_ids, user=request.user)
    except ValidationError as error:
        messages.error(request, refusal_text(error))
    else:
        _chase_messages(request, result)
    query = QueryDict(request.POST.get("loc", "")).urlencode()  # the board's filters
    url = reverse("reporting:board", args=[period.pk])
    return redirect(f"{url}?{query}" if query else url)
