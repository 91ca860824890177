"""Plan importer: a plan document (.txt, .docx, .pdf, .xlsx) into plan JSON.

Plain Python, no Django. ``parse_file(path)`` returns the ``theodoi.plan/1``
object described in docs/plan-json.md; bad input raises ``ImportFailure`` with a
message in Vietnamese and English. Warnings in the plan JSON carry a code and
values; ``warning_message(warning, lang)`` writes one in either language. ``ROLES`` are
the roles a table's column can have (``ROLE_LABELS`` names them), ``table_kind``
says what a table with those roles is: the review page uses them to let the
office correct the structure (``corrections``, see ``api``).
"""

from .api import parse_bytes, parse_file
from .build.columns import ROLES
from .build.tables import table_kind
from .errors import ImportFailure
from .sandbox import parse_bounded
from .warning_messages import ROLE_LABELS, warning_message, warning_where

__all__ = [
    "ROLES",
    "ROLE_LABELS",
    "ImportFailure",
    "parse_bounded",
    "parse_bytes",
    "parse_file",
    "table_kind",
    "warning_message",
    "warning_where",
]
