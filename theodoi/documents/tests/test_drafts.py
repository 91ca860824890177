"""The committee's report as the office drafts it: the span, opening a draft, the
passage operations (each guarded by the draft's version), generation (numbered and
kept), and the pages — office only, a fixed number of queries, and every figure
shown agreeing with a count made here over the rows.

The plan is the compiled report's (``reporting/tests/test_compiled.py``): its March
2026 period has accepted reports of Sở Tài chính and Sở Y tế (Sở Y tế late), a
report of Sở Xây dựng sent but not accepted, none of Sở Tư pháp.
"""

import io
import re
from collections import Counter
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from theodoi.core.concurrency import EditConflict
from theodoi.documents.models import Draft, Rendition, Scope
from theodoi.documents.services import drafts
from theodoi.documents.services.committees import committee_of
from theodoi.lib.numbers import format_number
from theodoi.plans.models import Plan, PlanStatus
from theodoi.reporting.models import KpiValue, Report, ReportItem
from theodoi.reporting.status import Status
from theodoi.reporting.tests.test_compiled import (
    BUILDING,
    CUTOFF,
    FINANCE,
    HEALTH,
    SENT,
    build_plan,
    expected_classes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def march(people, media):
    """The plan, and the office's draft of its March 2026 report."""
    plan, periods = build_plan(people)
    draft = drafts.draft_open(
        committee=committee_of(plan),
        plans=[plan],
        scope=Scope.MONTH,
        year=2026,
        index=3,
        user=people["thuongtruc"],
    )
    return plan, periods, draft


def key_of(plan, field, code, body):
    item = ReportItem.objects.get(
        report__period__plan=plan,
        report__period__label="Tháng 3/2026",
        report__body__name=body,
        assignment__task__code=code,
    )
    return f"{field}:{item.pk}"


def passages(compiled, field):
    groups = compiled.sections if field == "results" else getattr(compiled, field)
    return [p for group in groups for p in group.passages]


def docx_text(rendition) -> str:
    with rendition.docx.open("rb") as stream:
        document = Document(io.BytesIO(stream.read()))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


# --- The span -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "scope, index, start, end, label",
    [
        (Scope.MONTH, 10, date(2026, 10, 1), date(2026, 10, 31), "tháng 10/2026"),
        (Scope.MONTH, 2, date(2026, 2, 1), date(2026, 2, 28), "tháng 2/2026"),
        (Scope.QUARTER, 4, date(2026, 10, 1), date(2026, 12, 31), "quý IV/2026"),
        (Scope.HALF, 1, date(2026, 1, 1), date(2026, 6, 30), "6 tháng đầu năm 2026"),
        (Scope.HALF, 2, date(2026, 7, 1), date(2026, 12, 31), "6 tháng cuối năm 2026"),
        (Scope.YEAR, 1, date(2026, 1, 1), date(2026, 12, 31), "năm 2026"),
    ],
)
def test_span_and_label(scope, index, start, end, label):
    assert drafts.span_of(scope, 2026, index) == (start, end)
    assert drafts.span_label(scope, 2026, index) == label


@pytest.mark.parametrize("scope, index", [(Scope.MONTH, 13), (Scope.QUARTER, 5), (Scope.YEAR, 2)])
def test_a_span_out_of_range_is_refused(scope, index):
    with pytest.raises(ValidationError):
        drafts.span_of(scope, 2026, index)


# --- Opening --------------------------------------------------------------------------


def test_the_same_span_and_plans_give_the_same_draft(march, people):
    plan, _periods, draft = march
    again = drafts.draft_open(
        committee=draft.committee,
        plans=[plan],
        scope=Scope.MONTH,
        year=2026,
        index=3,
        user=people["thuongtruc"],
    )
    assert again.pk == draft.pk
    assert Draft.objects.count() == 1
    assert draft.history.first().history_change_reason == "documents.draft.created"


def test_a_draft_plan_or_another_committees_plan_is_refused(march, people):
    plan, _periods, draft = march
    unpublished = Plan.objects.create(title="Nháp", issuer=plan.issuer)
    other = Plan.objects.create(
        title="Của ban khác", issuer="Ban Chỉ đạo khác", status=PlanStatus.PUBLISHED
    )
    for wrong, message in ((unpublished, "chưa ban hành"), (other, "không phải của")):
        with pytest.raises(ValidationError, match=message):
            drafts.draft_open(
                committee=draft.committee,
                plans=[plan, wrong],
                scope=Scope.MONTH,
                year=2026,
                index=3,
                user=people["thuongtruc"],
            )
    assert Draft.objects.count() == 1


# --- Passages -------------------------------------------------------------------------


