"""Reader for PDF files with a text layer (pdfplumber).

On each page the ruled tables are found from their drawn lines; the text
outside them becomes one Paragraph per printed line. Blocks are put in reading
order by their position on the page. A table that runs on from one page to the
next (nothing but a page number between, same number of columns, and the new
part starts with a data row or with the same header repeated) is one Table.
Cells of a merged region that pdfplumber reports as missing are ``None``.
"""

import io
import re

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from ..errors import failure
from ..model import Paragraph, RawDocument, Table
from .headers import fold, is_header_row

TABLE_SETTINGS = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
}
PAGE_NUMBER = re.compile(r"(trang\s*)?-?\s*\d{1,4}\s*-?(\s*(/|trên)\s*\d{1,4})?", re.IGNORECASE)


def read_pdf(data: bytes, source: str) -> RawDocument:
    try:
        with pdfplumber.open(io.BytesIO(data), unicode_norm="NFC") as pdf:
            pages = [page_blocks(page) for page in pdf.pages]
            has_text = any(char["text"].strip() for page in pdf.pages for char in page.chars)
    except PdfminerException as exc:
        if isinstance(exc.args[0] if exc.args else None, PDFPasswordIncorrect | PDFEncryptionError):
            raise failure("encrypted_pdf", source=source) from exc
        raise failure("corrupt", source=source, kind="PDF") from exc
    except Exception as exc:  # pdfminer fails in many ways on a damaged file
        raise failure("corrupt", source=source, kind="PDF") from exc
    if not has_text:
        raise failure("image_only_pdf", source=source)
    return RawDocument(source=source, blocks=join_pages(pages))


def is_white(colour) -> bool:
    """Gray 1, RGB (1, 1, 1) or CMYK (0, 0, 0, 0)."""
    if colour is None:
        return False
    values = list(colour) if isinstance(colour, list | tuple) else [colour]
    if len(values) == 4:
        return all(v == 0 for v in values)
    return bool(values) and all(isinstance(v, int | float) and v >= 0.99 for v in values)


def is_shading(obj) -> bool:
    """A filled box behind text (white, or thick on both sides), not a table's rule.

    Word's PDFs paint a white box behind every line of shaded text; read as
    rules they would cut every cell at every line.
    """
    if obj.get("object_type") != "rect":
        return False
    if obj.get("stroke") and not is_white(obj.get("stroking_color")):
        return False
    thick = obj["width"] > 2 and obj["height"] > 2
    return is_white(obj.get("non_stroking_color")) or thick


def hidden_spaces(page) -> set[int]:
    """Ids of space characters drawn over a letter ("T rước" in some gazette PDFs):
    they would cut a word in two."""
    letters: dict[int, list[tuple[float, float]]] = {}
    for char in page.chars:
        if char["text"].strip():
            letters.setdefault(round(char["top"]), []).append((char["x0"], char["x1"]))
    hidden = set()
    for char in page.chars:
        if char["text"].strip():
            continue
        line = [
            box
            for top in (round(char["top"]) - 1, round(char["top"]), round(char["top"]) + 1)
            for box in letters.get(top, [])
        ]
        middle = (char["x0"] + char["x1"]) / 2
        if any(x0 < middle < x1 for x0, x1 in line):
            hidden.add(id(char))
    return hidden


def page_blocks(page) -> list:
    """The page's lines of text and tables, top to bottom."""
    page = page.dedupe_chars()
    hidden = hidden_spaces(page)
    page = page.filter(lambda obj: not is_shading(obj) and id(obj) not in hidden)
    tables = [table for table in page.find_tables(TABLE_SETTINGS) if is_real_table(table)]
    boxes = [table.bbox for table in tables]

    def outside_tables(obj) -> bool:
        if obj.get("object_type") != "char":
            return True
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    placed = [(line["top"], Paragraph(line["text"])) for line in text_lines(page, outside_tables)]
    placed += [(table.bbox[1], pdf_table(table)) for table in tables]
    placed.sort(key=lambda item: item[0])
    return [block for _, block in placed]


def text_lines(page, keep) -> list[dict]:
    return [
        line
        for line in page.filter(keep).extract_text_lines(return_chars=False)
        if line["text"].strip()
    ]


def is_real_table(table) -> bool:
    """A ruled table, not a single framed box of text."""
    return len(table.rows) > 1 or len(table.rows[0].cells) > 1


def table_rows(table) -> list[list[str | None]]:
    """The table's rows, without rows that hold no text at all (ruling artefacts)."""
    return pdf_table(table).rows


def pdf_table(table) -> Table:
    """The table's rows (without rows that hold no text: ruling artefacts), and the
    cells a wider cell of the same row covers (``Table.across``)."""
    rows: list[list[str | None]] = []
    across: set[tuple[int, int]] = set()
    for texts, row in zip(table.extract(), table.rows, strict=False):
        if not any(texts):
            continue
        boxes = row.cells
        for c, box in enumerate(boxes):
            if box is None:
                continue
            for k in range(c + 1, len(boxes)):
                if boxes[k] is not None:
                    break
                if _column_centre(table, k) is not None and _column_centre(table, k) < box[2]:
                    across.add((len(rows), k))
        rows.append(texts)
    return Table(rows=rows, across=across)


def _column_centre(table, k: int) -> float | None:
    """The middle of column ``k``, from the cells any row has there."""
    xs = [(row.cells[k][0] + row.cells[k][2]) / 2 for row in table.rows if row.cells[k]]
    return min(xs) if xs else None


def join_pages(pages: list[list]) -> list:
    """All pages' blocks in order, a table continued on the next page joined to its start."""
    blocks: list = []
    for page in pages:
        content = [block for block in page if not is_page_number(block)]
        if content and blocks and continues(last_content(blocks), content[0]):
            while is_page_number(blocks[-1]):
                blocks.pop()
            blocks[-1].rows.extend(content[0].rows)
            blocks.extend(page[page.index(content[0]) + 1 :])
        else:
            blocks.extend(page)
    return blocks


def last_content(blocks: list):
    return next((block for block in reversed(blocks) if not is_page_number(block)), None)


def is_page_number(block) -> bool:
    return isinstance(block, Paragraph) and PAGE_NUMBER.fullmatch(block.text.strip()) is not None


def continues(previous, table) -> bool:
    if not (isinstance(previous, Table) and isinstance(table, Table)):
        return False
    if not previous.rows or not table.rows or len(previous.rows[0]) != len(table.rows[0]):
        return False
    first = table.rows[0]
    if not is_header_row(first):
        return True
    return [fold(cell) for cell in first] == [fold(cell) for cell in previous.rows[0]]
