"""Public entry points: read a document, build the plan JSON."""

from pathlib import Path

from .build import build_plan
from .detect import read_document


def parse_bytes(data: bytes, source: str) -> dict:
    """Parse a document given as bytes; ``source`` is its file name."""
    return build_plan(read_document(data, source))


def parse_file(path: str | Path) -> dict:
    path = Path(path)
    from .detect import read_path

    return build_plan(read_path(path))
