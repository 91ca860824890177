"""``theodoi benchdata``: the province data set every benchmark runs on.

Built deterministically (``--seed``) into an empty database, after ``migrate``;
see the steering repository's ``docs/benchmarks.md``:

- the whole registry (~130 bodies) and Vietnam's days off 2025–2027;
- per body with work: 2 focal officers and 1 head; the office (5), the chair and
  16 working-group members, each overseeing one body in sixteen;
- both sample plans, read and published (the 2025 plan at the start of 2025, the
  2026 plan at the start of 2026), and a generated 2026 plan of ``tasks`` tasks in
  8 sections with KPIs, one task in three led by ``UBND xã, phường, đặc khu``, one
  in five supported by ``Sở, ban, ngành tỉnh``; their rules and periods come from
  publishing;
- reports of every body for every period up to ``NOW`` (the 20th of October 2026):
  80% accepted, 10% approved or submitted, 5% returned, 5% never started, 15% of
  the submissions late; each item with a state, a percent and a sentence, one
  evidence reference in three; KPI values. The period running at ``NOW`` is half
  written. (No evidence files: nothing timed so far reads them.)

``--scale N`` (default 1, the data set above) makes the province N times larger:
N - 1 copies of every body with work (``Sở Tài chính — bản 2``…), each given the
same work as its original (a copy of each of its assignments), people and
reports; about 1,300 bodies and 200,000 assignments at ``--scale 10``. Then the
dashboard's stored figures of every plan are computed (``plan_rollup``), unless
``--no-rollup``.

``build()`` is what the benchmarks and the query-count tests call; the command
is the same for a person who wants the data in a database of their own.
"""

import random
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import resources
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q

from theodoi.accounts.models import Role, User
from theodoi.bodies.models import Body, BodyKind, GroupRule
from theodoi.bodies.services import registry_load_defaults
from theodoi.importer import parse_bytes
from theodoi.plans.models import AgencyItem, Assignment, AssignmentRole, Plan
from theodoi.plans.services.drafts import plan_draft_create
from theodoi.plans.services.publish import plan_publish
from theodoi.reporting.models import ItemState, KpiValue, Period, Report, ReportItem, ReportState
from theodoi.reporting.services.calendar import holidays_load

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 10, 20, 10, 0, tzinfo=VN)
PASSWORD = "theodoi-demo"
SAMPLES = (  # (file, published at): each plan at the start of its year
    ("000_91be600319c8ab5d.txt", datetime(2025, 1, 2, 8, 0, tzinfo=VN)),
    ("001_6cb26fb914e0f802.txt", datetime(2026, 1, 2, 8, 0, tzinfo=VN)),
)
GENERATED_PUBLISHED = datetime(2026, 1, 2, 8, 0, tzinfo=VN)
COMMUNES = "UBND xã, phường, đặc khu"
DEPARTMENTS = "Sở, ban, ngành tỉnh"
SENTENCES = [
    "Đã ban hành văn bản hướng dẫn triển khai đến các đơn vị trực thuộc.",
    "Đang phối hợp với các cơ quan liên quan hoàn thiện dự thảo.",
    "Tổ chức hội nghị quán triệt, tập huấn cho cán bộ, công chức.",
    "Hoàn thành số hóa hồ sơ, cập nhật dữ liệu lên hệ thống.",
    "Còn khó khăn về kinh phí và nhân lực chuyên trách.",
]


@dataclass
class Dataset:
    bodies: int
    users: int
    plans: int
    assignments: int
    periods: int
    reports: int
    items: int
    kpi_values: int
    seconds: float

    def __str__(self) -> str:
        return (
            f"{self.bodies} bodies with work, {self.users} users, {self.plans} plans, "
            f"{self.assignments} assignments, {self.periods} periods, {self.reports} reports, "
            f"{self.items} items, {self.kpi_values} KPI values ({self.seconds:.1f} s)"
        )


