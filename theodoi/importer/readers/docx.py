"""Reader for Word .docx files (python-docx for the package, the XML for the rest).

The body's XML children are walked in order, so paragraphs and tables come out
interleaved as the document shows them. Headers and footers live in other
parts and are never read. In a table, a cell that a merge covers is ``None``:
a ``w:vMerge`` continuation (merged down), the grid columns under a
``w:gridSpan`` after the first (merged across), or a legacy ``w:hMerge``
continuation. A table nested in a cell is flattened into the cell's text, one
line per nested row.
"""

import io
import unicodedata

import docx
from docx.oxml.ns import qn

from ..errors import failure
from ..limits import MAX_TABLE_COLUMNS
from ..model import Paragraph, RawDocument, Table
from ..package import check_package

MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
W_P, W_TBL, W_TR, W_TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
W_SDT, W_SDT_CONTENT, W_CUSTOM_XML = qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")
W_TXBX_CONTENT = qn("w:txbxContent")
# Inline content of a paragraph that stands for text.
RUN_TEXT = {
    qn("w:t"): None,  # its own text
    qn("w:tab"): "\t",
    qn("w:br"): "\n",
    qn("w:cr"): "\n",
    qn("w:noBreakHyphen"): "-",
}
# Parts of a paragraph that hold no visible text of its own: properties (their
# w:tab elements are tab stops), deleted runs, text boxes and their duplicates.
NOT_TEXT = {qn("w:pPr"), qn("w:rPr"), qn("w:del"), W_TXBX_CONTENT, MC_FALLBACK}


def read_docx(data: bytes, source: str) -> RawDocument:
    check_package(data, source, "docx")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # a damaged package fails in zipfile, lxml or python-docx
        raise failure("corrupt", source=source, kind="Word (.docx)") from exc
    return RawDocument(source=source, blocks=list(body_blocks(document.element.body)))


def body_blocks(body):
    for element in children(body, {W_P, W_TBL}):
        if element.tag == W_TBL:
            rows, across = table_cells(element)
            yield Table(rows=rows, across=across)
            continue
        for text in [*textbox_texts(element), paragraph_text(element)]:
            if text.strip():
                yield Paragraph(text)


def children(parent, tags: set):
    """Child elements with one of ``tags``, looking through content controls."""
    for child in parent.iterchildren():
        if child.tag in tags:
            yield child
        elif child.tag == W_SDT:
            content = child.find(W_SDT_CONTENT)
            if content is not None:
                yield from children(content, tags)
        elif child.tag == W_CUSTOM_XML:
            yield from children(child, tags)


def paragraph_text(p) -> str:
    parts: list[str] = []

    def walk(element):
        for child in element.iterchildren():
            if child.tag in RUN_TEXT:
                parts.append(RUN_TEXT[child.tag] or child.text or "")
            elif child.tag not in NOT_TEXT:
                walk(child)

    walk(p)
    return unicodedata.normalize("NFC", "".join(parts))


def textbox_texts(p) -> list[str]:
    """Paragraphs of the text boxes anchored in ``p`` (skipping their VML duplicates)."""
    return [
        paragraph_text(inner)
        for box in p.iter(W_TXBX_CONTENT)
        if not any(ancestor.tag == MC_FALLBACK for ancestor in box.iterancestors())
        for inner in box.iter(W_P)
    ]


def table_cells(tbl) -> tuple[list[list[str | None]], set[tuple[int, int]]]:
    """The rows of cell texts, and the cells a span across covers (``Table.across``)."""
    rows = []
    across: set[tuple[int, int]] = set()
    for r, tr in enumerate(children(tbl, {W_TR})):
        row: list[str | None] = [""] * grid_value(tr.find(qn("w:trPr")), "w:gridBefore")
        for tc in children(tr, {W_TC}):
            properties = tc.find(qn("w:tcPr"))
            row.append(None if is_covered(properties) else cell_text(tc))
            for _ in range(grid_value(properties, "w:gridSpan") - 1):
                across.add((r, len(row)))
                row.append(None)
        rows.append(row)
    width = max((len(row) for row in rows), default=0)
    return [row + [""] * (width - len(row)) for row in rows], across


def grid_value(properties, name: str) -> int:
    """The integer ``w:val`` of ``name`` in a properties element (0 or 1 when absent,
    ``MAX_TABLE_COLUMNS`` at most)."""
    default = 1 if name == "w:gridSpan" else 0
    element = None if properties is None else properties.find(qn(name))
    if element is None:
        return default
    try:
        # at most Word's own limit: a span of a billion columns is a row of a billion cells
        return min(max(default, int(element.get(qn("w:val"), default))), MAX_TABLE_COLUMNS)
    except ValueError:
        return default


def is_covered(properties) -> bool:
    """True for the continuation of a vertical (or legacy horizontal) merge."""
    if properties is None:
        return False
    for name in ("w:vMerge", "w:hMerge"):
        merge = properties.find(qn(name))
        if merge is not None and merge.get(qn("w:val"), "continue") == "continue":
            return True
    return False


def cell_text(tc) -> str:
    lines = []
    for element in children(tc, {W_P, W_TBL}):
        if element.tag == W_P:
            lines.append(paragraph_text(element))
        else:
            lines.extend(nested_table_lines(element))
    return "\n".join(line for line in lines if line.strip())


def nested_table_lines(tbl) -> list[str]:
    """A nested table as text: one line per row, its cells separated by a space."""
    return [" ".join(" ".join(cell.split()) for cell in row if cell) for row in table_cells(tbl)[0]]
