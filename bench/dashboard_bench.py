"""Time the committee's dashboard on the province data set and on ten times the province.

    python -m bench.dashboard_bench [--runs 30] [--scales 1,10] [--database-url postgres://…/empty_db]

For each scale, in a process of its own (Django is set up once per process): builds the
data set (``theodoi benchdata --scale N``, see ``bench/dataset.py``), computes the
dashboard's stored figures of every plan (``plan_rollup``, timed), sets the clock to the
data set's "now" (20/10/2026 10:00) and sends each request through Django's test client
as ``bench/pages_bench.py`` does (its floor, its helpers): the chair's dashboard of the
generated 2026 plan (its tiles, tasks, discipline and the first page of its heat map),
the same page as a working-group member (the bodies he oversees), the committee's
overview and the yearly scorecard (its first page); and the chair's dashboard at a new
address each run, as the first view after a change shows it (rendered, not the kept
copy). For each: p50 and p95 as multiples of the floor's, the queries of the request
and the largest number of them alike. After the rollup the database is settled
(``VACUUM ANALYZE`` / ``ANALYZE``), as autovacuum leaves it within a minute.

Targets: each page's p95 at most 10 times the floor's p95 (the first view is reported,
not held to it); the same number of queries at every scale (the pages read stored rows,
however many bodies and reports there are).
"""

import argparse
import json
import statistics
import subprocess
import sys
import time

from bench.dataset import database_label, province
from bench.pages_bench import Case, _urlconf, measure, percentile

TARGET = 10  # a page's p95 / the floor's p95
FIRST_VIEW = "plan dashboard, first view (chair)"  # reported, not held to the target
RESULT = "dashboard_bench result: "


def cases_make() -> list[Case]:
    """The dashboard's pages of the generated 2026 plan, as the chair and as a member."""
    from django.urls import NoReverseMatch, reverse

    from theodoi.accounts.models import Role, User
    from theodoi.plans.models import Plan

    plan = Plan.objects.get(source_name="generated")
    office = User.objects.filter(role=Role.OFFICE).order_by("username").first()
    wanted = [
        ("floor (bare view, 1 query)", office.username, "bench_floor", ()),
        ("committee overview (chair)", "chutich.bench", "dashboard:home", ()),
        ("plan dashboard + heat map (chair)", "chutich.bench", "dashboard:plan", (plan.pk,)),
        ("plan dashboard (member, 1/16)", "thanhvien1", "dashboard:plan", (plan.pk,)),
        ("scorecard 2026 (chair)", "chutich.bench", "dashboard:scorecard", (plan.pk,)),
    ]
    cases = []
    for name, username, url_name, args in wanted:
        try:
            cases.append(Case(name, username, reverse(url_name, args=args)))
        except NoReverseMatch:
            print(f"({name}: no URL {url_name}, not timed)", flush=True)
    # The first view after something it shows changed: an address of its own each run,
    # so the rendered screen is never one already kept (views.screen._screen_html).
    screen = reverse("dashboard:plan", args=[plan.pk])
    cases.append(Case(FIRST_VIEW, "chutich.bench", lambda run: f"{screen}?lan={run}"))
    return cases


def run_scale(args) -> dict:
    """One scale, in this process: build, roll up, time; returns the figures."""

    def say(line):
        print(f"  {line}", file=sys.stderr, flush=True)

    with province(
        args.database_url, seed=args.seed, scale=args.scale, say=say if args.scale > 1 else None
    ) as (dataset, where):
        from theodoi.devtools.management.commands.benchdata import NOW, rollups_compute
        from theodoi.plans.models import Plan

        label = database_label()
        print(f"scale {args.scale}, data set ({label}, {where}): {dataset}", flush=True)
        start = time.perf_counter()
        rollups_compute(list(Plan.objects.order_by("pk")), NOW)
        rollup = time.perf_counter() - start
        print(f"rollup of the 3 plans: {rollup:.1f} s", flush=True)
        settle()
        rows = timed(args.runs)
    return {
        "scale": args.scale,
        "database": label,
        "dataset": str(dataset),
        "rollup": rollup,
        "rows": rows,
    }


def settle() -> None:
    """The statistics a database keeps after a bulk load, as autovacuum (PostgreSQL)
    leaves them within a minute: the rows the rollup replaced are cleared, the planner
    knows the new sizes. Without it the first minute's reads walk the dead rows."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def timed(runs: int) -> list[dict]:
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

    rows = []
    with (
        time_machine.travel(NOW, tick=True),
        override_settings(ROOT_URLCONF=_urlconf(), ALLOWED_HOSTS=["testserver"]),
    ):
        for case in cases_make():
            measure(case, runs, client_of)
            rows.append(
                {
                    "name": case.name,
                    "p50": statistics.median(case.times),
                    "p95": percentile(case.times, 0.95),
                    "queries": sorted(case.counts),
                    "alike": case.same,
                    "kb": case.size / 1024,
                }
            )
    return rows


def report(results: list[dict]) -> bool:
    """The table of every scale; False when a target is missed."""
    ok = True
    print(
        f"{'scale':>5s} {'request':34s} {'p50 ms':>7s} {'p95 ms':>7s} {'×p50':>6s}"
        f" {'×p95':>6s} {'queries':>8s} {'alike':>6s} {'KB':>6s}  target"
    )
    for result in results:
        floor = result["rows"][0]
        for row in result["rows"]:
            times = row["p50"] / floor["p50"], row["p95"] / floor["p95"]
            held = row is not floor and row["name"] != FIRST_VIEW
            verdict = ("ok" if times[1] <= TARGET else "SLOW") if held else ""
            ok = ok and verdict != "SLOW"
            print(
                f"{result['scale']:5d} {row['name']:34s} {row['p50'] * 1000:7.1f}"
                f" {row['p95'] * 1000:7.1f} {times[0]:6.1f} {times[1]:6.1f}"
                f" {'/'.join(map(str, row['queries'])):>8s} {row['alike']:6d}"
                f" {row['kb']:6.1f}  {verdict and f'p95 ≤ {TARGET}× floor {verdict}'}"
            )
    queries = {}
    for result in results:
        for row in result["rows"]:
            queries.setdefault(row["name"], set()).add(tuple(row["queries"]))
    for name, seen in queries.items():
        if len(seen) > 1:
            ok = False
            print(f"QUERIES DIFFER between scales: {name}: {sorted(seen)}")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", help="an empty database (default: SQLite in a tmpdir)")
    parser.add_argument("--scales", default="1,10", help="the scales to compare (default 1,10)")
    parser.add_argument("--scale", type=int, help="one scale, in this process (internal)")
    args, _ = parser.parse_known_args()
    if args.scale:  # the table of this scale as soon as it is measured, then its figures
        result = run_scale(args)
        report([result])
        print(RESULT + json.dumps(result), flush=True)
        return
    results = []
    for scale in [int(s) for s in args.scales.split(",")]:
        command = [sys.executable, "-m", "bench.dashboard_bench", "--scale", str(scale)]
        command += ["--runs", str(args.runs), "--seed", str(args.seed)]
        if args.database_url:
            command += ["--database-url", args.database_url]
        with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as child:
            for line in child.stdout:
                if line.startswith(RESULT):
                    results.append(json.loads(line.removeprefix(RESULT)))
                else:
                    print(line, end="", flush=True)
        if child.returncode:
            sys.exit(f"dashboard_bench: scale {scale} failed")
    if not report(results):
        sys.exit(1)


if __name__ == "__main__":
    main()
