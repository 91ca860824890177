"""The committee's report as the office drafts it: a span (month, quarter, half-year,
year) of one or several of the committee's plans, compiled from the accepted reports,
its passages edited, dropped or merged, section I typed, then generated as DOCX (with
its XLSX appendix and PDF) as often as the office likes — each generation kept.

The draft stores only what the office changed (``Draft.edits``, keyed by passage key);
the compiled text is read again each time, so a report accepted later still shows.
Every change is one transaction guarded by ``Draft.version``.
"""

import calendar
import re
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from theodoi.core import clock
from theodoi.core.audit import audit
from theodoi.core.concurrency import check_unchanged
from theodoi.core.params import parse_int
from theodoi.plans.models import Plan, PlanStatus
from theodoi.reporting.selectors.compiled import periods_within, report_compile_span

from ..appendix import appendix_xlsx
from ..models import Draft, Scope
from ..report import edited, file_stem, report_docx
from .committees import committee_of, reference
from .renditions import rendition_create

SCOPE_MONTHS = {Scope.MONTH: 1, Scope.QUARTER: 3, Scope.HALF: 6, Scope.YEAR: 12}
ROMAN = ("I", "II", "III", "IV")
KEY = re.compile(r"^(results|difficulties|proposals):\d+$")


# --- The span ---------------------------------------------------------------------


def span_of(scope: str, year: int, index: int) -> tuple[date, date]:
    """The first and last day of the ``index``-th month, quarter, half or year."""
    months = SCOPE_MONTHS.get(scope)
    if months is None or not 1 <= int(index) <= 12 // months or not 2000 <= int(year) <= 2100:
        raise ValidationError(_("Kỳ báo cáo không hợp lệ."))
    first = (int(index) - 1) * months + 1
    last = first + months - 1
    return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])


def span_label(scope: str, year: int, index: int) -> str:
    """The span in words: "tháng 10/2026", "quý IV/2026", "6 tháng đầu năm 2026"."""
    span_of(scope, year, index)
    if scope == Scope.MONTH:
        return _("tháng %(month)s/%(year)s") % {"month": index, "year": year}
    if scope == Scope.QUARTER:
        return _("quý %(quarter)s/%(year)s") % {"quarter": ROMAN[index - 1], "year": year}
    if scope == Scope.HALF:
        if index == 1:
            return _("6 tháng đầu năm %(year)s") % {"year": year}
        return _("6 tháng cuối năm %(year)s") % {"year": year}
    return _("năm %(year)s") % {"year": year}


# --- Opening a draft --------------------------------------------------------------


def draft_open(*, committee, plans, scope, year, index, user, now=None) -> Draft:
    """The committee's draft of the span for ``plans``: the one already open for the
    same plans, else a new one. Every plan must be published and the committee's."""
    plans = list(Plan.objects.filter(pk__in=[plan.pk for plan in plans]).order_by("pk"))
    span_of(scope, year, index)
    if not plans:
        raise ValidationError(_("Hãy chọn ít nhất một kế hoạch."))
    for plan in plans:
        if plan.status != PlanStatus.PUBLISHED:
            raise ValidationError(
                _("Kế hoạch “%(title)s” chưa ban hành nên chưa có báo cáo.") % {"title": plan.title}
            )
        if committee_of(plan, user=user).pk != committee.pk:
            raise ValidationError(
                _("Kế hoạch “%(title)s” không phải của %(committee)s.")
                % {"title": plan.title, "committee": committee}
            )
    wanted = {plan.pk for plan in plans}
    with transaction.atomic():
        same_span = Draft.objects.select_for_update().filter(
            committee=committee, scope=scope, year=year, index=index
        )
        for draft in same_span.prefetch_related("plans"):
            if {plan.pk for plan in draft.plans.all()} == wanted:
                return draft
        draft = Draft(
            committee=committee,
            scope=scope,
            year=year,
            index=index,
            created_by=user,
            created_at=clock.now(now),
        )
        audit(draft, user, "documents.draft.created")
        draft.save()
        draft.plans.set(plans)
    return draft


# --- The compiled report ----------------------------------------------------------