def generated_plan(tasks: int = 300, *, sections: int = 8, kpis: int = 24) -> dict:
    """The importer's JSON of a 2026 plan of ``tasks`` tasks, monthly reports by the 25th."""
    departments = list(
        Body.objects.filter(kind=BodyKind.DEPARTMENT, active=True)
        .order_by("name")
        .values_list("name", flat=True)
    )
    codes = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"][:sections]
    rows = []
    for n in range(1, tasks + 1):
        lead = COMMUNES if n % 3 == 0 else departments[n % len(departments)]
        support = [DEPARTMENTS] if n % 5 == 0 else []
        rows.append(
            {
                "section": codes[n % len(codes)],
                "code": str(n),
                "title": f"Triển khai nhiệm vụ số {n} về chuyển đổi số",
                "lead": [lead],
                "support": support,
                "deadline": {"text": "Thường xuyên", "recurrence": "continuous"},
                "deliverable": "Báo cáo kết quả thực hiện",
            }
        )
    indicators = [
        {
            "code": str(n),
            "name": f"Chỉ tiêu số {n}",
            "unit": "%",
            "target": {"text": f"≥ {50 + n}", "op": ">=", "value": 50 + n},
            "lead": [departments[n % len(departments)]],
            "support": [],
        }
        for n in range(1, kpis + 1)
    ]
    return {
        "document": {
            "type": "Kế hoạch",
            "title": f"Kế hoạch thử tải {tasks} nhiệm vụ",
            "year": 2026,
            "bases": [{"text": "Kế hoạch số 09-KH/BCĐ"}],
        },
        "reporting": [
            {
                "text": "báo cáo trước 16h00 ngày 25 hằng tháng",
                "frequency": "monthly",
                "day": 25,
                "time": "16:00",
                "to": "Sở Khoa học và Công nghệ",
                "date": None,
            }
        ],
        "sections": [{"code": c, "path": c, "title": f"Nhóm nhiệm vụ {c}"} for c in codes],
        "tasks": rows,
        "indicators": indicators,
    }


def _choose_departments(plan: Plan) -> None:
    """A vague group ("Các Sở ngành liên quan") stands for every active department,
    as in the demo."""
    departments = list(Body.objects.filter(kind=BodyKind.DEPARTMENT, active=True))
    of_plan = Q(task__plan=plan) | Q(indicator__plan=plan)
    for item in AgencyItem.objects.filter(of_plan, group__rule=GroupRule.VAGUE):
        item.chosen.set(departments)


def plans_load(*, tasks: int, office) -> list[Plan]:
    plans = []
    for name, published in SAMPLES:
        data = parse_bytes(
            resources.files("theodoi.plans").joinpath("samples", name).read_bytes(), name
        )
        plan = plan_draft_create(data=data, source_name=name)
        _choose_departments(plan)
        plan_publish(plan=plan, user=office, confirm_gaps=True, now=published)
        plans.append(plan)
    if tasks:
        plan = plan_draft_create(data=generated_plan(tasks), source_name="generated")
        plan_publish(plan=plan, user=office, confirm_gaps=True, now=GENERATED_PUBLISHED)
        plans.append(plan)
    return plans


def bodies_scale(body_ids: list[int], scale: int, *, say=None) -> list[int]:
    """``scale - 1`` copies of each body with work, each with its original's assignments;
    returns the ids of every body with work, originals first."""
    if scale <= 1:
        return body_ids
    originals = list(Body.objects.filter(pk__in=body_ids).order_by("pk"))
    copies = []
    for k in range(2, scale + 1):
        for body in originals:
            copy = Body(name=f"{body.name} — bản {k}", kind=body.kind, code=body.code)
            copy.head_approval = body.head_approval
            copies.append(copy)
    Body.objects.bulk_create(copies, batch_size=500)
    copy_of = dict(
        Body.objects.filter(name__contains=" — bản ").values_list("name", "pk")
    )  # bulk_create gives no primary keys on every database
    fields = ("plan_id", "task_id", "indicator_id", "body_id", "role", "via_group_id")
    rows = list(Assignment.objects.filter(body_id__in=body_ids).values_list(*fields))
    names = {b.pk: b.name for b in originals}
    for k in range(2, scale + 1):
        copies = []
        for row in rows:
            values = dict(zip(fields, row, strict=True))
            values["body_id"] = copy_of[f"{names[values['body_id']]} — bản {k}"]
            copies.append(Assignment(**values))
        Assignment.objects.bulk_create(copies, batch_size=2000)
        if say:
            say(f"copy {k} of {scale}: {len(copies):,} assignments")
    return body_ids + sorted(copy_of.values())