def test_edit_drop_restore(march, people):
    plan, _periods, draft = march
    office = people["thuongtruc"]
    edited_key = key_of(plan, "results", "2", FINANCE)
    dropped_key = key_of(plan, "difficulties", "7", FINANCE)
    draft = drafts.draft_passage_edit(
        draft, key=edited_key, text="Đã trình quy chế", user=office, seen_version=draft.version
    )
    draft = drafts.draft_passage_drop(
        draft, key=dropped_key, user=office, seen_version=draft.version
    )
    assert draft.version == 3
    compiled = drafts.draft_compiled(draft)
    texts = {p.key: p.text for p in passages(compiled, "results")}
    assert texts[edited_key] == "Đã trình quy chế"
    assert dropped_key not in {p.key for p in passages(compiled, "difficulties")}
    assert "Máy chủ cũ" not in [p.text for p in passages(compiled, "difficulties")]
    row = draft.history.first()
    assert row.history_change_reason == "documents.draft.saved"
    assert row.action_data == {"op": "drop", "key": dropped_key}

    draft = drafts.draft_passage_restore(
        draft, key=edited_key, user=office, seen_version=draft.version
    )
    texts = {p.key: p.text for p in passages(drafts.draft_compiled(draft), "results")}
    assert texts[edited_key] == "Đang soạn quy chế"
    assert draft.edits == {dropped_key: {"drop": True}}


def test_merge_attributes_every_body_and_restore_undoes_it(march, people):
    plan, _periods, draft = march
    office = people["thuongtruc"]
    first = key_of(plan, "difficulties", "2", FINANCE)
    second = key_of(plan, "difficulties", "3", HEALTH)
    draft = drafts.draft_passages_merge(
        draft,
        keys=[first, second],
        text="Thiếu nhân lực, hồ sơ chậm",
        user=office,
        seen_version=draft.version,
    )
    found = passages(drafts.draft_compiled(draft), "difficulties")
    merged = next(p for p in found if p.key == first)
    assert merged.text == "Thiếu nhân lực, hồ sơ chậm"
    assert FINANCE in merged.body and HEALTH in merged.body
    assert second not in [p.key for p in found]
    rows = drafts.draft_rows(drafts.draft_raw(draft), draft.edits)["difficulties"]
    states = {row.key: row for group in rows for row in group.rows}
    assert states[first].state == "merged" and states[second].state == "absorbed"
    assert states[first].attribution == f"{FINANCE} — 2; {HEALTH} — 3"

    draft = drafts.draft_passage_edit(
        draft, key=first, text="Nhân lực, hồ sơ", user=office, seen_version=draft.version
    )
    assert draft.edits[first] == {"merge": [second], "text": "Nhân lực, hồ sơ"}
    with pytest.raises(ValidationError, match="gộp vào đoạn khác"):
        drafts.draft_passage_edit(
            draft, key=second, text="x", user=office, seen_version=draft.version
        )
    draft = drafts.draft_passage_restore(draft, key=first, user=office, seen_version=draft.version)
    assert {first, second} <= {
        p.key for p in passages(drafts.draft_compiled(draft), "difficulties")
    }


def test_merge_needs_two_passages_of_one_part(march, people):
    plan, _periods, draft = march
    office = people["thuongtruc"]
    result = key_of(plan, "results", "2", FINANCE)
    difficulty = key_of(plan, "difficulties", "2", FINANCE)
    with pytest.raises(ValidationError, match="hai đoạn"):
        drafts.draft_passages_merge(
            draft, keys=[result], text="x", user=office, seen_version=draft.version
        )
    with pytest.raises(ValidationError, match="cùng một phần"):
        drafts.draft_passages_merge(
            draft, keys=[result, difficulty], text="x", user=office, seen_version=draft.version
        )
    draft.refresh_from_db()
    assert (draft.version, draft.edits) == (1, {})


def test_leadership_and_a_stale_edit_is_refused(march, people):
    plan, _periods, draft = march
    office = people["thuongtruc"]
    stale = draft.version
    draft = drafts.draft_leadership_save(
        draft, text="  Ban hành Kế hoạch số 12.  ", user=office, seen_version=stale
    )
    assert draft.leadership == "Ban hành Kế hoạch số 12."
    key = key_of(plan, "results", "2", FINANCE)
    with pytest.raises(EditConflict):
        drafts.draft_passage_edit(draft, key=key, text="Cũ", user=office, seen_version=stale)
    with pytest.raises(EditConflict):
        drafts.draft_leadership_save(draft, text="Cũ", user=office, seen_version=None)
    draft.refresh_from_db()
    assert (draft.version, draft.edits, draft.leadership) == (2, {}, "Ban hành Kế hoạch số 12.")


