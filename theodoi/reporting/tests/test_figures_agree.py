"""Every figure the office, the chair and the e-mails show agrees with a plain count.

One plan, published on 02/01/2026, monthly periods due on the 25th at 16:00; read
on Monday 30/03/2026 at 09:00 (the weekly digest's day, the third working day after
the March cut-off: the escalation's day). Its tasks, all known:

- 1 done on time, 8 done late, by Sở Tài chính;
- 2 (Sở Tài chính, in progress), 3 (Sở Y tế, due in the digest's week) and 4
  (Sở Tài chính done, Sở Y tế not) overdue;
- 5 not due;
- 6 recurring, led by the 102 communes: one sent March; 7 recurring, Sở Tài
  chính's, reported.

The counts are made here by plain Python over the rows — the reported items, the
reports, the accounts — never by the selectors the pages use; then the plan page,
the chair's overview, Sở Tài chính's page, the digest and the escalation e-mails
(through the outbox and a real SMTP server) must say the same.
"""

import re
from collections import Counter
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from theodoi.accounts.models import Role, User
from theodoi.bodies.models import Body
from theodoi.notify.services.delivery import deliver_all
from theodoi.notify.services.schedule import tick
from theodoi.plans.models import Assignment, Task
from theodoi.plans.services.drafts import plan_draft_create
from theodoi.plans.services.publish import plan_publish
from theodoi.reporting.models import Report, ReportingRule, ReportItem, ReportState
from theodoi.reporting.tests.conftest import SMALL_PLAN, month_period, vn

pytestmark = pytest.mark.django_db

NOW = vn(2026, 3, 30, 9, 0)
TODAY = NOW.date()
WEEK_START = date(2026, 3, 23)
SENT = {ReportState.SUBMITTED, ReportState.APPROVED, ReportState.ACCEPTED}
FINANCE, HEALTH, COMMUNES = "Sở Tài chính", "Sở Y tế", "UBND xã, phường, đặc khu"


def task(code, lead, due=None, recurrence=""):
    deadline = (
        {"text": "Thường xuyên", "recurrence": recurrence}
        if recurrence
        else {
            "text": f"{due:%d/%m/%Y}",
            "due": due.isoformat(),
        }
    )
    return {
        "section": "I",
        "code": code,
        "title": f"Nhiệm vụ {code}",
        "lead": lead,
        "support": [],
        "deadline": deadline,
        "deliverable": "Báo cáo",
    }


TASKS = [
    task("1", [FINANCE], date(2026, 2, 27)),
    task("2", [FINANCE], date(2026, 3, 10)),
    task("3", [HEALTH], date(2026, 3, 27)),
    task("4", [FINANCE, HEALTH], date(2026, 1, 30)),
    task("5", [FINANCE], date(2026, 12, 31)),
    task("6", [COMMUNES], recurrence="continuous"),
    task("7", [FINANCE], recurrence="continuous"),
    task("8", [FINANCE], date(2026, 3, 20)),
]


@pytest.fixture
def plan(people):
    data = {**SMALL_PLAN, "document": {**SMALL_PLAN["document"], "title": "Kế hoạch số liệu"}}
    plan = plan_draft_create(data={**data, "tasks": TASKS, "indicators": []})
    plan_publish(plan=plan, user=people["thuongtruc"], confirm_gaps=True, now=vn(2026, 1, 2, 8))
    ReportingRule.objects.filter(plan=plan).delete()
    rule = ReportingRule.objects.create(
        plan=plan, frequency="monthly", due_day=25, due_time="16:00"
    )
    february, march = month_period(rule, 2), month_period(rule, 3)
    finance = Body.objects.get(name=FINANCE)
    progress = {  # task -> (state, done on), as Sở Tài chính reports them each month
        "1": ("done", date(2026, 2, 20)),
        "2": ("in_progress", None),
        "4": ("done", date(2026, 1, 28)),
        "7": ("in_progress", None),
        "8": ("in_progress", None),
    }
    for period, state, sent_on in (
        (february, ReportState.ACCEPTED, vn(2026, 2, 24, 9)),
        (march, ReportState.SUBMITTED, vn(2026, 3, 26, 9)),
    ):
        report = Report.objects.create(
            period=period, body=finance, state=state, version=2, submitted_at=sent_on
        )
        if period == march:
            progress["8"] = ("done", date(2026, 3, 25))  # five days late
        for code, (item_state, done_on) in progress.items():
            ReportItem.objects.create(
                report=report,
                assignment=Assignment.objects.get(
                    task__plan=plan, task__code=code, body=finance, role="lead"
                ),
                state=item_state,
                done_on=done_on,
            )
    communes = Body.objects.filter(
        assignments__task__plan=plan, assignments__task__code="6"
    ).distinct()
    Report.objects.bulk_create(
        Report(period=february, body=body, state=ReportState.ACCEPTED, version=2)
        for body in communes
    )
    Report.objects.create(
        period=march,
        body=people["daumoi.xa"].body,
        state=ReportState.SUBMITTED,
        version=2,
        submitted_at=vn(2026, 3, 23, 10),
    )
    return plan


