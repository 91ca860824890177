"""Time the pages and the saves of a report on the province data set.

    python -m bench.pages_bench [--runs 30] [--database-url postgres://…/empty_db]

Builds the data set (``theodoi benchdata``, see ``bench/dataset.py``), adds ~5,000
notifications (200 of them to one commune's focal officer), sets the clock to the
data set's "now" (20/10/2026 10:00) and sends each request through Django's test
client (the whole middleware stack, a signed-in user, the templates), one warm-up
then ``--runs`` times. For each: p50, p95 and max wall time, the multiple of the
floor (a bare view through the same stack that runs one query), the number of
queries (``CaptureQueriesContext``), the largest number of them with the same
shape (an N+1 shows there) and the response's size.

Targets (the steering repository's ``docs/benchmarks.md`` names none): a page's
p50 < 300 ms, a save's < 150 ms.
"""

import argparse
import re
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from bench.dataset import database_label, province

PAGE_TARGET = 0.300
SAVE_TARGET = 0.150
NOTIFICATIONS_OF_ONE = 200
OUTBOX_SIZE = 5000


@dataclass
class Case:
    name: str
    username: str
    url: object  # str, or a function of the run (0 = warm-up) giving the URL
    data: object = None  # POST data, or a function of the run giving it; None: a GET
    expect: int = 200
    save: bool = False
    users: object = None  # a function of the run giving the username (one user per run)
    htmx: bool = False
    times: list[float] = field(default_factory=list)
    counts: set[int] = field(default_factory=set)
    same: int = 0
    size: int = 0
    sql: list[str] = field(default_factory=list)  # the last run's queries

    @property
    def target(self) -> float:
        return SAVE_TARGET if self.save else PAGE_TARGET


def floor_view(request):
    """The floor: the same request stack, one query, no template."""
    from django.http import HttpResponse

    from theodoi.accounts.models import User

    return HttpResponse(str(User.objects.filter(pk=request.user.pk).count()))


def _urlconf():
    """The project's URLs plus the floor's."""
    import types

    from django.urls import path

    from theodoi.config import urls

    module = types.ModuleType("bench_pages_urls")
    module.urlpatterns = [path("bench/floor/", floor_view, name="bench_floor"), *urls.urlpatterns]
    return module


SHAPE = re.compile(r"'(?:[^']|'')*'|\b\d+(?:\.\d+)?\b|%s")


def most_alike(sqls: list[str]) -> int:
    """The largest number of queries that differ only by their values."""
    shapes = Counter(re.sub(r"(\?, )+\?", "?", SHAPE.sub("?", sql)) for sql in sqls)
    return max(shapes.values(), default=0)


def notifications_make(recipient, *, period, now) -> None:
    """~200 notices to one officer (half unread), ~5,000 rows in the outbox."""
    from theodoi.accounts.models import User
    from theodoi.notify.models import EmailState, Kind, Notification

    kinds = [Kind.BEFORE, Kind.CUTOFF_DAY, Kind.OVERDUE, Kind.SUBMITTED, Kind.ACCEPTED]
    states = [EmailState.SENT] * 7 + [EmailState.PENDING, EmailState.FAILED, EmailState.NO_ADDRESS]
    others = list(User.objects.exclude(pk=recipient.pk).order_by("pk").values_list("pk", flat=True))
    rows = []
    for n in range(OUTBOX_SIZE):
        mine = n < NOTIFICATIONS_OF_ONE
        created = now - timedelta(minutes=37 * n)
        state = states[n % len(states)]
        rows.append(
            Notification(
                key=f"bench:{n}",
                kind=kinds[n % len(kinds)],
                recipient_id=recipient.pk if mine else others[n % len(others)],
                day=created.date(),
                plan_id=period.plan_id,
                period=period,
                body_id=recipient.body_id if mine else None,
                subject=f"Nhắc nộp báo cáo {period.label} (thông báo số {n})",
                link=f"/bao-cao/don-vi/{recipient.body_id}/ky/{period.pk}/",
                context={"n": n},
                created_at=created,
                read_at=created + timedelta(hours=1) if n % 2 else None,
                email_state=state,
                attempts=0 if state == EmailState.PENDING else 1 + (state == EmailState.FAILED) * 4,
                sent_at=created if state == EmailState.SENT else None,
                last_error="Connection refused" if state == EmailState.FAILED else "",
            )
        )
    Notification.objects.bulk_create(rows, batch_size=1000)


