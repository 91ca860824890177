"""What the dashboard does when the areas below it tell it something: the stored
figures of the periods follow the reports, the publications and the days.

Thin: each receiver has the worker call ``services.rollup`` through a background task
(a publication's backfill runs once the plan commits). A rollup that fails is logged
and never undoes what told it (a report step, a publication, a scheduler tick).
Connected in ``DashboardConfig.ready``.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef
from django_tasks import task, task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from theodoi.core import clock
from theodoi.plans.models import PlanStatus
from theodoi.reporting.models import Period

from .models import PeriodSnapshot
from .services.rollup import rollup_safely

# A period whose cut-off is more recent than this still moves with the days (late
# reports, tasks falling due); an older one only when a report of it moves.
RECENT = timedelta(days=40)
# The scheduler ticks each minute: a period is recomputed at most this often by it.
TICK_REFRESH = timedelta(minutes=10)


def on_report_moved(sender, *, report, now=None, **kwargs) -> None:
    """The report's period is recomputed by the worker (``rollup_after_report``), once
    for the many reports sent at the same time: a send on the 25th's rush never waits
    for the period's figures — nor holds SQLite's write lock through them."""
    if _rollup_waiting(rollup_after_report, period_id=report.period_id):
        return
    rollup_after_report.enqueue(report.period_id, now.isoformat() if now else None)


@task()
def rollup_after_report(period_id: int, at: str | None) -> int:
    """The period, and the plan's later periods already begun: a task's class there
    reads the latest items sent, this report's among them; returns how many."""
    now = datetime.fromisoformat(at) if at else None
    period = Period.objects.filter(pk=period_id).first()
    if period is None:  # deleted meanwhile (a plan withdrawn)
        return 0
    later = Period.objects.filter(
        plan_id=period.plan_id, cutoff__gt=period.cutoff, starts_on__lte=clock.today(now)
    )
    periods = [period, *later.order_by("cutoff")]
    for each in periods:
        rollup_safely(each, now=now)
    return len(periods)


def on_plan_published(sender, *, plan, now=None, **kwargs) -> None:
    """Inside the plan's transaction (``plans.signals`` sends with ``send``): the
    periods are computed once it commits, so that a failure here never undoes it."""

    def backfill():
        for period in Period.objects.filter(plan=plan).order_by("cutoff"):
            rollup_safely(period, now=now)

    transaction.on_commit(backfill)


def on_tick_done(sender, *, now=None, **kwargs) -> None:
    """The scheduler's minute stays short (a fixed number of queries, whatever the
    plans): the recent periods are recomputed by the worker, one task at a time."""
    if _rollup_waiting(rollup_recent):
        return
    rollup_recent.enqueue(at=clock.now(now).isoformat())


@task()
def rollup_recent(at: str) -> int:
    """The periods of the published plans whose cut-off is recent or still to come and
    whose data window has begun, unless computed within the last minutes (the dates
    move the classes); returns how many were recomputed."""
    moment = datetime.fromisoformat(at)
    fresh = PeriodSnapshot.objects.filter(
        period=OuterRef("pk"), computed_at__gt=moment - TICK_REFRESH
    )
    periods = list(
        Period.objects.filter(
            plan__status=PlanStatus.PUBLISHED,
            cutoff__gte=moment - RECENT,
            starts_on__lte=clock.today(moment),
        )
        .exclude(Exists(fresh))
        .order_by("cutoff")
    )
    for period in periods:
        rollup_safely(period, now=moment)
    return len(periods)


def _rollup_waiting(rollup, period_id: int | None = None) -> bool:
    """Such a rollup task (of that period) already waits in the database queue: the
    worker will take it, and it reads everything committed by then."""
    if not isinstance(task_backends[rollup.backend], DatabaseBackend):
        return False
    waiting = DBTaskResult.objects.ready().filter(task_path=rollup.module_path)
    if period_id is not None:
        waiting = waiting.filter(args_kwargs__args__0=period_id)
    return waiting.exists()