def rollups_compute(plans: list[Plan], now: datetime) -> None:
    """The dashboard's stored figures of each plan, as the scheduler leaves them."""
    from theodoi.dashboard.services.rollup import plan_rollup

    for plan in plans:
        plan_rollup(plan, now=now)


def users_load(body_ids: list[int]) -> int:
    """2 focal officers and a head per body; the office, the chair, 16 members."""
    password = make_password(PASSWORD)
    office_body = Body.objects.get(name="Sở Khoa học và Công nghệ")
    users = []
    for body_id in body_ids:
        for n in (1, 2):
            users.append(User(username=f"daumoi{n}.{body_id}", role=Role.FOCAL, body_id=body_id))
        users.append(User(username=f"lanhdao.{body_id}", role=Role.HEAD, body_id=body_id))
    users += [  # the office's fifth is the account that publishes the plans
        User(username=f"thuongtruc{n}", role=Role.OFFICE, body=office_body) for n in range(1, 5)
    ]
    users.append(User(username="chutich.bench", role=Role.VIEWER))
    members = [User(username=f"thanhvien{n}", role=Role.VIEWER) for n in range(1, 17)]
    users += members
    for user in users:
        user.email = f"{user.username}@bench.theodoi.local"
        user.password = password
    User.objects.bulk_create(users, batch_size=500)
    through = User.overseen_bodies.through
    member_ids = list(
        User.objects.filter(username__in=[m.username for m in members])
        .order_by("username")
        .values_list("pk", flat=True)
    )
    through.objects.bulk_create(
        [
            through(user_id=member_ids[i % len(member_ids)], body_id=body_id)
            for i, body_id in enumerate(body_ids)
        ],
        batch_size=500,
    )
    return len(users)


def _late(rng: random.Random, period: Period) -> tuple[datetime, bool]:
    if rng.random() < 0.15:
        return period.cutoff + timedelta(days=rng.randint(1, 6)), True
    return period.cutoff - timedelta(days=rng.randint(0, 8), hours=rng.randint(0, 8)), False


def _state(rng: random.Random, current: bool) -> str | None:
    """A report's state; None: never started (no report)."""
    r = rng.random()
    if current:  # the period running at NOW: half written, a quarter sent
        if r < 0.25:
            return ReportState.SUBMITTED
        return ReportState.DRAFT if r < 0.75 else None
    if r < 0.80:
        return ReportState.ACCEPTED
    if r < 0.90:
        return ReportState.APPROVED if r < 0.85 else ReportState.SUBMITTED
    return ReportState.RETURNED if r < 0.95 else None


def reports_load(
    rng: random.Random, plans: list[Plan], now: datetime, *, items: bool, say=None
) -> tuple:
    """Reports of every body, every period up to ``now``; returns (reports, items, values)."""
    n_reports = n_items = n_values = 0
    for plan in plans:
        tasks_of, kpis_of = {}, {}
        for pk, body_id, task_id, indicator_id, role in Assignment.objects.filter(
            plan=plan
        ).values_list("pk", "body_id", "task_id", "indicator_id", "role"):
            if task_id:
                tasks_of.setdefault(body_id, []).append(pk)
            elif role == AssignmentRole.LEAD:
                kpis_of.setdefault(body_id, []).append(indicator_id)
        body_ids = sorted(set(tasks_of) | set(kpis_of))
        periods = list(Period.objects.filter(plan=plan).order_by("cutoff"))
        running = {}  # per rule, the period being written at ``now``
        for period in periods:
            if period.cutoff > now:
                running.setdefault(period.rule_id, period.pk)
        for period in periods:
            if period.cutoff > now and running[period.rule_id] != period.pk:
                continue  # not begun: the rule's running period comes first
            current = period.cutoff > now
            reports = []
            for body_id in body_ids:
                state = _state(rng, current)
                if state is None:
                    continue
                report = Report(period=period, body_id=body_id, state=state)
                if state != ReportState.DRAFT:
                    report.submitted_at, report.late = _late(rng, period)
                    report.version = 3
                if state == ReportState.RETURNED:
                    report.returned_comment = "Đề nghị bổ sung số liệu."
                reports.append(report)
            Report.objects.bulk_create(reports, batch_size=500)
            n_reports += len(reports)
            if not items:
                continue
            made = dict(
                Report.objects.filter(period=period).values_list("body_id", "pk")
            )  # bulk_create gives no primary keys on every database
            rows, values = [], []
            for report in reports:
                report_id = made[report.body_id]
                written = report.state != ReportState.DRAFT or rng.random() < 0.5
                for assignment_id in tasks_of.get(report.body_id, []):
                    item = ReportItem(report_id=report_id, assignment_id=assignment_id)
                    if written:
                        item.state = rng.choice(list(ItemState))
                        item.percent = rng.randint(0, 100)
                        item.results = rng.choice(SENTENCES)
                        item.version = 2
                        if rng.random() < 1 / 3:
                            item.evidence_ref = f"Công văn số {rng.randint(1, 999)}/UBND"
                    rows.append(item)
                for indicator_id in kpis_of.get(report.body_id, []):
                    value = KpiValue(report_id=report_id, indicator_id=indicator_id)
                    if written:
                        value.value = round(rng.uniform(20, 100), 1)
                    values.append(value)
            ReportItem.objects.bulk_create(rows, batch_size=1000)
            KpiValue.objects.bulk_create(values, batch_size=1000)
            n_items += len(rows)
            n_values += len(values)
            if say:
                say(f"{plan.source_name} {period}: {len(reports):,} reports, {len(rows):,} items")
    return n_reports, n_items, n_values