def draft_raw(draft: Draft, *, now=None):
    """The report of the draft's span as compiled, before the office's edits;
    refused when none of its plans has a period in the span."""
    plans = list(draft.plans.order_by("pk"))
    start, end = span_of(draft.scope, draft.year, draft.index)
    periods = periods_within(plans, start=start, end=end)
    if not periods:
        raise ValidationError(
            _("Các kế hoạch đã chọn không có kỳ báo cáo nào trong %(span)s.")
            % {"span": span_label(draft.scope, draft.year, draft.index)}
        )
    label = span_label(draft.scope, draft.year, draft.index)
    return report_compile_span(plans, periods=periods, now=now, label=label)


def draft_compiled(draft: Draft, *, now=None, raw=None):
    """The report as it will read: the compiled one (``raw`` when the caller has it)
    with the draft's edits applied."""
    return edited(raw if raw is not None else draft_raw(draft, now=now), draft.edits)


# --- Passages ---------------------------------------------------------------------


def _change(draft: Draft, *, user, seen_version, op: str, apply, **data) -> Draft:
    """Apply ``apply(locked)`` to the draft as it is now, if it is still the version
    the page showed; one transaction, one historical row."""
    with transaction.atomic():
        locked = Draft.objects.select_for_update().get(pk=draft.pk)
        check_unchanged(locked, seen_version)
        apply(locked)
        locked.version += 1
        audit(locked, user, "documents.draft.saved", op=op, **data)
        locked.save()
    return locked


def _checked_key(key: str) -> str:
    if not KEY.match(key or ""):
        raise ValidationError(_("Không tìm thấy đoạn này trong báo cáo."))
    return key


def _absorbed(edits: dict) -> dict[str, str]:
    """Each absorbed passage's key → the key of the passage that absorbed it."""
    return {k: key for key, edit in edits.items() for k in edit.get("merge", ())}


def _text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Đoạn văn không được để trống; muốn bỏ đoạn này hãy bấm “Bỏ”."))
    return text


def draft_passage_edit(draft: Draft, *, key: str, text: str, user, seen_version) -> Draft:
    """Replace a passage's text (a merged passage keeps what it absorbed)."""
    key, text = _checked_key(key), _text(text)

    def apply(locked):
        if key in _absorbed(locked.edits):
            raise ValidationError(_("Đoạn này đã được gộp vào đoạn khác."))
        kept = {k: v for k, v in locked.edits.get(key, {}).items() if k == "merge"}
        locked.edits = {**locked.edits, key: {**kept, "text": text}}

    return _change(draft, user=user, seen_version=seen_version, op="edit", key=key, apply=apply)


def draft_passage_drop(draft: Draft, *, key: str, user, seen_version) -> Draft:
    """Leave a passage out of the report (undone by ``draft_passage_restore``)."""
    key = _checked_key(key)

    def apply(locked):
        if key in _absorbed(locked.edits):
            raise ValidationError(_("Đoạn này đã được gộp vào đoạn khác."))
        locked.edits = {**locked.edits, key: {"drop": True}}

    return _change(draft, user=user, seen_version=seen_version, op="drop", key=key, apply=apply)


def draft_passage_restore(draft: Draft, *, key: str, user, seen_version) -> Draft:
    """The passage as compiled again: its edit, drop or merge undone (the passages a
    merge absorbed come back on their own)."""
    key = _checked_key(key)

    def apply(locked):
        locked.edits = {k: v for k, v in locked.edits.items() if k != key}

    return _change(draft, user=user, seen_version=seen_version, op="restore", key=key, apply=apply)


def draft_passages_merge(draft: Draft, *, keys, text: str, user, seen_version) -> Draft:
    """One passage in place of several of the same part (results, difficulties or
    proposals): the first absorbs the others, and its attribution names every body."""
    keys = list(dict.fromkeys(_checked_key(key) for key in keys or ()))
    text = _text(text)
    if len(keys) < 2:
        raise ValidationError(_("Hãy chọn ít nhất hai đoạn để gộp."))
    if len({key.split(":")[0] for key in keys}) > 1:
        raise ValidationError(_("Chỉ gộp được các đoạn trong cùng một phần của báo cáo."))

    def apply(locked):
        if set(keys) & set(_absorbed(locked.edits)):
            raise ValidationError(_("Một đoạn đã chọn đã được gộp vào đoạn khác."))
        first, others = keys[0], keys[1:]
        absorbed = []
        for key in keys:  # an earlier merge among the chosen joins this one
            absorbed += locked.edits.get(key, {}).get("merge", [])
        absorbed = list(dict.fromkeys([*absorbed, *others]))
        remaining = {k: v for k, v in locked.edits.items() if k not in keys}
        locked.edits = {**remaining, first: {"merge": absorbed, "text": text}}

    return _change(draft, user=user, seen_version=seen_version, op="merge", keys=keys, apply=apply)


