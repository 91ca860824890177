"""The one place "now" comes from, so that deadline logic can be tested at any date.

A service takes ``now=None``; given, it is the moment of the call. Most pass it to
``now(…)``/``today(…)`` below. A service whose only use of time is the history its
saves write (who changed what, *when*) is decorated ``@dated`` instead: during a call
with ``now=…``, every historical row written is dated ``now``, and ``now()`` inside
the call (at any depth) returns it. ``tests/test_now_honoured.py`` checks that every
``now`` parameter is used one of these two ways.
"""

import functools
from contextvars import ContextVar
from datetime import date, datetime

from django.dispatch import receiver
from django.utils import timezone
from simple_history.signals import pre_create_historical_record

# The moment a ``@dated`` service was called with; None outside such a call.
_fixed: ContextVar[datetime | None] = ContextVar("theodoi_clock_fixed", default=None)


def now(at: datetime | None = None) -> datetime:
    """``at`` when given (a test or a caller that fixed the moment), else the real now
    (or the moment of the ``@dated`` service being run)."""
    if at is not None:
        return at
    return _fixed.get() or timezone.now()


def today(at: datetime | None = None) -> date:
    """The date in the province's time zone (Asia/Ho_Chi_Minh)."""
    return timezone.localdate(now(at))


def dated(service):
    """Run ``service(…, now=moment)`` at ``moment``: the history it writes is dated then."""

    @functools.wraps(service)
    def at_moment(*args, **kwargs):
        moment = kwargs.get("now")
        if moment is None:
            return service(*args, **kwargs)
        token = _fixed.set(moment)
        try:
            return service(*args, **kwargs)
        finally:
            _fixed.reset(token)

    at_moment.dated = True
    return at_moment


@receiver(pre_create_historical_record, dispatch_uid="theodoi.core.clock.date_history")
def _date_history(sender, history_instance, **kwargs):
    moment = _fixed.get()
    if moment is not None:
        history_instance.history_date = moment
