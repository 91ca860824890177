"""The documents home and the committee's report as the office drafts it.

Every view is ``office_only``; each write is one service call whose refusal (a
stale page, an empty text) is shown as a message, nothing saved. Every write
reloads the page: each one changes the draft's version, which every form on the
page carries.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from theodoi.core import clock
from theodoi.core.access import office_only
from theodoi.core.concurrency import required_version
from theodoi.core.forms import refusal_text
from theodoi.plans.models import Plan, PlanStatus
from theodoi.reporting.models import Period

from ..forms import DraftGenerateForm, DraftLeadershipForm, DraftOpenForm
from ..models import Committee, Draft, Rendition, Scope
from ..services import drafts
from ..services.committees import committee_of


def _committees(user) -> list[tuple[Committee, list[Plan]]]:
    """Every committee of a published plan, with its published plans."""
    found: dict[int, tuple[Committee, list[Plan]]] = {}
    for plan in Plan.objects.filter(status=PlanStatus.PUBLISHED).order_by("-published_at", "pk"):
        committee = committee_of(plan, user=user)
        found.setdefault(committee.pk, (committee, []))[1].append(plan)
    return list(found.values())


def _latest_month(plans, now=None) -> tuple[int, int]:
    """(year, month) of the latest period of ``plans`` whose cut-off has passed; this
    month when there is none."""
    passed = Period.objects.filter(plan__in=plans, cutoff__lte=clock.now(now))
    period = passed.order_by("-cutoff", "-pk").first()
    day = period.ends_on if period else clock.today(now)
    return day.year, day.month


def _open_form(committee, plans, data=None) -> DraftOpenForm:
    year, month = _latest_month(plans)
    return DraftOpenForm(
        data,
        plans=Plan.objects.filter(pk__in=[plan.pk for plan in plans]),
        prefix=f"c{committee.pk}",
        initial={"plans": plans, "scope": Scope.MONTH, "year": year, "index": month},
    )


@office_only
def home(request):
    committees = _committees(request.user)
    last = Rendition.objects.select_related("created_by").order_by("-number")
    found = Draft.objects.filter(committee__in=[c for c, _plans in committees])
    found = found.select_related("created_by").prefetch_related(
        "plans", Prefetch("renditions", queryset=last)
    )
    by_committee: dict[int, list[Draft]] = {}
    for draft in found.order_by("-created_at", "-pk"):
        draft.span = drafts.span_label(draft.scope, draft.year, draft.index)
        by_committee.setdefault(draft.committee_id, []).append(draft)
    context = {
        "committees": [
            {
                "committee": committee,
                "plans": plans,
                "drafts": by_committee.get(committee.pk, []),
                "form": _open_form(committee, plans),
            }
            for committee, plans in committees
        ]
    }
    return render(request, "documents/home.html", context)


@office_only
@require_POST
def draft_open(request, committee_id):
    committee = get_object_or_404(Committee, pk=committee_id)
    plans = dict(_committees(request.user)).get(committee)
    if not plans:
        messages.error(request, _("Ban Chỉ đạo này chưa có kế hoạch nào đã ban hành."))
        return redirect("documents:home")
    form = _open_form(committee, plans, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            draft = drafts.draft_open(
                committee=committee,
                plans=data["plans"],
                scope=data["scope"],
                year=data["year"],
                index=data["index"],
                user=request.user,
            )
        except ValidationError as refusal:
            messages.error(request, refusal_text(refusal))
        else:
            return redirect("documents:draft", draft.pk)
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("documents:home")


def _draft(draft_id) -> Draft:
    return get_object_or_404(Draft.objects.select_related("committee"), pk=draft_id)


@office_only
def draft_page(request, draft_id):
    draft = _draft(draft_id)
    try:
        raw = drafts.draft_raw(draft)
    except ValidationError as refusal:
        raw, empty = None, refusal_text(refusal)
    else:
        empty = ""
    rows = drafts.draft_rows(raw, draft.edits) if raw else {}
    context = {
        "draft": draft,
        "label": drafts.span_label(draft.scope, draft.year, draft.index),
        "plans": list(draft.plans.order_by("pk")),
        "empty": empty,
        "compiled": drafts.draft_compiled(draft, raw=raw) if raw else None,
        "raw": raw,
        "rows": rows,
        "mergeable": {part: drafts.mergeable(groups) for part, groups in rows.items()},
        "leadership_form": DraftLeadershipForm(
            initial={"leadership": draft.leadership, "seen_version": draft.version}
        ),
        "generate_form": DraftGenerateForm(),
        "renditions": draft.renditions.select_related("created_by"),
    }
    return render(request, "documents/draft.html", context)


def _back(draft_id, anchor=""):
    url = reverse("documents:draft", args=[draft_id])
    return redirect(f"{url}#{anchor}" if anchor else url)


def _done(request, draft_id, call, success, anchor=""):
    """Run one write; say how it went; back to the page."""
    try:
        call()
    except ValidationError as refusal:
        messages.error(request, refusal_text(refusal))
    else:
        messages.success(request, success)
    return _back(draft_id, anchor)


@office_only
def passage_edit(request, draft_id, key):
    """GET: the passage's text in a textarea (htmx, in place); POST: save it."""
    draft = _draft(draft_id)
    if request.method == "POST":
        return _done(
            request,
            draft_id,
            lambda: drafts.draft_passage_edit(
                draft,
                key=key,
                text=request.POST.get("text", ""),
                user=request.user,
                seen_version=required_version(request.POST),
            ),
            _("Đã lưu đoạn văn đã sửa."),
            drafts.passage_anchor(key),
        )
    try:
        text = drafts.passage_texts(drafts.draft_raw(draft), draft.edits, [key])
    except ValidationError as refusal:
        messages.error(request, refusal_text(refusal))
        return _back(draft_id)
    context = {"draft": draft, "key": key, "text": text, "anchor": drafts.passage_anchor(key)}
    return render(request, "documents/_draft_edit.html", context)


