"""Reading an untrusted document within bounds of memory and time.

``parse_bounded`` is ``parse_bytes`` run where a hostile document cannot take
the caller down. (Stub: to be replaced by a child process with limits.)
"""

from .api import parse_bytes

MEMORY_MB = 1024
SECONDS = 60


def parse_bounded(
    data: bytes,
    source: str,
    corrections: dict | None = None,
    *,
    memory_mb: int = MEMORY_MB,
    seconds: float = SECONDS,
) -> dict:
    """The plan JSON of ``data``, or ``ImportFailure`` naming the limit it went over."""
    return parse_bytes(data, source, corrections)
