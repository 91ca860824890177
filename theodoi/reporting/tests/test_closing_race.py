"""Closing the books (``period_lock``) and a save at the same moment: the save in flight
is stored before the books close, one that comes after is refused — and a save locks
its report's row only, so that another body's save of the period never waits for it
(on PostgreSQL; SQLite's writers take turns anyway)."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from theodoi.reporting.models import ReportItem
from theodoi.reporting.services.periods import period_lock
from theodoi.reporting.services.reports import report_item_save, report_open

from .conftest import vn

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def item(period, people):
    return report_open(period=period, body=people["daumoi"].body).items.get()


def in_thread(work) -> tuple[threading.Thread, dict]:
    """``work()`` in a thread with its own connection; what it returned or raised."""
    outcome: dict = {}

    def run():
        try:
            outcome["value"] = work()
        except Exception as error:  # handed to the test
            outcome["error"] = error
        finally:
            outcome["done_at"] = time.monotonic()
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def test_the_books_close_after_the_save_in_flight(item, people, period):
    saved, go = threading.Event(), threading.Event()

    def save_and_wait():
        with transaction.atomic():  # the save's transaction stays open until ``go``
            report_item_save(
                item=item, data={"results": "Kịp trước khi khóa sổ"},
                user=people["daumoi"], seen_version=item.version,
            )  # fmt: skip
            saved.set()
            go.wait(5)

    saver, saving = in_thread(save_and_wait)
    assert saved.wait(5)
    closer, closing = in_thread(
        lambda: period_lock(period=period, user=people["thuongtruc"], now=vn(2026, 4, 1, 8))
    )
    time.sleep(0.3)
    assert "done_at" not in closing  # it waits for the save in flight
    released = time.monotonic()
    go.set()
    saver.join(5), closer.join(5)
    assert "error" not in saving and "error" not in closing
    assert closing["done_at"] >= released
    stored = ReportItem.objects.select_related("report__period").get(pk=item.pk)
    assert stored.results == "Kịp trước khi khóa sổ"
    assert stored.report.period.locked_at is not None


def test_a_save_that_waited_for_the_closing_is_refused(item, people, period):
    closed, go = threading.Event(), threading.Event()

    def close_and_wait():
        with transaction.atomic():
            period_lock(period=period, user=people["thuongtruc"], now=vn(2026, 4, 1, 8))
            closed.set()
            go.wait(5)

    closer, closing = in_thread(close_and_wait)
    assert closed.wait(5)
    saver, saving = in_thread(
        lambda: report_item_save(
            item=item, data={"results": "Sau khi khóa sổ"},
            user=people["daumoi"], seen_version=item.version,
        )
    )  # fmt: skip
    time.sleep(0.3)
    assert "done_at" not in saving  # it waits for the closing
    go.set()
    closer.join(5), saver.join(5)
    assert "error" not in closing
    assert isinstance(saving.get("error"), ValidationError)
    assert saving["error"].code == "locked"
    assert ReportItem.objects.get(pk=item.pk).results == ""


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_another_body_saves_while_a_save_holds_its_report(item, people, period):
    other = report_open(period=period, body=people["daumoi.yte"].body).items.first()
    saved, go = threading.Event(), threading.Event()

    def save_and_wait():
        with transaction.atomic():
            report_item_save(
                item=item, data={"results": "Chậm"}, user=people["daumoi"],
                seen_version=item.version,
            )  # fmt: skip
            saved.set()
            go.wait(5)

    saver, saving = in_thread(save_and_wait)
    assert saved.wait(5)
    try:
        report_item_save(
            item=other, data={"results": "Không phải chờ"}, user=people["daumoi.yte"],
            seen_version=other.version,
        )  # fmt: skip
        answered = "done_at" not in saving
    finally:
        go.set()
        saver.join(5)
    assert answered  # stored while the first save's transaction was still open
    assert ReportItem.objects.get(pk=other.pk).results == "Không phải chờ"