@office_only
@require_POST
def passage_drop(request, draft_id, key):
    draft = _draft(draft_id)
    return _done(
        request,
        draft_id,
        lambda: drafts.draft_passage_drop(
            draft, key=key, user=request.user, seen_version=required_version(request.POST)
        ),
        _("Đã bỏ đoạn văn khỏi báo cáo."),
        drafts.passage_anchor(key),
    )


@office_only
@require_POST
def passage_restore(request, draft_id, key):
    draft = _draft(draft_id)
    return _done(
        request,
        draft_id,
        lambda: drafts.draft_passage_restore(
            draft, key=key, user=request.user, seen_version=required_version(request.POST)
        ),
        _("Đã khôi phục đoạn văn như khi tổng hợp."),
        drafts.passage_anchor(key),
    )


@office_only
@require_POST
def passages_merge(request, draft_id):
    draft = _draft(draft_id)
    keys = request.POST.getlist("keys")

    def merge():
        text = request.POST.get("text", "").strip()
        if not text and len(keys) > 1:  # the chosen texts, one after the other
            text = drafts.passage_texts(drafts.draft_raw(draft), draft.edits, keys)
        drafts.draft_passages_merge(
            draft,
            keys=keys,
            text=text,
            user=request.user,
            seen_version=required_version(request.POST),
        )

    anchor = drafts.passage_anchor(keys[0]) if keys else ""
    return _done(request, draft_id, merge, _("Đã gộp các đoạn đã chọn."), anchor)


@office_only
@require_POST
def leadership_save(request, draft_id):
    draft = _draft(draft_id)
    return _done(
        request,
        draft_id,
        lambda: drafts.draft_leadership_save(
            draft,
            text=request.POST.get("leadership", ""),
            user=request.user,
            seen_version=required_version(request.POST),
        ),
        _("Đã lưu phần I. Công tác lãnh đạo, chỉ đạo."),
        "leadership",
    )


@office_only
@require_POST
def draft_generate(request, draft_id):
    draft = _draft(draft_id)
    form = DraftGenerateForm(request.POST)
    number = form.cleaned_data["number"] if form.is_valid() else request.POST.get("number", "")
    return _done(
        request,
        draft_id,
        lambda: drafts.draft_generate(draft, user=request.user, number=number),
        _("Đã tạo văn bản; bản PDF sẽ có sau ít giây."),
        "generations",
    )
