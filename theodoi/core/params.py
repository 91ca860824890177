"""Numbers read from a request's parameters — one way for every view, never a 500.

``str.isdigit`` is true of ``²`` or ``٣`` and ``int`` then fails; twenty digits pass
``isdigit`` and overflow the database's integer. So a parameter is read here: ASCII
digits only, within a range. A filter (``?phan=``, ``?don-vi=``, ``?nam=``) ignores a
value it cannot read, as a form would (``int_param`` gives ``None``); a row named by a
parameter (``id``, ``item``…) that cannot be read is a row not found (``id_of`` gives
0, which no row has: the lookup answers 404). A parameter a request cannot do without
is refused by its form or service with a Vietnamese message (e.g. ``seen_version``,
``core.concurrency.required_version``).
"""

import re

# ASCII digits only (``\d`` would take ``²`` and other scripts' digits).
DIGITS = re.compile(r"[0-9]+")
# The largest value of a database integer column (PostgreSQL's ``integer``): an id or a
# count above it is no row's and no filter's.
MAX_INT = 2**31 - 1


def parse_int(value, *, minimum: int = 0, maximum: int = MAX_INT) -> int | None:
    """``value`` (a parameter's text) as an integer in [minimum, maximum]; ``None`` when
    absent, not plain ASCII digits (no sign, no space inside), or out of range."""
    text = str(value if value is not None else "").strip()
    if not DIGITS.fullmatch(text) or len(text) > len(str(maximum)):
        return None
    number = int(text)
    return number if minimum <= number <= maximum else None


def int_param(params, name: str, *, minimum: int = 0, maximum: int = MAX_INT) -> int | None:
    """The integer filter ``name`` of ``params`` (``request.GET``, ``request.POST``), or
    ``None``: a filter ignores a value it cannot read."""
    return parse_int(params.get(name), minimum=minimum, maximum=maximum)


def id_of(value) -> int:
    """A row's id as posted; 0 (no row's) when it cannot be read, so that the lookup
    finds nothing (404) instead of failing."""
    return parse_int(value, minimum=1) or 0
