"""Plan importer: a plan document (.txt, .docx, .pdf, .xlsx) into plan JSON.

Plain Python, no Django. ``parse_file(path)`` returns the ``theodoi.plan/1``
object described in docs/plan-json.md; bad input raises ``ImportFailure`` with a
message in Vietnamese and English. Warnings in the plan JSON carry a code and
values; ``warning_message(warning, lang)`` writes one in either language.
"""

from .api import parse_bytes, parse_file
from .errors import ImportFailure
from .warning_messages import warning_message, warning_where

__all__ = ["ImportFailure", "parse_bytes", "parse_file", "warning_message", "warning_where"]
