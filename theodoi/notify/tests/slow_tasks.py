"""A task that keeps the ``default`` queue busy (test_email_queue.py); the worker
process imports it by its path."""

import time

from django_tasks import task


@task()
def slow(seconds: float) -> float:
    time.sleep(seconds)
    return seconds