def cases_make(runs: int) -> list[Case]:
    """The requests to time, on the data set's generated 2026 plan and its October period."""
    from django.urls import reverse

    from theodoi.accounts.models import Role, User
    from theodoi.bodies.models import BodyKind
    from theodoi.devtools.management.commands.benchdata import NOW
    from theodoi.plans.models import AssignmentRole, Plan
    from theodoi.reporting.models import KpiValue, Period, ReportItem, ReportState

    plan = Plan.objects.get(source_name="generated")
    october = Period.objects.get(plan=plan, cutoff__year=2026, cutoff__month=10)
    drafts = list(
        october.reports.filter(state=ReportState.DRAFT)
        .select_related("body")
        .order_by("body__kind", "body__name")
    )
    communes = [r for r in drafts if r.body.kind == BodyKind.COMMUNE]
    departments = [r for r in drafts if r.body.kind == BodyKind.DEPARTMENT]
    commune = communes[0]  # the officer whose pages and item are timed
    senders = communes[1 : runs + 2]  # one report submitted per run, warm-up included
    if len(senders) < runs + 1:
        raise SystemExit(f"pages_bench: {len(senders)} draft reports to submit, {runs + 1} needed")
    officer = User.objects.get(username=f"daumoi1.{commune.body_id}")
    office = User.objects.filter(role=Role.OFFICE).order_by("username").first()
    notifications_make(officer, period=october, now=NOW)
    item = (
        ReportItem.objects.filter(report=commune, assignment__role=AssignmentRole.LEAD)
        .order_by("assignment__task__position")
        .first()
    )
    kpi = KpiValue.objects.filter(report__in=departments).select_related("report").first()
    task = item.assignment.task

    def item_data(run):
        current = ReportItem.objects.values_list("version", flat=True).get(pk=item.pk)
        return {
            "seen_version": str(current),
            "state": "in_progress",
            "percent": str(40 + run),
            "results": f"Đã triển khai đến các thôn, ấp (lần {run}).",
        }

    def kpi_data(run):
        current = KpiValue.objects.values_list("version", flat=True).get(pk=kpi.pk)
        return {"seen_version": str(current), "numerator": str(50 + run), "denominator": "100"}

    def submit_data(run):
        return {"seen_version": str(senders[run].version)}

    def url(name, *args):
        return reverse(name, args=args)

    report_args = (commune.body_id, october.pk)
    return [
        Case("floor (bare view, 1 query)", office.username, url("bench_floor")),
        Case("office home", office.username, url("accounts:office_home")),
        Case("period board, Oct (all bodies)", office.username, url("reporting:board", october.pk)),
        Case("review list", office.username, url("reporting:review")),
        Case("chair's overview", "chutich.bench", url("accounts:viewer_home")),
        Case("plan page (300 tasks)", office.username, url("plans:detail", plan.pk)),
        Case("task page (communes lead)", office.username, url("plans:task", task.pk)),
        Case("commune's body page", officer.username, url("bodies:detail", commune.body_id)),
        Case("commune's report, Oct", officer.username, url("reporting:report", *report_args)),
        Case("notifications (200)", officer.username, url("notify:list")),
        Case("bell", officer.username, url("notify:bell"), htmx=True),
        Case("outbox (5,000)", office.username, url("notify:outbox")),
        Case(
            "save a report item (htmx)",
            officer.username,
            url("reporting:item_save", commune.body_id, item.pk),
            item_data,
            save=True,
            htmx=True,
        ),
        Case(
            "save a KPI value (htmx)",
            f"daumoi1.{kpi.report.body_id}",
            url("reporting:kpi_save", kpi.report.body_id, kpi.pk),
            kpi_data,
            save=True,
            htmx=True,
        ),
        Case(
            "submit a report",
            "",
            lambda run: reverse("reporting:report_submit", args=[senders[run].body_id, october.pk]),
            submit_data,
            expect=302,
            save=True,
            users=lambda run: f"daumoi1.{senders[run].body_id}",
        ),
    ]


