"""The scheduler keeps django-tasks-db's table of task runs short and truthful."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from theodoi.core.task_runs import task_runs_tidy

NOW = datetime(2026, 3, 16, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
pytestmark = pytest.mark.django_db


def run(status, *, started=None, finished=None):
    """A run of the delivery task as the database backend records it."""
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="theodoi.notify.tasks.deliver_notifications",
        backend_name="default",
        run_after=NOW - timedelta(days=60),
        started_at=NOW - started if started else None,
        finished_at=NOW - finished if finished else None,
    )


def test_abandoned_runs_are_marked_failed_and_old_finished_runs_deleted():
    dead = run(TaskResultStatus.RUNNING, started=timedelta(hours=7))
    busy = run(TaskResultStatus.RUNNING, started=timedelta(hours=1))
    waiting = run(TaskResultStatus.READY)
    run(TaskResultStatus.SUCCESSFUL, started=timedelta(days=31), finished=timedelta(days=31))
    recent = run(TaskResultStatus.FAILED, started=timedelta(days=29), finished=timedelta(days=29))

    assert task_runs_tidy(NOW) == (1, 1)

    left = {row.pk: row for row in DBTaskResult.objects.all()}
    assert set(left) == {dead.pk, busy.pk, waiting.pk, recent.pk}
    assert left[dead.pk].status == TaskResultStatus.FAILED
    assert left[dead.pk].finished_at == NOW
    assert left[dead.pk].exception_class_path == "theodoi.core.task_runs.WorkerGone"
    assert (left[busy.pk].status, left[waiting.pk].status) == ("RUNNING", "READY")
    # Nothing more to do at the same moment. A month later the dead run and the failed
    # one are deleted, and the run that was busy is abandoned in its turn.
    assert task_runs_tidy(NOW) == (0, 0)
    assert task_runs_tidy(NOW + timedelta(days=31)) == (1, 2)
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {busy.pk, waiting.pk}


def test_each_scheduler_tick_tidies_the_runs():
    dead = run(TaskResultStatus.RUNNING, started=timedelta(hours=7))
    call_command("scheduler", at=f"{NOW:%Y-%m-%d %H:%M}")
    dead.refresh_from_db()
    assert dead.status == TaskResultStatus.FAILED
