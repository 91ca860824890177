"""Plan importer: a plan document (.txt, .docx, .pdf, .xlsx) into plan JSON.

Plain Python, no Django. ``parse_file(path)`` returns the ``theodoi.plan/1``
object described in docs/plan-json.md; bad input raises ``ImportFailure`` with a
message in Vietnamese and English.
"""

from .api import parse_bytes, parse_file
from .errors import ImportFailure

__all__ = ["ImportFailure", "parse_bytes", "parse_file"]
