"""A published plan with months of history, for the dashboard's tests.

``plan_with_history(people)`` builds, deterministically:

- a plan of 2026 published on 02/01/2026, a monthly rule and ``months`` periods
  "Tháng 1/2026"… (data window 15th → 14th, cut-off the 25th at 16:00);
- its bodies: Sở Tài chính (``tai_chinh``, daumoi's body), Sở Y tế (``y_te``), the
  commune of daumoi.xa (``xa``), plus ``extra_bodies`` other departments or communes;
- its tasks (``tasks[key]``):
  ``kho`` lead Sở Tài chính, due 31/03, reported done on 20/03 in Tháng 4 (on time);
  ``so_hoa`` lead Sở Y tế, due 28/02, never done (overdue), results text each month;
  ``thu_tuc`` lead the commune, due 15/02, reported done on 10/04 (late);
  ``dao_tao`` leads Sở Tài chính and Sở Y tế, due 31/12, in progress (not yet due);
  ``danh_gia`` lead Sở Y tế (support Sở Tài chính), due 20/05, in progress (overdue
  from 21/05), nothing written in Tháng 4;
  ``chung`` lead Sở Tài chính and every extra body, due 31/12, in progress;
- its KPIs (``kpis[key]``): ``ho_so`` (unit "hồ sơ", ≥ 100, lead Sở Tài chính: 40 × month)
  and ``ty_le`` (unit "%", ≥ 80, leads Sở Tài chính and Sở Y tế, numerator/denominator:
  Sở Tài chính 20+5×month of 50, Sở Y tế 60 of 100);
- the reports (accepted unless said): Sở Tài chính on time every month; Sở Y tế on time
  in odd months, late (submitted, ``late``) in even months, nothing in Tháng 5; the
  commune late in Tháng 1, nothing in Tháng 2, a saved draft in Tháng 3, on time in
  Tháng 4, returned in Tháng 5, nothing after; each extra body on time every month.

Only the periods whose cut-off has passed by ``now`` get reports, except the open
period, where Sở Tài chính has already sent its report. ``now`` defaults to
20/06/2026 08:00 (Tháng 1–5 closed, Tháng 6 open).

Rows are written directly (bulk), as the stored history of a plan is; no signal is
sent, so no rollup has run: ``rollup_all(plan)`` computes every period.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from theodoi.bodies.models import Body, BodyKind
from theodoi.plans.models import Assignment, AssignmentRole, Indicator, Plan, Task
from theodoi.plans.services.drafts import plan_draft_create
from theodoi.plans.services.publish import plan_publish
from theodoi.reporting.models import (
    ItemState,
    KpiValue,
    Period,
    Report,
    ReportingRule,
    ReportItem,
    ReportState,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def vn(*args) -> datetime:
    return datetime(*args, tzinfo=VN)


NOW = vn(2026, 6, 20, 8, 0)


@dataclass
class PlanHistory:
    plan: Plan
    periods: list[Period]  # oldest first
    bodies: dict[str, Body]  # "tai_chinh", "y_te", "xa"
    extra: list[Body]
    tasks: dict[str, Task]
    kpis: dict[str, Indicator]
    now: datetime
    reports: list[Report] = field(default_factory=list)


def _task(code, title, lead, due, support=()):
    return {
        "section": "I",
        "code": code,
        "title": title,
        "lead": list(lead),
        "support": list(support),
        "deadline": {"text": f"{due:%d/%m/%Y}", "due": due.isoformat()},
        "deliverable": "Báo cáo kết quả",
    }


def _plan_data(commune: str) -> dict:
    tc, yt = "Sở Tài chính", "Sở Y tế"
    return {
        "document": {
            "type": "Kế hoạch",
            "title": "Kế hoạch điều hành thử",
            "year": 2026,
            "bases": [{"text": "Căn cứ"}],
        },
        "sections": [{"code": "I", "path": "I", "title": "Nhiệm vụ"}],
        "tasks": [
            _task("1", "Xây dựng kho dữ liệu", [tc], date(2026, 3, 31)),
            _task("2", "Số hóa hồ sơ", [yt], date(2026, 2, 28)),
            _task("3", "Cải cách thủ tục", [commune], date(2026, 2, 15)),
            _task("4", "Đào tạo cán bộ", [tc, yt], date(2026, 12, 31)),
            _task("5", "Đánh giá giữa kỳ", [yt], date(2026, 5, 20), support=[tc]),
            _task("6", "Nhiệm vụ chung", [tc], date(2026, 12, 31)),
        ],
        "indicators": [
            {
                "code": "1",
                "name": "Số hồ sơ tiếp nhận",
                "unit": "hồ sơ",
                "target": {"text": "≥ 100", "op": ">=", "value": 100},
                "lead": [tc],
                "support": [],
            },
            {
                "code": "2",
                "name": "Tỷ lệ hồ sơ trực tuyến",
                "unit": "%",
                "target": {"text": "≥ 80", "op": ">=", "value": 80},
                "lead": [tc, yt],
                "support": [],
            },
        ],
    }


def _month_period(rule, month: int) -> Period:
    before = date(2026, month - 1, 15) if month > 1 else date(2025, 12, 15)
    return Period.objects.create(
        rule=rule,
        plan_id=rule.plan_id,
        label=f"Tháng {month}/2026",
        starts_on=before,
        ends_on=date(2026, month, 14),
        cutoff=vn(2026, month, 25, 16, 0),
    )


# How each named body reports month by month: (state, late) or None (no report).
_SENT, _LATE = (ReportState.ACCEPTED, False), (ReportState.SUBMITTED, True)
PATTERN = {
    "tai_chinh": {m: _SENT for m in range(1, 13)},
    "y_te": {m: None if m == 5 else (_LATE if m % 2 == 0 else _SENT) for m in range(1, 13)},
    "xa": {
        1: (ReportState.ACCEPTED, True),
        3: (ReportState.DRAFT, False),
        4: _SENT,
        5: (ReportState.RETURNED, False),
    },
}


def _item_state(key: str, month: int) -> tuple[str, date | None, str]:
    """(state, done day, results) of a task's item in a month's report."""
    if key == "kho" and month >= 4:
        return ItemState.DONE, date(2026, 3, 20), "Đã đưa kho dữ liệu vào vận hành"
    if key == "thu_tuc" and month >= 4:
        return ItemState.DONE, date(2026, 4, 10), "Đã hoàn thành cải cách"
    if key == "so_hoa":
        return ItemState.IN_PROGRESS, None, f"Đã số hóa {10 * month}% hồ sơ"
    if key == "danh_gia" and month == 4:
        return ItemState.IN_PROGRESS, None, ""  # nothing written this month
    return ItemState.IN_PROGRESS, None, f"Đang triển khai tháng {month}"


def _sent_at(period: Period, late: bool) -> datetime:
    return period.cutoff + (timedelta(days=3) if late else -timedelta(days=2))


def plan_with_history(people, *, months: int = 6, now: datetime = NOW, extra_bodies: int = 0):
    """The plan described in the module's docstring; returns a ``PlanHistory``."""
    commune = people["daumoi.xa"].body
    plan = plan_draft_create(data=_plan_data(commune.name))
    plan_publish(plan=plan, user=people["thuongtruc"], confirm_gaps=True, now=vn(2026, 1, 2, 8))
    bodies = {
        "tai_chinh": Body.objects.get(name="Sở Tài chính"),
        "y_te": Body.objects.get(name="Sở Y tế"),
        "xa": commune,
    }
    tasks = {
        key: plan.tasks.get(code=code)
        for key, code in [
            ("kho", "1"),
            ("so_hoa", "2"),
            ("thu_tuc", "3"),
            ("dao_tao", "4"),
            ("danh_gia", "5"),
            ("chung", "6"),
        ]
    }
    kpis = {"ho_so": plan.indicators.get(code="1"), "ty_le": plan.indicators.get(code="2")}
    extra = list(
        Body.objects.exclude(pk__in=[b.pk for b in bodies.values()])
        .filter(kind__in=[BodyKind.COMMUNE, BodyKind.DEPARTMENT] if extra_bodies else [])
        .order_by("kind", "name")[:extra_bodies]
    )
    Assignment.objects.bulk_create(
        Assignment(plan=plan, task=tasks["chung"], body=body, role=AssignmentRole.LEAD)
        for body in extra
    )
    plan.reporting_rules.all().delete()  # the default rule's year: ours instead
    rule = ReportingRule.objects.create(
        plan=plan, frequency="monthly", due_day=25, due_time="16:00"
    )
    periods = [_month_period(rule, month) for month in range(1, months + 1)]
    history = PlanHistory(plan, periods, bodies, extra, tasks, kpis, now)
    assignments = list(Assignment.objects.filter(plan=plan, task__isnull=False))
    for month, period in enumerate(periods, start=1):
        if period.cutoff > now:  # the open period: only Sở Tài chính has sent its report
            _reports(history, period, month, [(bodies["tai_chinh"], _SENT)], assignments)
            break
        wanted = [(bodies[key], PATTERN[key].get(month)) for key in bodies]
        wanted = [(body, state) for body, state in wanted if state]
        wanted += [(body, _SENT) for body in extra]
        _reports(history, period, month, wanted, assignments)
    return history


