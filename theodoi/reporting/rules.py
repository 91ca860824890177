"""Pure rules of the reporting cycle: no database, every moment passed in.

Times are aware datetimes; the province's day is Asia/Ho_Chi_Minh. Working days
are counted by ``theodoi.lib.workdays`` (``days_off`` and ``working_days`` below are
its two sets of dates, read from the database by ``selectors.calendar.calendar_days``).
"""

from calendar import monthrange
from collections.abc import Set
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from theodoi.lib.dates import format_date
from theodoi.lib.workdays import is_working_day, next_working_day


def is_late(
    *, submitted_at: datetime, cutoff: datetime, grace_until: datetime | None = None
) -> bool:
    """Submitted after the cut-off (or after the grace the office granted) is late.

    A submission at the cut-off's very second is on time.
    """
    return submitted_at > max(cutoff, grace_until or cutoff)


ONE_DAY = timedelta(days=1)
VN = ZoneInfo("Asia/Ho_Chi_Minh")
# A document that sets a day but no hour means "by the end of that day".
END_OF_DAY = time(23, 59, 59)
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


# --- Reporting periods ------------------------------------------------------------


@dataclass(frozen=True)
class PeriodSpan:
    """One period as the rules compute it, before it is stored as a ``Period``."""

    label: str
    starts_on: date
    ends_on: date
    cutoff: datetime


def _last_day(year: int, month: int) -> int:
    return monthrange(year, month)[1]


def _month_before(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def window_end(year: int, month: int, window_start_day: int) -> date:
    """Last day of the data window that closes in ``month``.

    The window closes the day before ``window_start_day`` (Nghị định 09/2019/NĐ-CP:
    data from the 15th of the previous month to the 14th); with ``window_start_day``
    1 it is the calendar month itself.
    """
    if window_start_day <= 1:
        return date(year, month, _last_day(year, month))
    return date(year, month, min(window_start_day - 1, _last_day(year, month)))


def cutoff_moment(
    *,
    after: date,
    due_day: int,
    due_time: time | None,
    move_off_days: bool,
    days_off: Set[date],
    working_days: Set[date],
) -> datetime:
    """The first ``due_day`` after the window closes (``after``), at ``due_time``.

    ``due_day`` is clamped to the month's last day (the 31st of February is the
    28th or 29th). With ``move_off_days``, a cut-off on a day off moves to the next
    working day, at the same hour; otherwise it stays.
    """
    year, month = after.year, after.month
    day = date(year, month, min(due_day, _last_day(year, month)))
    if day <= after:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        day = date(year, month, min(due_day, _last_day(year, month)))
    if move_off_days and not is_working_day(day, days_off, working_days):
        day = next_working_day(day, days_off, working_days)
    return datetime.combine(day, due_time or END_OF_DAY, tzinfo=VN)


def _labels(frequency: str, year: int) -> list[tuple[str, int, int]]:
    """``(label, first month, last month)`` of each period of the year.

    Labels are stored data in the documents' language, as the plans write them, and
    they name a period when its rule changes: not translated with the interface.
    """
    if frequency == "monthly":
        return [(f"Tháng {m}/{year}", m, m) for m in range(1, 13)]
    if frequency == "quarterly":
        return [(f"Quý {ROMAN[q]}/{year}", 3 * q - 2, 3 * q) for q in range(1, 5)]
    if frequency == "half-yearly":
        return [(f"6 tháng đầu năm {year}", 1, 6), (f"6 tháng cuối năm {year}", 7, 12)]
    if frequency == "yearly":
        return [(f"Năm {year}", 1, 12)]
    raise ValueError(frequency)


def period_spans(
    *,
    frequency: str,
    year: int,
    due_day: int | None = None,
    due_time: time | None = None,
    due_date: date | None = None,
    window_start_day: int = 15,
    move_off_days: bool = False,
    days_off: Set[date] = frozenset(),
    working_days: Set[date] = frozenset(),
) -> list[PeriodSpan]:
    """The periods of one year of a reporting rule, in order.

    A period covering months ``a..b`` holds the data from the day after the window
    closing in month ``a - 1`` to the close in month ``b`` (Quý I/2026: 15/12/2025 →
    14/3/2026). A one-off duty (``once``) has one period in the year of its
    ``due_date``: its window runs from the start of the year's data to that date.
    """
    calendar = {"days_off": days_off, "working_days": working_days}
    if frequency == "once":
        if due_date is None or due_date.year != year:
            return []
        starts_on = window_end(year - 1, 12, window_start_day) + ONE_DAY
        day = due_date
        if move_off_days and not is_working_day(day, days_off, working_days):
            day = next_working_day(day, days_off, working_days)
        return [
            PeriodSpan(
                label=f"Báo cáo hạn {format_date(due_date)}",
                starts_on=min(starts_on, due_date),
                ends_on=due_date,
                cutoff=datetime.combine(day, due_time or END_OF_DAY, tzinfo=VN),
            )
        ]
    spans = []
    for label, first, last in _labels(frequency, year):
        starts_on = window_end(*_month_before(year, first), window_start_day) + ONE_DAY
        ends_on = window_end(year, last, window_start_day)
        cutoff = cutoff_moment(
            after=ends_on,
            due_day=due_day or window_start_day,
            due_time=due_time,
            move_off_days=move_off_days,
            **calendar,
        )
        spans.append(PeriodSpan(label, starts_on, ends_on, cutoff))
    return spans
