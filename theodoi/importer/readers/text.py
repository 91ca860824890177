"""Reader for plain text: text taken from PDFs or web pages, and Markdown.

The text is scanned line by line. Where a table starts, the reader for that
table's shape takes over until the table ends:

- Markdown pipe tables (``| TT | Tên nhiệm vụ | …``) — ``markdown.py``;
- tab-separated rows, as some PDF tools write each table row on one line —
  ``tabbed.py``;
- cells broken over many lines, one cell after another, as other PDF tools
  write them — ``wrapped.py``;
- cells between lone ``|`` lines, as text copied from a legal web database
  holds them — ``pipes.py``, which also drops the site's banner, menus and
  notices around the document.

Every other non-blank line is a ``Paragraph``. Page breaks (form feeds) and
the page numbers next to them are dropped.
"""

import re

from ..model import Block, Paragraph, RawDocument
from ..textnorm import HEADING_MARK, nfc
from . import markdown, pipes, tabbed, wrapped

PAGE_BREAK = "\f"
# A page number on its own line.
PAGE_NUMBER = re.compile(r"^\s*-?\s*\d{1,3}\s*-?\s*$")


def prepare_lines(text: str) -> list[str]:
    """NFC lines; a form feed becomes its own line so that readers see page breaks."""
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = text.replace(PAGE_BREAK, "\n" + PAGE_BREAK + "\n")
    return [line if line == PAGE_BREAK else line.rstrip(" \u00a0") for line in text.split("\n")]


def drop_page_marks(lines: list[str]) -> list[str]:
    """Remove form feeds and a page number standing next to one."""
    out: list[str] = []
    after_break = False
    for line in lines:
        if line == PAGE_BREAK:
            while out and not out[-1].strip():
                out.pop()
            if out and PAGE_NUMBER.match(out[-1]):
                out.pop()
            after_break = True
            continue
        if after_break and PAGE_NUMBER.match(line):
            after_break = False
            continue
        if line.strip():
            after_break = False
        out.append(line)
    return out


def read_text(text: str, source: str) -> RawDocument:
    lines = pipes.strip_site(drop_page_marks(prepare_lines(text)))
    pipe_tables = pipes.regions(lines)
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        if i in pipe_tables:
            blocks.append(pipes.read_table(lines, i, pipe_tables[i]))
            i = pipe_tables[i]
            continue
        for table_reader in (markdown, tabbed, wrapped):
            if table_reader.starts_table(lines, i):
                table, i = table_reader.read_table(lines, i)
                blocks.append(table)
                break
        else:
            line = HEADING_MARK.sub("", lines[i]).strip()
            if line and not pipes.is_pipe(line):
                blocks.append(Paragraph(line))
            i += 1
    return RawDocument(source=source, blocks=blocks)
