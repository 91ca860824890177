"""The office's chasing letters: the list, drafting one from a period's board, and
the letter's page (edit, generate, send through the outbox)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from theodoi.bodies.models import Body
from theodoi.core.access import office_only
from theodoi.core.forms import add_service_errors, refusal_text
from theodoi.core.params import id_of
from theodoi.reporting.models import Period

from ..letter_forms import GenerateForm, LetterForm
from ..models import Letter
from ..services.letters import letter_draft, letter_generate, letter_save, letter_send


@office_only
def letters(request):
    found = Letter.objects.select_related("period__plan", "created_by").prefetch_related("bodies")
    return render(request, "documents/letters.html", {"letters": found})


@office_only
@require_POST
def letter_draft_view(request, period_id):
    """“Soạn công văn đôn đốc” on a period's board (to one body when ``body_id`` is sent)."""
    period = get_object_or_404(Period.objects.select_related("plan", "rule"), pk=period_id)
    body_id = request.POST.get("body_id", "")
    body = get_object_or_404(Body, pk=id_of(body_id)) if body_id else None
    try:
        letter = letter_draft(period, user=request.user, body=body)
    except ValidationError as error:
        messages.error(request, refusal_text(error))
        return redirect("reporting:board", period.pk)
    messages.success(request, _("Đã soạn dự thảo công văn đôn đốc; sửa nội dung rồi tạo văn bản."))
    return redirect("documents:letter", letter.pk)


def _sent_messages(request, result) -> None:
    messages.success(
        request,
        ngettext(
            "Đã gửi công văn qua hộp thư đi tới %(n)d người nhận.",
            "Đã gửi công văn qua hộp thư đi tới %(n)d người nhận.",
            result.messages,
        )
        % {"n": result.messages},
    )
    if result.without_account:
        messages.warning(
            request,
            _("Các đơn vị chưa có tài khoản nên không nhận được thư: %(names)s.")
            % {"names": "; ".join(result.without_account)},
        )
    if not result.attached_pdf:
        messages.info(request, _("Chưa có bản PDF nên thư kèm tệp Word (DOCX)."))


def _act(request, letter, action):
    """Do what the page's button asked; a redirect when done, else the bound forms."""
    form, generate = LetterForm(instance=letter), GenerateForm()
    try:
        if action == "save":
            form = LetterForm(request.POST, instance=letter)
            if form.is_valid():
                data, seen = form.cleaned_data, form.seen
                letter_save(letter, data=data, user=request.user, seen_version=seen)
                messages.success(request, _("Đã lưu công văn."))
                return None, None, True
        elif action == "generate":
            generate = GenerateForm(request.POST)
            if generate.is_valid():
                letter_generate(letter, user=request.user, number=generate.cleaned_data["number"])
                messages.success(request, _("Đã tạo văn bản; bản PDF đang được chuyển đổi."))
                return None, None, True
        elif action == "send":
            _sent_messages(request, letter_send(letter, user=request.user))
            return None, None, True
    except ValidationError as error:
        if action != "save":
            messages.error(request, refusal_text(error))
            return None, None, True
        letter.refresh_from_db()
        add_service_errors(form, error)
    return form, generate, False


@office_only
def letter(request, letter_id):
    letter = get_object_or_404(
        Letter.objects.select_related("period__plan", "committee"), pk=letter_id
    )
    action = request.POST.get("action", "") if request.method == "POST" else ""
    form, generate, done = _act(request, letter, action)
    if done:
        return redirect("documents:letter", letter.pk)
    renditions = list(letter.renditions.select_related("created_by"))
    context = {
        "letter": letter,
        "form": form,
        "generate": generate,
        "renditions": renditions,
        "latest": renditions[0] if renditions else None,
        "bodies": list(letter.bodies.order_by("kind", "name")),
        "board_url": reverse("reporting:board", args=[letter.period_id]),
    }
    failed = bool(form.errors or generate.errors)
    return render(request, "documents/letter.html", context, status=400 if failed else 200)