def test_an_empty_text_is_refused(march, people):
    plan, _periods, draft = march
    key = key_of(plan, "results", "2", FINANCE)
    with pytest.raises(ValidationError, match="không được để trống"):
        drafts.draft_passage_edit(
            draft, key=key, text="  ", user=people["thuongtruc"], seen_version=draft.version
        )


# --- Generation -----------------------------------------------------------------------


def test_generations_are_numbered_kept_and_print_the_edits(march, people):
    plan, _periods, draft = march
    office = people["thuongtruc"]
    key = key_of(plan, "results", "2", FINANCE)
    draft = drafts.draft_passage_edit(
        draft, key=key, text="Đã trình quy chế mới", user=office, seen_version=draft.version
    )
    first = drafts.draft_generate(draft, user=office)
    second = drafts.draft_generate(draft, user=office, number="12")
    assert [r.number for r in Rendition.objects.filter(draft=draft).order_by("number")] == [1, 2]
    assert first.reference.startswith("Số:") and second.reference == "Số: 12/BC-BCĐ"
    assert first.xlsx and first.file_stem == "bao-cao-thang-3-2026"
    text = docx_text(second)
    assert "Đã trình quy chế mới" in text and "Đang soạn quy chế" not in text
    assert "12/BC-BCĐ" in text
    with pytest.raises(ValidationError, match="chữ số"):
        drafts.draft_generate(draft, user=office, number="12a")


def test_a_span_without_a_period_is_refused(march, people):
    plan, _periods, _draft = march
    empty = drafts.draft_open(
        committee=committee_of(plan),
        plans=[plan],
        scope=Scope.MONTH,
        year=2026,
        index=9,
        user=people["thuongtruc"],
    )
    with pytest.raises(ValidationError, match="không có kỳ báo cáo"):
        drafts.draft_generate(empty, user=people["thuongtruc"])
    assert not Rendition.objects.exists()


# --- The pages ------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["daumoi", "lanhdao", "chutich"])
def test_only_the_office(march, login, username):
    _plan, _periods, draft = march
    client = login(username)
    for url in (reverse("documents:home"), reverse("documents:draft", args=[draft.pk])):
        assert client.get(url).status_code == 403
    post = client.post(reverse("documents:draft_generate", args=[draft.pk]))
    assert post.status_code == 403
    assert not Rendition.objects.exists()


def test_home_lists_the_committee_and_opens_a_draft(march, login):
    plan, _periods, draft = march
    client = login("thuongtruc")
    page = client.get(reverse("documents:home")).content.decode()
    assert plan.title in page and reverse("documents:draft", args=[draft.pk]) in page
    prefix = f"c{draft.committee.pk}"
    url = reverse("documents:draft_open", args=[draft.committee.pk])
    data = {f"{prefix}-plans": [plan.pk], f"{prefix}-scope": "quarter", f"{prefix}-year": 2026}
    response = client.post(url, {**data, f"{prefix}-index": 1})
    opened = Draft.objects.get(scope="quarter")
    assert response.url == reverse("documents:draft", args=[opened.pk])
    client.post(url, {**data, f"{prefix}-index": 7})
    assert Draft.objects.count() == 2  # the quarter 7 refused


def test_a_stale_page_is_refused_with_a_message(march, login, people):
    plan, _periods, draft = march
    client = login("thuongtruc")
    key = key_of(plan, "results", "2", FINANCE)
    drafts.draft_leadership_save(
        draft, text="Người khác", user=people["thuongtruc"], seen_version=draft.version
    )
    url = reverse("documents:passage_edit", args=[draft.pk, key])
    response = client.post(url, {"text": "Của tôi", "seen_version": 1}, follow=True)
    assert "Người khác vừa sửa" in response.content.decode()
    draft.refresh_from_db()
    assert draft.edits == {}


def test_the_page_edits_a_passage(march, login):
    plan, _periods, draft = march
    client = login("thuongtruc")
    key = key_of(plan, "results", "2", FINANCE)
    url = reverse("documents:passage_edit", args=[draft.pk, key])
    form = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "Đang soạn quy chế" in form and 'name="seen_version" value="1"' in form
    client.post(url, {"text": "Đã trình quy chế", "seen_version": 1})
    page = client.get(reverse("documents:draft", args=[draft.pk])).content.decode()
    assert "Đã trình quy chế" in page and "Đã sửa" in page
    assert f"({FINANCE} — 2)" in page


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_draft_page_takes_a_fixed_number_of_queries(march, login, people):
    _plan, periods, draft = march
    client = login("thuongtruc")
    url = reverse("documents:draft", args=[draft.pk])
    client.get(url)
    before = count_queries(client, url)
    # More accepted texts, more generations: the same queries.
    report = Report.objects.get(period=periods[3], body__name=BUILDING)
    report.state = "accepted"
    report.save()
    drafts.draft_generate(draft, user=people["thuongtruc"])
    drafts.draft_generate(draft, user=people["thuongtruc"])
    assert count_queries(client, url) == before
    assert before <= 45, before


