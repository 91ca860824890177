"""An uploaded plan whose worker died mid-read does not stay "running" forever.

A killed worker (or a machine restart) leaves its import RUNNING, with the moment
it began and the attempt it was (``_start``, the first thing a worker does). The
scheduler's ``imports_recover`` takes back what has been running longer than
``THEODOI_IMPORT_STALE_MINUTES`` (10): queued again once, failed after a second
stall. Every moment is injected; tasks run at once (the immediate backend of the
test settings) when the recovery's on-commit callbacks are executed.

The last test kills a real ``theodoi worker`` (SIGKILL) in the middle of reading a
large upload and lets ``theodoi scheduler --once --at …`` and a new worker finish it.
"""

import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from tests import processes
from tests.processes import race, wait_until
from theodoi.devtools.demo_plans import sample_bytes
from theodoi.plans.models import ImportStatus, Plan, PlanImport
from theodoi.plans.services import imports
from theodoi.reporting.tests.conftest import vn

# The fixtures that start real processes (pytest finds them in the module).
database_queue, start_process, start_worker = (
    processes.database_queue,
    processes.start_process,
    processes.start_worker,
)

SAMPLE = "001_6cb26fb914e0f802.txt"  # 7 sections, 40 tasks, 16 KPIs
T0 = vn(2026, 3, 16, 9, 0)  # the moment the dead worker began reading
STALLED_TWICE = (
    "Việc đọc tệp bị dừng giữa chừng hai lần (máy chủ khởi động lại hoặc tệp quá nặng). "
    "Hãy tải tệp lên lại; nếu vẫn lỗi, gửi tệp cho quản trị hệ thống."
)
REREAD = "Đang đọc lại tệp (lần 2) sau khi tiến trình nền bị dừng."


pytestmark = pytest.mark.usefixtures("media")  # uploads go to a folder of the test's own


def upload(user, content: bytes | None = None, name: str = SAMPLE) -> PlanImport:
    """The office's upload, queued (the test database never commits: no task runs)."""
    content = sample_bytes(SAMPLE) if content is None else content
    return imports.plan_import_create(upload=SimpleUploadedFile(name, content), user=user)


def stalled(user, started_at) -> PlanImport:
    """An upload whose worker began reading at ``started_at`` and died: RUNNING."""
    plan_import = imports._start(upload(user).pk, now=started_at)
    assert plan_import.status == ImportStatus.RUNNING
    return plan_import


def recover(capture, now, *, execute=False) -> tuple[int, list]:
    """``imports_recover(now)``, committed: its callbacks (the tasks queued on commit)
    are returned, and run at once when ``execute``."""
    with capture(execute=execute) as callbacks:
        taken = imports.imports_recover(now)
    return taken, callbacks


def test_an_import_running_for_11_minutes_is_queued_again_and_read_into_one_draft(
    people, django_capture_on_commit_callbacks
):
    plan_import = stalled(people["thuongtruc"], T0)
    assert (plan_import.attempts, plan_import.started_at) == (1, T0)

    taken, callbacks = recover(
        django_capture_on_commit_callbacks, T0 + timedelta(minutes=11), execute=True
    )

    assert (taken, len(callbacks)) == (1, 1)  # one task queued, run at once here
    plan_import.refresh_from_db()
    assert plan_import.status == ImportStatus.DONE
    assert plan_import.attempts == 2
    assert plan_import.message == ""
    assert Plan.objects.count() == 1
    plan = plan_import.plan
    assert plan.is_draft and plan.source_name == SAMPLE
    assert (plan.sections.count(), plan.tasks.count()) == (7, 40)


def test_an_import_running_for_9_minutes_is_left_alone(people, django_capture_on_commit_callbacks):
    plan_import = stalled(people["thuongtruc"], T0)

    assert recover(django_capture_on_commit_callbacks, T0 + timedelta(minutes=9)) == (0, [])
    plan_import.refresh_from_db()
    assert (plan_import.status, plan_import.attempts, plan_import.progress) == (
        ImportStatus.RUNNING,
        1,
        10,
    )


def test_the_limit_is_a_setting(people, settings, django_capture_on_commit_callbacks):
    settings.THEODOI_IMPORT_STALE_MINUTES = 30
    stalled(people["thuongtruc"], T0)

    assert recover(django_capture_on_commit_callbacks, T0 + timedelta(minutes=29))[0] == 0
    assert recover(django_capture_on_commit_callbacks, T0 + timedelta(minutes=31))[0] == 1


