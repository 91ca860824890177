"""Public entry points: read a document, build the plan JSON.

``corrections`` are the standing office's fixes of what the importer guessed
about a document's structure, applied when it is read again::

    {"columns": [{"table": 0, "column": 2, "role": "lead"}],
     "rows": [{"table": 0, "row": 7, "as": "section"}]}

``table`` is a table's place among the document's tables and ``row`` a row's
place in its table, as the plan JSON gives them (``tables``, and each section's,
task's and indicator's ``origin``); ``role`` is one of ``columns.ROLES`` or
None (the column is not read), ``as`` is ``"section"`` or ``"task"``.
"""

from pathlib import Path

from .build import build_plan
from .detect import read_document, read_path


def parse_bytes(data: bytes, source: str, corrections: dict | None = None) -> dict:
    """Parse a document given as bytes; ``source`` is its file name."""
    return build_plan(read_document(data, source), corrections)


def parse_file(path: str | Path, corrections: dict | None = None) -> dict:
    return build_plan(read_path(Path(path)), corrections)
