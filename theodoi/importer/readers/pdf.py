"""Reader for PDF files with a text layer (pdfplumber; chars and paths from PDFium: ``pdfium``).

On each page the ruled tables are found from their drawn lines; the text
outside them becomes one Paragraph per printed line, but where the page is laid
out in two columns without rules (the header and the signature block that Word
makes of borderless tables): there one per line of a column, a column at a time
(``reading_order``). Blocks are put in reading order by their position on the
page. A table that runs on from one page to the next (nothing but a page number
between, same number of columns, and the new part starts with a data row or with
the same header repeated) is one Table.
Cells of a merged region that pdfplumber reports as missing are ``None``.
A cell's wrapped lines are joined, its paragraphs kept as lines (``cell_texts``).
"""

import io
import re
from bisect import bisect_left
from itertools import pairwise
from operator import itemgetter

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils.clustering import cluster_objects
from pdfplumber.utils.exceptions import PdfminerException
from pdfplumber.utils.text import WordExtractor

from theodoi.lib.text import fold_case

from .. import limits
from ..errors import failure
from ..model import Paragraph, RawDocument, Table
from .headers import is_header_row
from .pdfium import check_pdf, with_pdfium

TABLE_SETTINGS = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
}
DEFAULT_PADDING = 5.4  # pt: Word's and LibreOffice's cell margin, 0.19 cm
SPACE_WIDTH = 0.25  # a space, in ems (Times New Roman; Arial's is 0.28)
FIT_TOLERANCE = 2.5  # pt
PARAGRAPH_SPACING = 0.5  # pt more between lines than the narrowest: a paragraph break
Line = list[dict]  # a printed line's words, left to right (pdfplumber words)
PAGE_NUMBER = re.compile(r"(trang\s*)?-?\s*\d{1,4}\s*-?(\s*(/|trên)\s*\d{1,4})?", re.IGNORECASE)


def read_pdf(data: bytes, source: str) -> RawDocument:
    check_pdf(data, source)
    try:
        with pdfplumber.open(io.BytesIO(data), unicode_norm="NFC") as pdf:
            with_pdfium(pdf, data)
            pages = [page_blocks(page) for page in pdf.pages]
            has_text = any(char["text"].strip() for page in pdf.pages for char in page.chars)
    except DenseGrid as grid:
        raise failure(
            "pdf_page_grid",
            page=grid.page,
            source=source,
            rows=grid.rows,
            columns=grid.columns,
            limit=limits.MAX_PAGE_CROSSINGS,
        ) from grid
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


