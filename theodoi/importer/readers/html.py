"""Reader for HTML: a legal document's web page saved, or Word's "Web Page".

lxml.html parses the page. What is not the document goes first: scripts,
styles, forms, navigation, headers and footers, hidden elements, blocks whose
class, id or role names site furniture (menu, cookie, banner, related, share,
login…), and blocks made mostly of links (menus, lists of related documents).
A block is only dropped that way when it holds a small part of the page's text,
so a wrapper whose class happens to say "related" never takes the document with
it. The rest is walked in order: a ``<table>`` becomes a ``Table`` (rowspan and
colspan expanded, a covered cell ``None``, a nested table flattened into its
cell as in the .docx reader), and text separated by ``<p>``, ``<div>``,
``<li>``, headings or ``<br>`` becomes ``Paragraph`` lines. The official header
laid out as a two-column table stays a table: the builder decides what it is.
Finally the text-level rules of ``pipes`` drop what is left of the site (a
banner line before the official header, a cookie notice).
"""

import re
import unicodedata

import lxml.html
from lxml import etree

from ..model import Block, Paragraph, RawDocument, Table
from . import pipes

# Elements that are never document text.
DROPPED_TAGS = (
    "script style noscript template nav header footer form iframe svg button select "
    "input textarea aside head title object embed canvas audio video"
).split()
# Words in a class, id or role that name site furniture, not a document.
SITE_WORDS = re.compile(
    r"(?:^|[-_\s])(?:nav|navbar|navigation|menu|menubar|cookie|cookies|consent|banner|footer"
    r"|breadcrumbs?|related|relate|share|sharing|social|login|signin|sidebar|advert|ads"
    r"|popup|modal|toolbar|comments?)(?:$|[-_\s\d])",
    re.IGNORECASE,
)
# A block dropped for its class or links holds at most this share of the page's text.
SMALL_PART = 0.3
LINK_SHARE = 0.75
MIN_LINKS = 3
BLOCK_TAGS = frozenset(
    "p div li ul ol h1 h2 h3 h4 h5 h6 section article main blockquote pre dd dt dl address "
    "center tr td th caption figure figcaption fieldset hr body html".split()
)
BOLD_TAGS = frozenset({"b", "strong", "th"})
BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)", re.IGNORECASE)
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u200b]+")
MAX_SPAN = 200  # a colspan or rowspan larger than this is a mistake in the page


def read_html(text: str, source: str) -> RawDocument:
    root = parse(text)
    clean(root)
    blocks = Walker().blocks(root)
    return RawDocument(source=source, blocks=strip_site_paragraphs(blocks))


def parse(text: str):
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    return lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)


# --- Dropping what is not the document ------------------------------------------


def clean(root) -> None:
    for element in list(root.iter(*DROPPED_TAGS)):
        drop(element)
    for element in list(root.iter(etree.Element)):
        if element.getparent() is not None and is_hidden(element):
            drop(element)
    total = len(text_of(root)) or 1
    for element in list(root.iter(etree.Element)):
        if element.getparent() is None or not in_tree(element, root):
            continue
        if is_furniture(element) and len(text_of(element)) <= SMALL_PART * total:
            drop(element)


def drop(element) -> None:
    """Remove ``element`` but keep the text that follows it (its tail)."""
    element.drop_tree()


def in_tree(element, root) -> bool:
    return any(ancestor is root for ancestor in element.iterancestors())


def is_hidden(element) -> bool:
    return (
        element.get("hidden") is not None
        or element.get("aria-hidden") == "true"
        or bool(HIDDEN_STYLE.search(element.get("style", "")))
    )


def is_furniture(element) -> bool:
    if element.tag in ("html", "body", "table", "tr", "td", "th", "tbody", "thead"):
        return False
    names = " ".join(element.get(a, "") for a in ("class", "id", "role"))
    if names.strip() and SITE_WORDS.search(names):
        return True
    return element.tag in ("ul", "ol", "div", "section", "dl") and is_mostly_links(element)


def is_mostly_links(element) -> bool:
    links = element.findall(".//a")
    if len(links) < MIN_LINKS or element.find(".//table") is not None:
        return False
    text = len(text_of(element))
    linked = sum(len(text_of(link)) for link in links)
    return text > 0 and linked >= LINK_SHARE * text


def text_of(element) -> str:
    return SPACES.sub(" ", element.text_content()).strip()


def strip_site_paragraphs(blocks: list[Block]) -> list[Block]:
    """The text-level rules of ``pipes`` for a page's leftovers (a table is its first cell)."""
    lines = [b.text if isinstance(b, Paragraph) else first_cell(b) for b in blocks]
    tables = {i for i, b in enumerate(blocks) if isinstance(b, Table)}
    start, end = pipes.document_bounds(lines, tables, lead_tables=True)
    return [
        block
        for block, line in zip(blocks[start:end], lines[start:end], strict=True)
        if isinstance(block, Table) or not pipes.is_always_site(line)
    ]


