"""Time the scheduler's tick on the province data set (120 bodies × 3 plans).

    python -m bench.scheduler_bench [--runs 5] [--database-url postgres://…/empty_db]

Builds the data set (``theodoi benchdata``) into a throw-away SQLite database in a
temporary directory (or into the given empty PostgreSQL database), then times
``tick()`` at three moments:

- busy: 7 working days before a cut-off, at the reminders' hour, when every body
  owes its next report and the late ones of the last period are chased: every
  notice is new (the notifications are deleted between runs);
- quiet: the next minute — everything due is already in the outbox, which is
  what the scheduler does on most minutes of a working day;
- idle: before the reminders' hour.

Prints the median wall time over the runs and the number of queries
(``CaptureQueriesContext``); target: a fixed number of queries, under 1 s.
"""

import argparse
import statistics
import time
from datetime import datetime, timedelta

from bench.dataset import database_label, province

SEND_AT = (7, 30)


def busy_moment(now: datetime) -> datetime:
    """The first moment after ``now`` that is 7 working days before a cut-off, at 07:30."""
    from django.utils import timezone

    from theodoi.core import clock
    from theodoi.lib.workdays import add_working_days
    from theodoi.reporting.models import Period
    from theodoi.reporting.selectors.calendar import calendar_days

    days_off, working_days = calendar_days(now.date(), now.date() + timedelta(days=400))
    for period in Period.objects.filter(cutoff__gt=now).order_by("cutoff"):
        cutoff_day = clock.today(period.cutoff)
        day = add_working_days(cutoff_day, -7, days_off, working_days)
        if day > now.date():
            return timezone.make_aware(datetime(day.year, day.month, day.day, *SEND_AT))
    raise SystemExit("no cut-off after the data set's date")


def measure(moment: datetime, *, runs: int, fresh: bool) -> dict:
    """Median wall time and query count of ``tick(moment)``; ``fresh``: outbox emptied first."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_tasks_db.models import DBTaskResult

    from theodoi.notify.models import Notification
    from theodoi.notify.services.schedule import tick

    times, counts, inserts, created = [], set(), set(), set()
    for _ in range(runs):
        if fresh:
            Notification.objects.all().delete()
            DBTaskResult.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            result = tick(moment)
            times.append(time.perf_counter() - start)
        counts.add(len(queries))
        inserts.add(
            sum(
                q["sql"].lstrip().upper().startswith("INSERT") and "notify_notification" in q["sql"]
                for q in queries.captured_queries
            )
        )
        created.add(result.created)
    return {
        "median": statistics.median(times),
        "max": max(times),
        "queries": "/".join(map(str, sorted(counts))),
        "inserts": "/".join(map(str, sorted(inserts))),
        "created": "/".join(map(str, sorted(created))),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", help="an empty database (default: SQLite in a tmpdir)")
    args, _ = parser.parse_known_args()
    with province(args.database_url, seed=args.seed) as (dataset, where):
        run(args, dataset, where)


def run(args, dataset, where: str) -> None:
    from theodoi.devtools.management.commands.benchdata import NOW

    print(f"data set ({database_label()}, {where}): {dataset}")
    busy = busy_moment(NOW)
    moments = [
        ("busy (all new)", busy, True),
        ("quiet (all made)", busy + timedelta(minutes=1), False),
        ("idle (before 07:30)", busy.replace(hour=7, minute=0), False),
    ]
    print(f"{'tick':22s} {'at':17s} {'new':>5s} {'queries':>8s} {'INSERTs':>8s}", end="")
    print(f" {'p50 s':>7s} {'max s':>7s}")
    for name, moment, fresh in moments:
        row = measure(moment, runs=args.runs, fresh=fresh)
        print(
            f"{name:22s} {moment:%Y-%m-%d %H:%M} {row['created']:>5s} {row['queries']:>8s}"
            f" {row['inserts']:>8s} {row['median']:7.3f} {row['max']:7.3f}"
        )


if __name__ == "__main__":
    main()