def test_an_import_that_stalls_on_its_second_read_fails_with_what_to_do(
    people, login, django_capture_on_commit_callbacks
):
    plan_import = stalled(people["thuongtruc"], T0)
    taken, callbacks = recover(django_capture_on_commit_callbacks, T0 + timedelta(minutes=11))
    assert (taken, len(callbacks)) == (1, 1)
    # The second worker takes it at 9:12 and dies too.
    imports._start(plan_import.pk, now=T0 + timedelta(minutes=12))
    failed_at = T0 + timedelta(minutes=23)

    taken, callbacks = recover(django_capture_on_commit_callbacks, failed_at)

    assert (taken, callbacks) == (1, [])  # nothing queued
    plan_import.refresh_from_db()
    assert plan_import.status == ImportStatus.FAILED
    assert plan_import.attempts == 2
    assert plan_import.message == STALLED_TWICE
    assert (plan_import.progress, plan_import.finished_at) == (100, failed_at)
    assert plan_import.plan is None and not Plan.objects.exists()
    # Failed is final: the next minute takes nothing.
    assert recover(django_capture_on_commit_callbacks, failed_at + timedelta(minutes=1))[0] == 0

    page = login("thuongtruc").get(reverse("plans:import", args=[plan_import.pk]))
    assert page.status_code == 200
    assert STALLED_TWICE in page.text
    assert REREAD not in page.text and "<progress" not in page.text
    assert plan_import.message_en.startswith("Reading the file was interrupted")


def test_a_second_recovery_finds_nothing_and_queues_nothing(
    people, django_capture_on_commit_callbacks
):
    plan_import = stalled(people["thuongtruc"], T0)
    moment = T0 + timedelta(minutes=11)

    first = recover(django_capture_on_commit_callbacks, moment)
    second = recover(django_capture_on_commit_callbacks, moment)

    assert (first[0], len(first[1])) == (1, 1)
    assert second == (0, [])
    plan_import.refresh_from_db()
    assert (plan_import.status, plan_import.attempts) == (ImportStatus.QUEUED, 1)


@pytest.mark.django_db(transaction=True)
def test_recoveries_racing_in_threads_queue_each_import_once(people, database_queue):
    from django_tasks_db.models import DBTaskResult

    stale = [stalled(people["thuongtruc"], T0) for _ in range(3)]
    queued_before = DBTaskResult.objects.count()  # the uploads' own tasks
    moment = T0 + timedelta(minutes=11)
    results, errors = race(lambda: imports.imports_recover(moment))

    assert errors == []
    assert len(results) == 4 and sum(results) == 3  # each import taken once, by one of them
    assert DBTaskResult.objects.count() - queued_before == 3  # one task per import
    assert set(PlanImport.objects.values_list("status", flat=True)) == {ImportStatus.QUEUED}
    assert {p.pk for p in stale} == set(PlanImport.objects.values_list("pk", flat=True))


def test_the_recovery_costs_the_same_queries_for_one_or_five_stale_imports(
    people, django_capture_on_commit_callbacks
):
    office = people["thuongtruc"]

    def queries(count: int, minute: int) -> int:
        for _ in range(count):
            stalled(office, T0 + timedelta(minutes=minute))
        with CaptureQueriesContext(connection) as captured:
            taken, _callbacks = recover(
                django_capture_on_commit_callbacks, T0 + timedelta(minutes=minute + 11)
            )
        assert taken == count
        return len(captured)

    assert queries(1, 0) == queries(5, 20)
    # The failing ones as well: the second stall of those six.
    for plan_import in PlanImport.objects.all():
        imports._start(plan_import.pk, now=T0 + timedelta(minutes=40))
    with CaptureQueriesContext(connection) as captured:
        assert recover(django_capture_on_commit_callbacks, T0 + timedelta(minutes=51))[0] == 6
    assert len(captured) == queries(1, 60)
    assert PlanImport.objects.filter(status=ImportStatus.FAILED).count() == 6


def test_a_slow_worker_taken_back_writes_nothing_and_the_second_read_makes_the_draft(
    people, django_capture_on_commit_callbacks
):
    """A worker that was only slow, not dead: while it reads, the import is taken back
    and read by another worker; when the slow one ends, its draft is not made."""
    plan_import = upload(people["thuongtruc"])
    parse = imports.parse_bounded
    reads, taken = [], []

    def slow_parse(content, name, corrections=None, **limits):
        reads.append(name)
        data = parse(content, name, corrections, **limits)
        if len(reads) == 1:  # the first read only; the second, inside it, is plain
            # Eleven minutes later, still reading: the scheduler takes the import
            # back, and another worker reads it (the task runs at once).
            taken.append(
                recover(
                    django_capture_on_commit_callbacks, T0 + timedelta(minutes=11), execute=True
                )[0]
            )
        return data

    with mock.patch.object(imports, "parse_bounded", side_effect=slow_parse):
        first = imports.plan_import_run(import_id=plan_import.pk, now=T0)

    assert (len(reads), taken) == (2, [1])
    assert first is None  # taken back: its result is dropped
    plan_import.refresh_from_db()
    assert (plan_import.status, plan_import.attempts) == (ImportStatus.DONE, 2)
    assert Plan.objects.count() == 1 and plan_import.plan == Plan.objects.get()


def test_a_slow_worker_taken_back_does_not_fail_the_second_read(
    people, django_capture_on_commit_callbacks
):
    """The slow first read ends in an error after the import was taken back: the
    import stays the second read's."""
    plan_import = stalled(people["thuongtruc"], T0)
    recover(django_capture_on_commit_callbacks, T0 + timedelta(minutes=11))
    second = imports._start(plan_import.pk, now=T0 + timedelta(minutes=11))
    assert second.attempts == 2

    plan_import.refresh_from_db()
    plan_import.attempts = 1  # what the first, slow, run knows of it
    assert imports._fail(plan_import, {"message": "late error"}, T0 + timedelta(minutes=12)) is None
    plan_import.refresh_from_db()
    assert (plan_import.status, plan_import.message) == (ImportStatus.RUNNING, "")


