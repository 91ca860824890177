"""From blocks to the ``theodoi.plan/1`` object.

One builder for every reader: it sees only paragraphs and tables
(``model.RawDocument``) and works out the header, bases, reporting duties,
sections, tasks, indicators and members from them.
"""

from ..model import Paragraph, RawDocument, Table
from ..textnorm import clean
from .bases import read_bases
from .header import read_header
from .prose import read_prose_tasks
from .reporting import read_reporting
from .tables import Collected, read_table

SCHEMA = "theodoi.plan/1"


def build_plan(raw: RawDocument) -> dict:
    lines = [
        text for block in raw.blocks if isinstance(block, Paragraph) if (text := clean(block.text))
    ]
    prose = " ".join(lines)
    document = read_header(lines, prose)
    document["bases"] = read_bases(lines)
    collected = Collected(year=document["year"])
    for block in raw.blocks:
        if isinstance(block, Table):
            read_table(block, collected)
    if not collected.tasks:
        read_prose_tasks(lines, collected)
    return {
        "schema": SCHEMA,
        "source": raw.source,
        "document": document,
        "reporting": read_reporting(prose, document["year"]),
        "sections": collected.sections,
        "tasks": collected.tasks,
        "indicators": collected.indicators,
        "warnings": collected.warnings,
        "members": collected.members,
    }