@transaction.atomic
def build(
    *,
    seed: int = 1,
    tasks: int = 300,
    items: bool = True,
    now: datetime = NOW,
    scale: int = 1,
    rollup: bool = False,
    say=None,
) -> Dataset:
    """Build the data set into a migrated, empty database (the registry may be loaded);
    ``say`` is given a line of progress now and then."""
    if Plan.objects.exists() or User.objects.filter(username__startswith="daumoi1.").exists():
        raise CommandError("Cơ sở dữ liệu đã có kế hoạch: benchdata cần một cơ sở dữ liệu trống.")
    start = time.perf_counter()
    rng = random.Random(seed)
    registry_load_defaults()
    holidays_load()
    office = User.objects.create_user(
        "thuongtruc.bench", "thuongtruc.bench@bench.theodoi.local", PASSWORD,
        role=Role.OFFICE, body=Body.objects.get(name="Sở Khoa học và Công nghệ"),
    )  # fmt: skip
    plans = plans_load(tasks=tasks, office=office)
    body_ids = sorted(
        set(Assignment.objects.filter(plan__in=plans).values_list("body_id", flat=True))
    )
    body_ids = bodies_scale(body_ids, scale, say=say)
    users = 1 + users_load(body_ids)
    reports, n_items, values = reports_load(rng, plans, now, items=items, say=say)
    if rollup:
        rollups_compute(plans, now)
    return Dataset(
        bodies=len(body_ids),
        users=users,
        plans=len(plans),
        assignments=Assignment.objects.filter(plan__in=plans).count(),
        periods=Period.objects.filter(plan__in=plans).count(),
        reports=reports,
        items=n_items,
        kpi_values=values,
        seconds=time.perf_counter() - start,
    )


class Command(BaseCommand):
    help = (
        "Nạp bộ dữ liệu thử tải của tỉnh (toàn bộ danh mục đơn vị, tài khoản, 3 kế hoạch, "
        "các kỳ và báo cáo đến 20/10/2026) vào một cơ sở dữ liệu trống, để đo hiệu năng."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--tasks", type=int, default=300, help="Số nhiệm vụ kế hoạch sinh.")
        parser.add_argument("--no-items", action="store_true", help="Báo cáo không có nội dung.")
        parser.add_argument(
            "--scale", type=int, default=1, help="Số lần nhân số đơn vị và phân công (mặc định 1)."
        )
        parser.add_argument(
            "--no-rollup", action="store_true", help="Không tính sẵn số liệu màn hình điều hành."
        )

    def handle(self, *args, seed, tasks, no_items, scale, no_rollup, **options):
        if scale < 1:
            raise CommandError("--scale phải là số nguyên dương.")

        def say(line):
            self.stderr.write(line)
            self.stderr.flush()

        dataset = build(
            seed=seed, tasks=tasks, items=not no_items, scale=scale, rollup=not no_rollup, say=say
        )
        self.stdout.write(str(dataset))