# --- The independent count ------------------------------------------------------


def latest_states(plan) -> dict[int, tuple[str, date | None]]:
    """Lead assignment -> its item in the latest sent report (done without a date:
    the day it was sent), by reading every item."""
    latest = {}
    items = ReportItem.objects.filter(assignment__plan=plan, report__state__in=SENT).select_related(
        "report__period"
    )
    for row in items:
        key = (row.report.period.cutoff, row.report.submitted_at)
        if row.assignment_id not in latest or key > latest[row.assignment_id][0]:
            done_on = row.done_on
            if row.state == "done" and done_on is None and row.report.submitted_at:
                done_on = row.report.submitted_at.date()
            latest[row.assignment_id] = (key, (row.state, done_on))
    return {pk: value for pk, (_key, value) in latest.items()}


def owed_periods(plan):
    """The plan's periods past their cut-off that closed after it was published."""
    plan.refresh_from_db()
    return [
        p
        for p in plan.periods.all()
        if max(p.cutoff, p.grace_until or p.cutoff) <= NOW and p.cutoff >= plan.published_at
    ]


def expected_counts(plan, body=None) -> tuple[Counter, list[str]]:
    """(class -> how many tasks, codes of the overdue tasks), by the rules in words:
    done when every lead said done (late if after the due day); recurring: not
    reported while a lead misses an owed period; else overdue past its due day, in
    progress or not yet due before it (no task here is due within three days).
    With ``body``: the tasks it leads, each by what that body alone did."""
    states = latest_states(plan)
    sent = set(Report.objects.filter(state__in=SENT).values_list("body_id", "period_id"))
    periods = owed_periods(plan)
    counts, overdue = Counter(), []
    for row in Task.objects.filter(plan=plan):
        leads = list(Assignment.objects.filter(task=row, role="lead"))
        if body is not None:
            leads = [a for a in leads if a.body_id == body.pk]
            if not leads:
                continue
        latest = [states.get(a.pk, ("", None)) for a in leads]
        if row.recurrence:
            behind = any((a.body_id, p.pk) not in sent for a in leads for p in periods)
            counts["unreported" if behind else "on-track"] += 1
        elif all(state == "done" for state, _on in latest):
            finished = max(on for _state, on in latest)
            counts["done-late" if finished > row.due else "done-on-time"] += 1
        elif row.due < TODAY:
            counts["overdue"] += 1
            overdue.append(row.code)
        else:  # not due yet: begun or not
            begun = any(state in {"in_progress", "done"} for state, _on in latest)
            counts["on-track" if begun else "not-due"] += 1
    return counts, sorted(overdue)


def late_bodies(plan) -> tuple[set[str], set[str]]:
    """The bodies that owe the March report (any role, no sent report), split into
    those with a focal officer or head account and those with none."""
    march = plan.periods.get(label="Tháng 3/2026")
    working = {a.body for a in Assignment.objects.filter(plan=plan).select_related("body")}
    sent = set(march.reports.filter(state__in=SENT).values_list("body_id", flat=True))
    late = {body for body in working if body.pk not in sent}
    with_account = set(
        User.objects.filter(is_active=True, role__in=[Role.FOCAL, Role.HEAD]).values_list(
            "body_id", flat=True
        )
    )
    return (
        {b.name for b in late if b.pk in with_account},
        {b.name for b in late if b.pk not in with_account},
    )


# --- What the pages and e-mails say ----------------------------------------------


def summary_counts(html: str) -> Counter:
    """The counts of the status list (``_summary.html``) in a piece of page."""
    found = re.findall(
        r'<li><span class="work-status ([a-z-]+)">[^<]*</span> <b>([\d.]+)</b></li>', html
    )
    return Counter({status: int(n.replace(".", "")) for status, n in found})