def _reports(history, period, month, wanted, assignments) -> None:
    task_keys = {task.pk: key for key, task in history.tasks.items()}
    reports = Report.objects.bulk_create(
        Report(
            period=period,
            body=body,
            state=state,
            late=late,
            version=2,
            submitted_at=None if state == ReportState.DRAFT else _sent_at(period, late),
        )
        for body, (state, late) in wanted
    )
    history.reports += reports
    items = []
    for report in reports:
        for a in assignments:
            if a.body_id != report.body_id:
                continue
            state, done_on, results = _item_state(task_keys[a.task_id], month)
            if a.role == AssignmentRole.SUPPORT:
                state, done_on, results = ItemState.IN_PROGRESS, None, "Phối hợp"
            done = state == ItemState.DONE
            items.append(
                ReportItem(
                    report=report,
                    assignment=a,
                    state=state,
                    percent=100 if done else 50,
                    done_on=done_on,
                    results=results,
                    evidence_ref="123/QĐ-UBND" if done else "",
                )
            )
    ReportItem.objects.bulk_create(items)
    values = []
    for report in reports:
        if report.body_id == history.bodies["tai_chinh"].pk:
            values.append(
                KpiValue(report=report, indicator=history.kpis["ho_so"], value=40 * month)
            )
            values.append(_rate(report, history.kpis["ty_le"], 20 + 5 * month, 50))
        elif report.body_id == history.bodies["y_te"].pk:
            values.append(_rate(report, history.kpis["ty_le"], 60, 100))
    KpiValue.objects.bulk_create(values)


def _rate(report, indicator, numerator, denominator) -> KpiValue:
    numerator, denominator = Decimal(numerator), Decimal(denominator)
    value = (numerator / denominator * 100).quantize(Decimal("0.0001"))
    return KpiValue(
        report=report,
        indicator=indicator,
        value=value,
        numerator=numerator,
        denominator=denominator,
    )


def rollup_all(plan: Plan, *, now=None) -> None:
    """Compute the stored figures of every period of the plan (``plan_rollup``)."""
    from theodoi.dashboard.services.rollup import plan_rollup

    plan_rollup(plan, now=now)