def measure(case: Case, runs: int, clients) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for run in range(runs + 1):  # run 0 warms up
        client = clients(case.users(run) if case.users else case.username)
        url = case.url(run) if callable(case.url) else case.url
        data = case.data(run) if callable(case.data) else case.data
        headers = {"HX-Request": "true"} if case.htmx else {}
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            if data is None:
                response = client.get(url, headers=headers)
            else:
                response = client.post(url, data, headers=headers)
            elapsed = time.perf_counter() - start
        if response.status_code != case.expect:
            raise SystemExit(f"pages_bench: {case.name}: {response.status_code} from {url}")
        if case.save and "Đã lưu" not in response.content.decode() and case.htmx:
            raise SystemExit(f"pages_bench: {case.name}: not saved:\n{response.content[:2000]}")
        if run:
            case.times.append(elapsed)
            case.counts.add(len(queries))
            case.same = max(case.same, most_alike([q["sql"] for q in queries.captured_queries]))
            case.size = len(response.content)
            case.sql = [q["sql"] for q in queries.captured_queries]


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p * (len(values) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", help="an empty database (default: SQLite in a tmpdir)")
    parser.add_argument("--sql", action="store_true", help="print each request's queries")
    args, _ = parser.parse_known_args()
    with province(args.database_url, seed=args.seed) as (dataset, where):
        print(f"data set ({database_label()}, {where}): {dataset}")
        run(args)


def run(args) -> None:
    import time_machine
    from django.test import Client, override_settings

    from theodoi.accounts.models import User
    from theodoi.devtools.management.commands.benchdata import NOW

    clients = {}

    def client_of(username):
        if username not in clients:
            clients[username] = Client()
            clients[username].force_login(User.objects.get(username=username))
        return clients[username]

    with (
        time_machine.travel(NOW, tick=True),
        override_settings(ROOT_URLCONF=_urlconf(), ALLOWED_HOSTS=["testserver"]),
    ):
        cases = cases_make(args.runs)
        print(f"{OUTBOX_SIZE:,} notifications, {NOTIFICATIONS_OF_ONE} to one officer; ", end="")
        print(f"{args.runs} runs after a warm-up; times in ms")
        print(
            f"{'request':32s} {'p50':>7s} {'p95':>7s} {'max':>7s} {'×floor':>7s}"
            f" {'queries':>8s} {'alike':>6s} {'KB':>6s}  target"
        )
        floor = None
        for case in cases:
            measure(case, args.runs, client_of)
            p50 = statistics.median(case.times)
            floor = floor or p50
            verdict = "ok" if p50 < case.target else "SLOW"
            target = f"< {case.target * 1000:.0f} {verdict}" if case is not cases[0] else ""
            print(
                f"{case.name:32s} {p50 * 1000:7.1f} {percentile(case.times, 0.95) * 1000:7.1f}"
                f" {max(case.times) * 1000:7.1f} {p50 / floor:7.1f}"
                f" {'/'.join(map(str, sorted(case.counts))):>8s} {case.same:6d}"
                f" {case.size / 1024:6.1f}  {target}",
                flush=True,
            )
            if args.sql:
                for sql in case.sql:
                    print(f"    {sql[:160]}")


if __name__ == "__main__":
    main()