def hidden_spaces(chars: list[dict]) -> set[int]:
    """Ids of space characters drawn over a letter ("T rước" in some gazette PDFs):
    they would cut a word in two."""
    letters: dict[tuple[int, int], list[tuple[float, float]]] = {}
    spaces = []
    for char in chars:
        if not char["text"].strip():
            spaces.append(char)
            continue
        # by line and by 10 pt of width, so that a space looks at few letters
        top, x0, x1 = round(char["top"]), char["x0"], char["x1"]
        first, last = int(x0 // 10), int(x1 // 10)
        for x in range(first, last + 1) if last > first else (first,):
            letters.setdefault((top, x), []).append((x0, x1))
    hidden = set()
    for char in spaces:
        middle = (char["x0"] + char["x1"]) / 2
        top, x = round(char["top"]), int(middle // 10)
        for dy in (-1, 0, 1):
            boxes = letters.get((top + dy, x))
            if boxes and any(x0 < middle < x1 for x0, x1 in boxes):
                hidden.add(id(char))
                break
    return hidden


def duplicate_chars(chars: list[dict]) -> set[int]:
    """Ids of chars drawn again over the same char (within 1 pt: fake bold), as
    pdfplumber's ``dedupe_chars`` finds them but in linear time (that one sorts
    the page's chars by their index in the page: quadratic).

    A kept char is filed under the 2 pt square its point is in; a char within 1 pt
    of it is in one of the (up to) four squares that a char looks in."""
    seen: dict[tuple, list[tuple[float, float]]] = {}
    duplicates = set()
    for char in chars:
        kind = (char["text"], char["fontname"], char["size"], char["upright"])
        x0, y0 = char["x0"], char["doctop"]
        xa, xb, ya, yb = (x0 - 1) // 2, (x0 + 1) // 2, (y0 - 1) // 2, (y0 + 1) // 2
        for key in ((kind, xa, ya), (kind, xa, yb), (kind, xb, ya), (kind, xb, yb)):
            near = seen.get(key)
            if near and any(abs(x1 - x0) <= 1 and abs(y1 - y0) <= 1 for x1, y1 in near):
                duplicates.add(id(char))
                break
        else:
            seen.setdefault((kind, x0 // 2, y0 // 2), []).append((x0, y0))
    return duplicates


class DenseGrid(Exception):
    """A page ruled so densely that finding its tables would take hours (``check_grid``)."""

    def __init__(self, page: int, rows: int, columns: int):
        super().__init__(page, rows, columns)
        self.page, self.rows, self.columns = page, rows, columns


def check_grid(page) -> None:
    """Where the page's rules could cross, at most ``MAX_PAGE_CROSSINGS``: pdfplumber's
    table finder takes time quadratic in the crossings."""
    edges = page.edges
    columns = len({round(edge["x0"] / 3) for edge in edges if edge["orientation"] == "v"})
    rows = len({round(edge["top"] / 3) for edge in edges if edge["orientation"] == "h"})
    if rows * columns > limits.MAX_PAGE_CROSSINGS:
        raise DenseGrid(page.page_number, rows, columns)


def page_blocks(page) -> list:
    """The page's lines of text and tables, top to bottom."""
    dropped = duplicate_chars(page.chars)
    dropped |= hidden_spaces([char for char in page.chars if id(char) not in dropped])
    page = page.filter(lambda obj: not is_shading(obj) and id(obj) not in dropped)
    check_grid(page)
    tables = [table for table in page.find_tables(TABLE_SETTINGS) if is_real_table(table)]
    boxes = [table.bbox for table in tables]

    def outside_tables(obj) -> bool:
        if obj.get("object_type") != "char":
            return True
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    lines = reading_order(text_lines(page, outside_tables), [box[1] for box in boxes])
    placed = [((top, turn), Paragraph(text)) for top, turn, text in lines]
    placed += [((table.bbox[1], 0), pdf_table(table)) for table in tables]
    placed.sort(key=itemgetter(0))
    return [block for _, block in placed]


def text_lines(page, keep) -> list[dict]:
    return [
        line
        for line in page.filter(keep).extract_text_lines(return_chars=True)
        if line["text"].strip()
    ]


# -- text laid out in columns --------------------------------------------------------
#
# Word lays out the header of an official document (issuing body | national motto,
# number | place and date) and its signature block (recipients | rank and signer)
# as borderless two-column tables. With no rules there pdfplumber finds no table,
# and each printed line holds a line of each column, each column wrapping on its
# own. Such a region shows as lines parted by one wide gap between their words,
# where the gaps of all the region's lines leave a clear vertical river. There each
# column's lines are read in turn, the left column's first, as the .docx reader
# reads the two cells. A region has two lines parted across its river at least;
# the lines of one column in between (the list of recipients beside the space left
# for the signature) belong to it. Lines of one column below its last parted line
# are left after it: at the same pitch a centred title may fall clear of the
# river too. Lines parted into more than two columns (a table drawn without rules)
# are left as printed: read column by column, their rows would fall apart.

GUTTER = 1.5  # ems: the narrowest gap between a line's words that parts two columns
RIVER = 0.5  # ems: the narrowest river that the region's lines leave clear


def reading_order(lines: list[dict], table_tops: list[float]) -> list[tuple[float, int, str]]:
    """``(top, turn, text)`` for the page's lines outside tables: one per printed
    line, except in a region laid out in two columns, whose lines all take the
    region's top and are put in turn (``turn``): the left column's, then the right's."""
    words = [line_words(line) for line in lines]
    out: list[tuple[float, int, str]] = []
    i = 0
    while i < len(lines):
        region = column_region(words, i, table_tops)
        if region is None:
            out.append((lines[i]["top"], 0, lines[i]["text"]))
            i += 1
            continue
        end, (left, right) = region
        middle = (left + right) / 2
        columns: tuple[list[str], list[str]] = ([], [])
        for line in words[i:end]:
            for side, part in enumerate(
                (
                    [word for word in line if word["x1"] <= middle],
                    [word for word in line if word["x1"] > middle],
                )
            ):
                if part:
                    columns[side].append(words_text(part))
        out += [
            (lines[i]["top"], turn, text) for turn, text in enumerate([*columns[0], *columns[1]])
        ]
        i = end
    return out


def line_words(line: dict) -> Line:
    """The words of the line's text, each with the box of its chars."""
    chars = iter(line["chars"])  # the text's chars but its spaces, in turn
    words = []
    for text in line["text"].split():
        taken: list[dict] = []
        while sum(len(char["text"]) for char in taken) < len(text):
            if (char := next(chars, None)) is None:
                return [{**line, "text": line["text"].strip()}]  # read as one word
            taken.append(char)
        words.append(
            {
                "text": text,
                "x0": min(char["x0"] for char in taken),
                "x1": max(char["x1"] for char in taken),
                "top": min(char["top"] for char in taken),
                "bottom": max(char["bottom"] for char in taken),
            }
        )
    return words


def em(line: Line) -> float:
    return max(word["bottom"] - word["top"] for word in line)


Span = tuple[float, float]


def wide_gaps(line: Line) -> list[Span]:
    """The gaps between the line's words wide enough to part two columns."""
    least = GUTTER * em(line)
    return [(a["x1"], b["x0"]) for a, b in pairwise(line) if b["x0"] - a["x1"] >= least]


def narrowed(river: Span, line: Line, least: float) -> tuple[Span, bool] | None:
    """The part of ``river`` the line leaves clear (the widest, at least ``least``
    wide), and whether the line has words on both sides of it, parted by a gap wide
    enough; ``None`` where the line crosses the river, or is parted too narrowly."""
    free = [(-float("inf"), line[0]["x0"])]
    free += [(a["x1"], b["x0"]) for a, b in pairwise(line)]
    free.append((line[-1]["x1"], float("inf")))
    spans = [(max(a, river[0]), min(b, river[1]), b - a) for a, b in free]
    span = max(spans, key=lambda sp: sp[1] - sp[0])
    left, right, gap = span
    if right - left < least:
        return None
    parted = line[0]["x0"] < left and line[-1]["x1"] > right
    if parted and gap < GUTTER * em(line):
        return None
    return (left, right), parted


def column_region(
    words: list[Line], start: int, table_tops: list[float]
) -> tuple[int, Span] | None:
    """The end (exclusive) and the river of the two-column region that starts at
    line ``start``, if one does (the longest, of the line's wide gaps)."""
    found = [grown(words, start, gap, table_tops) for gap in wide_gaps(words[start])]
    found = [region for region in found if region is not None]
    return max(found, key=itemgetter(0), default=None)


def grown(
    words: list[Line], start: int, river: Span, table_tops: list[float]
) -> tuple[int, Span] | None:
    """The region that starts at line ``start`` parted across ``river`` (one of its
    wide gaps): the lines below while they leave part of the river clear and no
    table comes between, up to the last one parted across it (two at least), unless
    a column of the region is parted again."""
    least = RIVER * em(words[start])
    taken = [(start, river, True)]  # (line, river so far, parted)
    for k in range(start + 1, len(words)):
        above, below = words[k - 1][0]["top"], words[k][0]["top"]
        if any(above < top < below for top in table_tops):
            break
        step = narrowed(river, words[k], least)
        if step is None:
            break
        river, parted = step
        taken.append((k, river, parted))
    last = max(n for n, (_, _, parted) in enumerate(taken) if parted)
    if sum(parted for _, _, parted in taken) < 2:
        return None
    end, river = start + last + 1, taken[last][1]
    middle = (river[0] + river[1]) / 2
    for side in (lambda word: word["x1"] <= middle, lambda word: word["x1"] > middle):
        parts = [part for line in words[start:end] if (part := [w for w in line if side(w)])]
        if more_columns(parts):
            return None
    return end, river


def more_columns(lines: list[Line]) -> bool:
    """Whether a river parts the lines again (lines of one side of a river)."""
    return any(
        grown(lines, start, gap, []) is not None
        for start, line in enumerate(lines)
        for gap in wide_gaps(line)
    )


def is_real_table(table) -> bool:
    """A ruled table, not a single framed box of text."""
    return len(table.rows) > 1 or len(table.rows[0].cells) > 1


def table_rows(table) -> list[list[str | None]]:
    """The table's rows, without rows that hold no text at all (ruling artefacts)."""
    return pdf_table(table).rows


def pdf_table(table) -> Table:
    """The table's rows (without rows that hold no text: ruling artefacts), and the
    cells a wider cell of the same row covers (``Table.across``)."""
    rows_found = table.rows
    centres = _column_centres(rows_found)
    lines = cell_lines(rows_found, table.page.chars)
    texts_of = cell_texts(rows_found, lines)
    rows: list[list[str | None]] = []
    across: set[tuple[int, int]] = set()
    for r, row in enumerate(rows_found):
        boxes = row.cells
        texts = [None if box is None else texts_of.get((r, c), "") for c, box in enumerate(boxes)]
        if not any(texts):
            continue
        for c, box in enumerate(boxes):
            if box is None:
                continue
            for k in range(c + 1, len(boxes)):
                if boxes[k] is not None:
                    break
                if centres[k] is not None and centres[k] < box[2]:
                    across.add((len(rows), k))
        rows.append(texts)
    return Table(rows=rows, across=across)


def _column_centres(rows) -> list[float | None]:
    """The middle of each column, from the cells any row has there (the leftmost)."""
    width = max(len(row.cells) for row in rows)
    out: list[float | None] = []
    for k in range(width):
        xs = [(row.cells[k][0] + row.cells[k][2]) / 2 for row in rows if row.cells[k]]
        out.append(min(xs) if xs else None)
    return out


# -- the text of a cell -------------------------------------------------------------
#
# A cell's printed lines are either wraps (the next word did not fit on the line)
# or the ends of the cell's paragraphs, as the docx reader gives them. A wrap is
# joined with a space (with none after a hyphen inside a word, or where a word
# too long for the cell was cut); a paragraph end stays a line break. The builder
# then reads agency lists and titles from the cell as typed, not as wrapped.


def cell_lines(rows, chars: list[dict]) -> dict[tuple[int, int], list[Line]]:
    """Each cell's printed lines, keyed by (row, column) of the cell's box.

    A char belongs to the cell its middle is in (as pdfplumber's ``extract``)."""
    by_middle = sorted(chars, key=lambda ch: (ch["top"] + ch["bottom"]) / 2)
    middles = [(ch["top"] + ch["bottom"]) / 2 for ch in by_middle]
    centres = [(ch["x0"] + ch["x1"]) / 2 for ch in by_middle]
    bands: dict[tuple[float, float], tuple[list[int], list[float]]] = {}
    out: dict[tuple[int, int], list[Line]] = {}
    extractor = WordExtractor(x_tolerance=3, y_tolerance=3)
    for r, row in enumerate(rows):
        for c, box in enumerate(row.cells):
            if box is None:
                continue
            x0, top, x1, bottom = box
            if (top, bottom) not in bands:  # the chars of the row's band, left to right
                start, end = bisect_left(middles, top), bisect_left(middles, bottom)
                order = sorted(range(start, end), key=centres.__getitem__)
                bands[top, bottom] = order, [centres[i] for i in order]
            order, xs = bands[top, bottom]
            picked = order[bisect_left(xs, x0) : bisect_left(xs, x1)]
            inside = [by_middle[i] for i in sorted(picked)]
            words = extractor.extract_words(inside, return_chars=True) if inside else []
            if words:
                out[r, c] = [
                    sorted(line, key=itemgetter("x0"))
                    for line in cluster_objects(words, itemgetter("top"), 3)
                ]
    return out


def cell_padding(rows, lines: dict[tuple[int, int], list[Line]]) -> float:
    """The space between a cell's rules and its text, left and right: as close to
    a rule as any line of the table comes (at most Word's default, 0.19 cm)."""
    gaps = [
        gap
        for (r, c), cell in lines.items()
        for line in cell
        for gap in (line[0]["x0"] - rows[r].cells[c][0], rows[r].cells[c][2] - line[-1]["x1"])
    ]
    return max(0.0, min([*gaps, DEFAULT_PADDING]))


def cell_texts(rows, lines: dict[tuple[int, int], list[Line]]) -> dict[tuple[int, int], str]:
    """Each cell's text: its lines, wraps joined, paragraph ends kept as line breaks.

    Where the geometry of a line leaves it open (see ``line_join``), the space
    between lines decides: a paragraph break where the line gap is wider than the
    table's narrowest for that size of type (a document that spaces its
    paragraphs); a wrap otherwise.
    """
    padding = cell_padding(rows, lines)
    joins: dict[tuple[int, int], list[str | None]] = {}
    pitches: dict[tuple[int, int], list[tuple[float, int]]] = {}
    narrowest: dict[int, float] = {}
    for (r, c), cell in lines.items():
        box = rows[r].cells[c]
        left, right = box[0] + padding, box[2] - padding
        joins[r, c] = [line_join(line, after, left, right) for line, after in pairwise(cell)]
        pitches[r, c] = [
            (baseline(after) - baseline(line), size(after)) for line, after in pairwise(cell)
        ]
        for pitch, key in pitches[r, c]:
            narrowest[key] = min(pitch, narrowest.get(key, pitch))

    def spaced(pitch: float, key: int) -> bool:
        return pitch > narrowest[key] + PARAGRAPH_SPACING

    out = {}
    for key, cell in lines.items():
        text = words_text(cell[0])
        for line, join, pitch in zip(cell[1:], joins[key], pitches[key], strict=True):
            if join is None:
                join = "\n" if spaced(*pitch) else " "
            text += join + words_text(line)
        out[key] = text
    return out


def words_text(line: Line) -> str:
    return " ".join(word["text"] for word in line)


def baseline(line: Line) -> float:
    """The line's lowest bottom: a superscript does not move it."""
    return max(word["bottom"] for word in line)


def size(line: Line) -> int:
    return round(max(word["bottom"] - word["top"] for word in line))


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
    return [fold_case(cell) for cell in first] == [fold_case(cell) for cell in previous.rows[0]]


def line_join(line: Line, after: Line, left: float, right: float) -> str | None:
    """What joins ``line`` to the line ``after`` it in a cell, where the geometry
    of the line tells; ``None`` where it does not.

    Where the next line's first word would have fitted on the line, the line ends
    a paragraph: a line break. Otherwise the break may be a wrap: nothing joins a
    word cut after a hyphen or slash inside it (``57-`` / ``NQ/TW``) or cut because
    it was too long for the cell. Anywhere else the line may be a wrap, or a
    paragraph that happens to fill the line (``Bộ Công Thương`` / ``Cơ quan…``).
    """
    start, end = line[0]["x0"], line[-1]["x1"]
    word = after[0]
    space = SPACE_WIDTH * (word["bottom"] - word["top"])
    centred = start - left > 2 and abs((start + end) - (left + right)) < 4
    free = (right - left) - (end - start) if centred else right - end
    if (word["x1"] - word["x0"]) + space < free - FIT_TOLERANCE:
        return "\n"
    last = line[-1]["text"]
    if len(last) > 1 and last[-1] in "-/" and last[-2].isalnum():
        return ""
    if (
        len(line) == 1
        and last[-1] not in ",.;:)]"  # a break after these is a word's end
        and free < first_letter_width(word) + 0.5
    ):
        return ""  # not even the next line's first letter fitted: a word cut in two
    return None


def first_letter_width(word: dict) -> float:
    if word.get("chars"):
        return word["chars"][0]["x1"] - word["chars"][0]["x0"]
    return (word["x1"] - word["x0"]) / len(word["text"])