def cells(page, testid):
    return [int(n) for n in re.findall(rf'data-testid="{testid}">(\d+)<', page)]


def test_every_figure_agrees_with_a_plain_count(march, login):
    plan, periods, draft = march
    page = login("thuongtruc").get(reverse("documents:draft", args=[draft.pk])).content.decode()
    counts = expected_classes(plan, CUTOFF)
    before = expected_classes(plan, periods[2].cutoff)
    rows = re.findall(
        r'data-status="([\w-]+)">\s*<td>[^<]*</td>\s*<td[^>]*data-testid="count">(\d+)</td>'
        r"\s*<td[^>]*>(-?\d+)</td>\s*<td[^>]*>(-?\d+)</td>",
        page,
    )
    assert {status: tuple(map(int, n)) for status, *n in rows} == {
        s.value: (counts[s], before[s], counts[s] - before[s]) for s in Status
    }
    assert f"{sum(counts.values())} nhiệm vụ" in page

    latest = {}  # each indicator's latest value sent
    for row in KpiValue.objects.filter(indicator__plan=plan).select_related("report__period"):
        if row.report.state in SENT and row.report.period.cutoff <= CUTOFF:
            known = latest.get(row.indicator_id)
            if known is None or row.report.period.cutoff > known[0]:
                latest[row.indicator_id] = (row.report.period.cutoff, row.value)
    kpis = page.split('data-testid="kpis"')[1].split("</table>")[0]
    shown = re.findall(r'data-label="Kết quả">([^<]*)</td>', kpis)
    indicators = plan.indicators.order_by("position", "pk")
    assert [" ".join(value.split()) for value in shown] == [
        f"{format_number(latest[i.pk][1])} {i.unit}" if i.pk in latest else "—" for i in indicators
    ]

    reports = Report.objects.filter(period=periods[3])
    sent = Counter(("late" if r.late else "on-time") for r in reports if r.state in SENT)
    expected_bodies = {a.body_id for a in plan.assignments.all()}
    assert cells(page, "expected") == [len(expected_bodies)]
    assert cells(page, "on-time") == [sent["on-time"]]
    assert cells(page, "late") == [sent["late"]]
    assert cells(page, "not-sent") == [
        len(expected_bodies) - len([r for r in reports if r.state in SENT])
    ]

    accepted = ReportItem.objects.filter(report__period=periods[3], report__state="accepted")
    expected_passages = sum(
        bool(getattr(i, f).strip())
        for i in accepted
        for f in ("results", "difficulties", "proposals")
    )
    assert page.count('data-testid="passage"') == expected_passages
    assert "Chưa tiếp nhận" not in page  # a report not accepted
    overdue = plan.tasks.filter(due__lt=CUTOFF.date(), condition="").exclude(
        pk__in=ReportItem.objects.filter(state="done").values("assignment__task")
    )
    table = page.split('data-testid="overdue"')[1].split("</table>")[0]
    assert table.count("<tr>") - 1 == overdue.count()


def test_the_page_merges_drops_and_restores(march, login):
    plan, _periods, draft = march
    client = login("thuongtruc")
    first = key_of(plan, "difficulties", "2", FINANCE)
    second = key_of(plan, "difficulties", "7", FINANCE)
    merge = reverse("documents:draft_merge", args=[draft.pk])
    client.post(merge, {"keys": [first, second], "text": "", "seen_version": 1})
    draft.refresh_from_db()
    assert draft.edits == {first: {"merge": [second], "text": "Thiếu nhân lực\n\nMáy chủ cũ"}}
    page = client.get(reverse("documents:draft", args=[draft.pk])).content.decode()
    assert f"({FINANCE} — 2; {FINANCE} — 7)" in page and "Đã gộp" in page

    client.post(reverse("documents:passage_drop", args=[draft.pk, first]), {"seen_version": 2})
    draft.refresh_from_db()
    assert draft.edits == {first: {"drop": True}}
    restore = reverse("documents:passage_restore", args=[draft.pk, first])
    response = client.post(restore, {"seen_version": 3})
    assert response.url.endswith(f"#p-difficulties-{first.split(':')[1]}")
    draft.refresh_from_db()
    assert (draft.edits, draft.version) == ({}, 4)
    assert [h.action_data.get("op") for h in draft.history.order_by("history_id")] == [
        None,
        "merge",
        "drop",
        "restore",
    ]
