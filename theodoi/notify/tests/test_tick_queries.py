"""The scheduler's tick costs the same number of queries for 10 bodies as for 120.

On the benchmarks' data set (``theodoi benchdata``, small generated plan, reports
without their items), first with 120 bodies, then with 10 (the others made
inactive): the busy tick (every notice new) and the quiet one (all made already)
run the same queries, the outbox's INSERT one statement on both databases (on
SQLite thanks to ``theodoi.core.apps.use_sqlite_runtime_limits``).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from theodoi.bodies.models import Body
from theodoi.devtools.management.commands.benchdata import NOW, build
from theodoi.notify.models import Notification
from theodoi.notify.services.schedule import tick
from theodoi.plans.models import Assignment

pytestmark = pytest.mark.django_db


def keep_active(n: int) -> None:
    """Only ``n`` of the bodies with work stay active (the scheduler skips the others)."""
    with_work = sorted(set(Assignment.objects.values_list("body_id", flat=True)))
    assert len(with_work) >= n
    Body.objects.exclude(pk__in=with_work[:n]).update(active=False)


def run(moment):
    """(queries, notices made)."""
    with CaptureQueriesContext(connection) as queries:
        created = tick(moment).created
    return len(queries), created


def test_the_tick_reads_the_same_for_10_and_for_120_bodies(settings):
    # The delivery is queued in the database, as in production (not run in the tick).
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "email"]}
    }
    from bench.scheduler_bench import busy_moment

    build(tasks=30, items=False)
    busy = busy_moment(NOW)
    quiet = busy.replace(minute=busy.minute + 1)
    figures = {}
    for bodies in (120, 10):
        keep_active(bodies)
        Notification.objects.all().delete()
        DBTaskResult.objects.all().delete()
        figures[bodies] = {"busy": run(busy), "quiet": run(quiet)}

    many, few = figures[120], figures[10]
    assert many["busy"][1] > 5 * few["busy"][1] > 0  # the busy tick is busy at both sizes
    assert many["quiet"][1] == few["quiet"][1] == 0
    assert many["busy"][0] == few["busy"][0] < 20
    assert many["quiet"][0] == few["quiet"][0]