def draft_leadership_save(draft: Draft, *, text: str, user, seen_version) -> Draft:
    """Section I, "Công tác lãnh đạo, chỉ đạo", as the office writes it."""

    def apply(locked):
        locked.leadership = (text or "").strip()

    return _change(draft, user=user, seen_version=seen_version, op="leadership", apply=apply)


# --- The page's view of the passages ----------------------------------------------


@dataclass
class PassageRow:
    """One compiled passage as the draft page shows it, with what the office did."""

    key: str
    text: str
    original: str
    attribution: str
    state: str  # "kept", "edited", "dropped", "merged", "absorbed"
    into: str = ""  # for an absorbed passage, the key of the passage that took it

    @property
    def anchor(self) -> str:
        return passage_anchor(self.key)


@dataclass
class PassageGroup:
    title: str
    rows: list[PassageRow] = field(default_factory=list)


def passage_anchor(key: str) -> str:
    """The passage's id in the page ("p-results-12": no colon, a CSS selector as is)."""
    return "p-" + key.replace(":", "-")


def _attribution(passages) -> str:
    return "; ".join(f"{p.body} — {p.task_code}" for p in passages)


def draft_rows(raw, edits: dict) -> dict[str, list[PassageGroup]]:
    """The passages of ``raw`` grouped as the report prints them (results by section,
    difficulties and proposals by body), each with the office's edit."""
    by_key = {p.key: p for p in _every_passage(raw)}
    absorbed = _absorbed(edits)

    def row(passage) -> PassageRow:
        edit = edits.get(passage.key, {})
        if passage.key in absorbed:
            state = "absorbed"
        elif edit.get("drop"):
            state = "dropped"
        elif "merge" in edit:
            state = "merged"
        elif "text" in edit:
            state = "edited"
        else:
            state = "kept"
        members = [passage, *(by_key[k] for k in edit.get("merge", ()) if k in by_key)]
        return PassageRow(
            key=passage.key,
            text=edit.get("text", passage.text),
            original=passage.text,
            attribution=_attribution(members),
            state=state,
            into=absorbed.get(passage.key, ""),
        )

    def groups(pairs):
        return [PassageGroup(title, [row(p) for p in passages]) for title, passages in pairs]

    return {
        "results": groups(
            (f"{s.code}. {s.title}" if s.code else s.title, s.passages) for s in raw.sections
        ),
        "difficulties": groups((b.body, b.passages) for b in raw.difficulties),
        "proposals": groups((b.body, b.passages) for b in raw.proposals),
    }


def mergeable(groups: list[PassageGroup]) -> bool:
    """Whether a part has two passages or more that can still be merged."""
    rows = [row for group in groups for row in group.rows]
    return sum(row.state not in ("absorbed", "dropped") for row in rows) >= 2


def _every_passage(raw):
    for section in raw.sections:
        yield from section.passages
    for group in (*raw.difficulties, *raw.proposals):
        yield from group.passages


def passage_texts(raw, edits: dict, keys) -> str:
    """The chosen passages' texts (as edited), one paragraph each: a merge's first text."""
    by_key = {p.key: p for p in _every_passage(raw)}
    return "\n\n".join(
        edits.get(key, {}).get("text", by_key[key].text) for key in keys if key in by_key
    )


# --- Generation -------------------------------------------------------------------


def draft_generate(draft: Draft, *, user, number: str = "", now=None):
    """A new generation of the report (DOCX, XLSX appendix, PDF queued), numbered on
    from the last; refused when the span has no period."""
    number = (number or "").strip()
    if number and parse_int(number) is None:
        raise ValidationError(_("Số văn bản chỉ gồm chữ số (để trống nếu chưa cấp số)."))
    compiled = draft_compiled(draft, now=now)
    committee = draft.committee
    docx = report_docx(
        compiled,
        committee=committee,
        leadership=draft.leadership,
        number=number,
        day=clock.today(now),
    )
    return rendition_create(
        docx=docx,
        xlsx=appendix_xlsx(compiled),
        file_stem=file_stem(compiled),
        user=user,
        draft=draft,
        reference=reference(committee, committee.report_series, number),
        now=now,
    )
