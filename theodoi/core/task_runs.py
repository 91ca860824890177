"""Keep the table of background-task runs short and truthful.

django-tasks-db records every run of a task and removes none, and a worker
killed mid-task leaves its run "running" for good (there is no heartbeat).
theodoi does not rely on these rows: each task's own table says what happened
and what is left (the outbox, the plan import), and the scheduler takes back
what a dead worker held. So each scheduler tick marks as failed a run that has
been "running" longer than any task takes, and deletes finished runs after
``THEODOI_TASK_RUNS_KEEP_DAYS``.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from theodoi.core import clock

# A plan import takes minutes and a delivery batch seconds; after this the worker is gone.
WORKER_GONE_AFTER = timedelta(hours=6)


class WorkerGone(Exception):
    """The worker running the task stopped (killed, machine restarted) before it ended."""


def task_runs_tidy(now: datetime | None = None) -> tuple[int, int]:
    """Mark abandoned runs failed and delete old finished ones (two queries).

    Returns (runs marked failed, runs deleted).
    """
    moment = clock.now(now)
    abandoned = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=moment - WORKER_GONE_AFTER
    ).update(
        status=TaskResultStatus.FAILED,
        finished_at=moment,
        exception_class_path=f"{WorkerGone.__module__}.{WorkerGone.__qualname__}",
        traceback=f"{WorkerGone.__doc__} (marked by the scheduler)",
    )
    deleted, _ = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
        finished_at__lt=moment - timedelta(days=settings.THEODOI_TASK_RUNS_KEEP_DAYS),
    ).delete()
    return abandoned, deleted