def section(html: str, testid: str, end: str = "</section>") -> str:
    start = html.index(f'data-testid="{testid}"')
    return html[start : html.index(end, start)]


def subject(message) -> str:
    return str(message["Subject"]).strip()


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def test_the_plan_page_the_overview_and_the_emails_agree_with_a_plain_count(
    plan, login, smtp_server
):
    counts, overdue = expected_counts(plan)
    # The data says what the docstring says (else the comparison proves little).
    assert counts == Counter(
        {
            "overdue": 3,
            "done-on-time": 1,
            "done-late": 1,
            "not-due": 1,
            "unreported": 1,
            "on-track": 1,
        }
    )
    assert overdue == ["2", "3", "4"]

    finance = Body.objects.get(name=FINANCE)
    with time_machine.travel(NOW, tick=False):
        plan_page = login("thuongtruc").get(reverse("plans:detail", args=[plan.pk]))
        overview = login("chutich").get(reverse("accounts:viewer_home"))
        body_page = login("daumoi").get(reverse("bodies:detail", args=[finance.pk]))
    plan_page, overview = plan_page.content.decode(), overview.content.decode()

    # (a) The plan page: its summary, and the badge of each task row.
    assert summary_counts(section(plan_page, "plan-status")) == counts
    badges = re.findall(r'class="work-status ([a-z-]+)" data-testid="task-status"', plan_page)
    assert Counter(badges) == counts

    # (b) The chair's overview: the same summary, the overdue tasks listed.
    card = section(overview, "plan-overview")
    assert summary_counts(card) == counts
    assert f"{len(overdue)} nhiệm vụ quá hạn" in card
    assert card.count('data-testid="overdue-row"') == len(overdue)

    # The body's page: its own class on each task it leads (task 4: done on its part).
    own, _overdue = expected_counts(plan, finance)
    assert own == Counter(
        {"done-on-time": 2, "done-late": 1, "overdue": 1, "not-due": 1, "on-track": 1}
    )
    html = section(body_page.content.decode(), "body-status", "</div>")
    assert summary_counts(html) == own

    # (c) and (d): the scheduler's tick of that Monday, delivered by SMTP.
    tick(NOW)
    deliver_all(NOW)
    to_office = [m for m in smtp_server if m["To"] == "thuongtruc@theodoi.local"]
    [digest] = [m for m in to_office if subject(m).startswith("Tổng hợp tuần")]
    reached, unreached = late_bodies(plan)
    late = len(reached | unreached)
    new = sum(t.due >= WEEK_START for t in Task.objects.filter(plan=plan, code__in=overdue))
    assert f"{late} báo cáo quá hạn, {len(overdue)} nhiệm vụ quá hạn" in subject(digest)
    text = text_of(digest)
    assert f"{len(overdue)} nhiệm vụ quá hạn ({new} mới quá hạn trong tuần)" in text
    assert f"NHIỆM VỤ QUÁ HẠN ({len(overdue)})" in text
    listed = re.findall(r"^- (\d+)\. Nhiệm vụ \d+ \(Kế hoạch số liệu\): hạn", text, re.M)
    assert sorted(listed) == overdue
    assert f"BÁO CÁO QUÁ HẠN CHƯA GỬI ({late})" in text

    [escalation] = [m for m in to_office if subject(m).startswith("Chưa báo cáo quá")]
    assert subject(escalation) == (
        f"Chưa báo cáo quá 3 ngày làm việc: {late} đơn vị — Tháng 3/2026"
    )
    text = text_of(escalation)
    assert f"ĐÃ NHẮC ĐẦU MỐI, LÃNH ĐẠO MỖI NGÀY LÀM VIỆC SAU HẠN ({len(reached)})" in text
    assert f"CHƯA CÓ TÀI KHOẢN — KHÔNG AI Ở ĐƠN VỊ ĐƯỢC NHẮC ({len(unreached)})" in text
    reminded, nobody = text.split("CHƯA CÓ TÀI KHOẢN")
    assert set(re.findall(r"^- (.+?)(?: \(còn .*)?$", reminded, re.M)) == reached
    assert set(re.findall(r"^- (.+?)(?: \(còn .*)?$", nobody, re.M)) == unreached
    assert "đã được nhắc mỗi ngày" not in text
    html = html_of(escalation)
    assert f"Chưa có tài khoản — không ai ở đơn vị được nhắc ({len(unreached)})" in html
