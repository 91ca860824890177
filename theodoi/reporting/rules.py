"""Pure rules of the reporting cycle: no database, every moment passed in.

Times are aware datetimes; the province's day is Asia/Ho_Chi_Minh.
"""

from datetime import datetime


def is_late(
    *, submitted_at: datetime, cutoff: datetime, grace_until: datetime | None = None
) -> bool:
    """Submitted after the cut-off (or after the grace the office granted) is late.

    A submission at the cut-off's very second is on time.
    """
    return submitted_at > max(cutoff, grace_until or cutoff)