def test_the_page_says_it_reads_again_after_a_stall_and_nothing_alarming_while_slow(
    people, login, django_capture_on_commit_callbacks
):
    office = login("thuongtruc")

    def page(plan_import):
        return office.get(reverse("plans:import", args=[plan_import.pk])).text

    # Running for three minutes (the page's clock is the real one): a word of patience.
    slow = stalled(people["thuongtruc"], timezone.now() - timedelta(minutes=3))
    text = page(slow)
    assert "Văn bản dài cần thêm vài phút để đọc." in text
    assert REREAD not in text and "Không đọc được" not in text and "<progress" in text
    # Running for a minute: nothing more than the progress bar.
    fresh = stalled(people["thuongtruc"], timezone.now() - timedelta(minutes=1))
    assert "vài phút" not in page(fresh)

    # Queued again after a stall, then read by a second worker: the page says why.
    recover(django_capture_on_commit_callbacks, timezone.now() + timedelta(minutes=8))
    slow.refresh_from_db()
    assert slow.status == ImportStatus.QUEUED
    assert REREAD in page(slow)
    imports._start(slow.pk)
    assert REREAD in page(slow)
    assert imports.reread(PlanImport.objects.get(pk=slow.pk))
    assert not imports.reread(fresh)
    with translation.override("en"):
        english = translation.gettext("Đang đọc lại tệp (lần 2) sau khi tiến trình nền bị dừng.")
        assert english == (
            "Reading the file again (second attempt) after the background process stopped."
        )


def test_slow_is_a_couple_of_minutes_of_running():
    running = PlanImport(status=ImportStatus.RUNNING, started_at=T0, attempts=1)
    assert not imports.slow(running, T0 + timedelta(minutes=2))
    assert imports.slow(running, T0 + timedelta(minutes=2, seconds=1))
    queued = PlanImport(status=ImportStatus.QUEUED, started_at=T0, attempts=1)
    assert not imports.slow(queued, T0 + timedelta(minutes=30))


def test_the_scheduler_takes_back_a_stalled_import_each_tick(
    people, django_capture_on_commit_callbacks, capsys
):
    plan_import = stalled(people["thuongtruc"], T0)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("scheduler", "--at", "2026-03-16 09:11")

    assert "1 tệp kế hoạch bị dừng giữa lúc đọc" in capsys.readouterr().out
    plan_import.refresh_from_db()
    assert (plan_import.status, plan_import.attempts) == (ImportStatus.DONE, 2)
    assert Plan.objects.count() == 1


def large_plan() -> bytes:
    """The 2026 sample with some 8 MB of preamble: a couple of seconds to read."""
    text = sample_bytes(SAMPLE).decode()
    at = text.index("Căn cứ Quyết định số 11")
    preamble = (
        "Căn cứ Quyết định số 11/QĐ-BCĐCP ngày 27 tháng 02 năm 2026 của Ban Chỉ đạo "
        "của Chính phủ về phát triển khoa học, công nghệ.\n\n"
    )
    return (text[:at] + preamble * 50_000 + text[at:]).encode()


@pytest.mark.processes
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_read_the_scheduler_and_a_new_worker_finish_the_draft(
    people, database_queue, start_process, start_worker
):
    plan_import = upload(people["thuongtruc"], large_plan(), "ke-hoach-lon.txt")  # queued

    first = start_worker()
    assert wait_until(
        lambda: PlanImport.objects.get(pk=plan_import.pk).status != ImportStatus.QUEUED,
        step=0.02,
    ), "the worker never began reading"
    first.kill()  # SIGKILL, in the middle of the read: no clean-up of any kind
    first.wait(10)
    plan_import.refresh_from_db()
    assert plan_import.status == ImportStatus.RUNNING, "the read ended before the kill"
    assert (plan_import.attempts, plan_import.progress) == (1, 10)
    assert not Plan.objects.exists()

    # The scheduler's tick twelve minutes later takes it back.
    moment = timezone.localtime(plan_import.started_at + timedelta(minutes=12))
    scheduler = start_process("scheduler", "--once", "--at", f"{moment:%Y-%m-%d %H:%M}")
    assert scheduler.wait(60) == 0
    plan_import.refresh_from_db()
    assert plan_import.status == ImportStatus.QUEUED

    start_worker()
    assert wait_until(
        lambda: PlanImport.objects.get(pk=plan_import.pk).status == ImportStatus.DONE,
        timeout=120,
    )
    time.sleep(0.5)  # nothing else comes after
    plan_import.refresh_from_db()
    assert plan_import.attempts == 2
    assert Plan.objects.count() == 1 and plan_import.plan == Plan.objects.get()
    assert plan_import.plan.tasks.count() == 40
