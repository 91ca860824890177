"""What every reader produces: the document as an ordered list of blocks.

A reader (text, docx, pdf, xlsx) only has to say what the document *shows*:
paragraphs of prose and tables of cells, in reading order. Everything that
*means* something (header, bases, sections, tasks, deadlines…) is worked out
once, from these blocks, by ``theodoi.importer.build``.
"""

from dataclasses import dataclass, field


@dataclass
class Paragraph:
    """A paragraph (or line) of prose outside any table, whitespace-folded or not."""

    text: str


@dataclass
class Table:
    """A table as rows of cell texts, header row(s) included, in reading order.

    A cell's text keeps its own line breaks (``\\n``); a cell that a merge covers
    (the continuation of a cell merged down or across) is ``None``, so that the
    builder can tell "merged with the cell above" from "empty".
    Tables that continue over page breaks are one table, with the header
    repeated where the document repeats it (the builder drops repeats).
    """

    rows: list[list[str | None]] = field(default_factory=list)
    # Per row, where the reader can tell: True when all the row's text is bold (a
    # heading row in many plans). Shorter than ``rows`` (or empty) where unknown.
    bold: list[bool] = field(default_factory=list)
    # (row, column) of the cells a merge covers from the left (a span across), where
    # the reader can tell; the other ``None`` cells are covered from above.
    across: set[tuple[int, int]] = field(default_factory=set)

    def is_bold(self, index: int) -> bool:
        return index < len(self.bold) and self.bold[index]


Block = Paragraph | Table


@dataclass
class RawDocument:
    source: str  # file name as given
    blocks: list[Block] = field(default_factory=list)
