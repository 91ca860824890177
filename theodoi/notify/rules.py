"""Pure rules of reminders: which notices a report still owed calls for on a day.

No database: the caller passes the cut-off, the day, the plan's policy and the
working-day calendar (``theodoi.reporting.rules``). Days are the province's days.

- before the cut-off day: on each of the policy's working days before it (7, 3, 1);
- on the cut-off day: in the morning;
- after it: on each working day (focal officers and head), and once, on the
  ``escalate_after``-th working day, to the office and the body's overseers.
"""

from collections.abc import Set
from dataclasses import dataclass
from datetime import date, time, timedelta

from theodoi.lib.workdays import add_working_days, is_working_day

from .defaults import DEFAULT_DAYS_BEFORE
from .models import Kind

MAX_DAYS_BEFORE = 30


@dataclass(frozen=True)
class Policy:
    """A plan's reminder policy as the rules read it (``ReminderPolicy`` or the defaults)."""

    enabled: bool = True
    days_before: tuple[int, ...] = DEFAULT_DAYS_BEFORE
    cutoff_morning: bool = True
    overdue_daily: bool = True
    escalate_after: int = 3
    send_at: time = time(7, 30)

    @classmethod
    def of(cls, row) -> "Policy":
        if row is None:
            return cls()
        return cls(
            enabled=row.enabled,
            days_before=parse_days_before(row.days_before),
            cutoff_morning=row.cutoff_morning,
            overdue_daily=row.overdue_daily,
            escalate_after=row.escalate_after,
            send_at=row.send_at,
        )


def parse_days_before(text: str) -> tuple[int, ...]:
    """``"7, 3,1"`` → ``(7, 3, 1)``; raises ``ValueError`` on anything else."""
    days = set()
    for part in text.replace(";", ",").split(","):
        if part.strip():
            day = int(part.strip())
            if not 1 <= day <= MAX_DAYS_BEFORE:
                raise ValueError(part)
            days.add(day)
    return tuple(sorted(days, reverse=True))


@dataclass(frozen=True)
class Notice:
    """A notice due: its kind and the day it is for (the key's day)."""

    kind: str
    day: date


def notices_for_owed_report(
    *, cutoff_day: date, today: date, policy: Policy, days_off: Set[date], working_days: Set[date]
) -> list[Notice]:
    """The notices a report not yet sent calls for ``today`` (at the policy's hour).

    The escalation is kept once the day is past, so that a scheduler stopped on
    that day sends it when it starts again; a reminder whose day is past is not.
    """
    if not policy.enabled:
        return []
    notices = []
    if today < cutoff_day:
        for n in policy.days_before:
            if add_working_days(cutoff_day, -n, days_off, working_days) == today:
                notices.append(Notice(Kind.BEFORE, today))
                break
    elif today == cutoff_day:
        if policy.cutoff_morning:
            notices.append(Notice(Kind.CUTOFF_DAY, today))
    else:
        if policy.overdue_daily and is_working_day(today, days_off, working_days):
            notices.append(Notice(Kind.OVERDUE, today))
        if policy.escalate_after:
            escalation_day = add_working_days(
                cutoff_day, policy.escalate_after, days_off, working_days
            )
            if escalation_day <= today:
                notices.append(Notice(Kind.ESCALATION, escalation_day))
    return notices


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failure: 1, 2, 4, 8, 16, then 30 minutes."""
    return timedelta(minutes=min(2 ** (attempts - 1), 30))


# After this many failures a message is given up (about eight hours of retries);
# the office sees it in the outbox and can send it again.
MAX_ATTEMPTS = 20