def first_cell(table: Table) -> str:
    return next((cell for row in table.rows for cell in row if cell), "")


# --- Walking the document in order -----------------------------------------------


class Walker:
    """Paragraph lines and tables, in the order the page shows them."""

    def __init__(self) -> None:
        self.out: list[Block] = []
        self.line: list[str] = []

    def blocks(self, root) -> list[Block]:
        body = root.find("body")
        self.walk(body if body is not None else root)
        self.flush()
        return self.out

    def flush(self) -> None:
        text = normalise("".join(self.line))
        if text:
            self.out.append(Paragraph(text))
        self.line = []

    def walk(self, element) -> None:
        if element.text:
            self.line.append(element.text)
        for child in element:
            if not isinstance(child.tag, str):  # comments, processing instructions
                pass
            elif child.tag == "table" and not is_layout_wrapper(child):
                self.flush()
                table = read_table(child)
                if table.rows:
                    self.out.append(table)
            elif child.tag == "br":
                self.flush()
            elif child.tag in BLOCK_TAGS or child.tag == "table":
                self.flush()
                self.walk(child)
                self.flush()
            else:
                self.walk(child)
            if child.tail:
                self.line.append(child.tail)


def normalise(text: str) -> str:
    return unicodedata.normalize("NFC", SPACES.sub(" ", text)).strip()


def is_layout_wrapper(table) -> bool:
    """A table that lays out a page (one cell, or a column holding the document's tables)."""
    grid = rows_of(table)
    cells = [cell for row in grid for cell in cells_of(row)]
    if len(cells) <= 1:
        return True
    widest = max(len(cells_of(row)) for row in grid)
    nested = [t for t in table.iter("table") if t is not table]
    return widest <= 2 and any(len(rows_of(t)) >= 2 for t in nested)


def rows_of(table) -> list:
    return table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")


def cells_of(row) -> list:
    return row.xpath("./td | ./th")


def span(cell, name: str) -> int:
    try:
        value = int(cell.get(name, "1").strip() or 1)
    except ValueError:
        return 1
    return min(max(value, 1), MAX_SPAN)


def read_table(table) -> Table:
    """Rows of cell texts, merges expanded: the cells a merge covers are ``None``."""
    grid: dict[tuple[int, int], str | None] = {}
    bold_cells: dict[tuple[int, int], bool | None] = {}
    spanned: set[tuple[int, int]] = set()
    rows = rows_of(table)
    for r, row in enumerate(rows):
        c = 0
        for cell in cells_of(row):
            while (r, c) in grid:
                c += 1
            down = min(span(cell, "rowspan"), len(rows) - r)
            across = span(cell, "colspan")
            grid[(r, c)] = cell_text(cell)
            bold_cells[(r, c)] = is_bold(cell) if grid[(r, c)] else None
            for dr in range(down):
                for dc in range(across):
                    if dr or dc:
                        grid[(r + dr, c + dc)] = None
                    if dc:
                        spanned.add((r + dr, c + dc))
            c += across
    if not grid:
        return Table()
    height = max(r for r, _ in grid) + 1
    width = max(c for _, c in grid) + 1
    out = [[grid.get((r, c), "") for c in range(width)] for r in range(height)]
    bold = [
        any(bold_cells.get((r, c)) is not None for c in range(width))
        and all(bold_cells.get((r, c)) is not False for c in range(width))
        for r in range(height)
    ]
    return Table(rows=out, bold=bold, across=spanned)


def cell_text(cell) -> str:
    """The cell's lines: its blocks and ``<br>`` breaks; a nested table one line per row."""
    walker = Walker()
    walker.walk(cell)
    walker.flush()
    lines: list[str] = []
    for block in walker.out:
        if isinstance(block, Table):
            lines.extend(" ".join(" ".join(c.split()) for c in row if c) for row in block.rows)
        else:
            lines.append(block.text)
    return "\n".join(line for line in lines if line.strip())


def is_bold(cell) -> bool:
    """All the cell's visible text is bold (in <b>/<strong>/<th> or font-weight bold)."""
    texts = []
    for element in cell.iter(etree.Element):
        for text, holder in ((element.text, element), (element.tail, element.getparent())):
            if text and text.strip() and holder is not None and in_cell(holder, cell):
                texts.append(bold_at(holder, cell))
    return bool(texts) and all(texts)


def in_cell(element, cell) -> bool:
    return element is cell or any(a is cell for a in element.iterancestors())


def bold_at(element, cell) -> bool:
    for node in [element, *element.iterancestors()]:
        if node.tag in BOLD_TAGS or BOLD_STYLE.search(node.get("style", "")):
            return True
        if node is cell:
            break
    return cell.tag == "th"
