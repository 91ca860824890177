"""Recognise a document's kind by its content and hand it to its reader.

The file name's extension is not trusted: a .docx renamed .txt is still read
as Word, a PDF renamed .docx as PDF. A file that starts with HTML markup (a
saved web page, Word's "Web Page") is read by ``readers.html``; anything else
that is not PDF, Word or Excel is decoded as text (see ``decode``) and read by
``readers.text`` — Markdown included, whose tables are text.
"""

import io
import re
import zipfile
from pathlib import Path

from .decode import decode_html, decode_text
from .errors import failure
from .model import RawDocument
from .readers.docx import read_docx
from .readers.html import read_html
from .readers.pdf import read_pdf
from .readers.text import read_text
from .readers.xlsx import read_xlsx

MEGABYTE = 1024 * 1024
MAX_BYTES = 20 * MEGABYTE

PDF_MAGIC = b"%PDF-"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls, and encrypted .docx/.xlsx
HTML_SNIFF = 2048  # bytes of a file in which its HTML markup must show
# A page starts with markup (after an XML declaration or comments)…
HTML_START = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<[!a-zA-Z]", re.DOTALL)
# …and near the start has one of these; Markdown never starts with "<".
HTML_MARK = re.compile(r"<!doctype\s+html|<html[\s>]|<body[\s>]|<table[\s>]", re.IGNORECASE)


def read_path(path: str | Path, max_bytes: int = MAX_BYTES) -> RawDocument:
    """Read the document at ``path``; its source is the file name."""
    path = Path(path)
    if not path.is_file():
        raise failure("not_found", source=str(path))
    check_size(path.stat().st_size, path.name, max_bytes)
    return read_document(path.read_bytes(), path.name, max_bytes)


def read_document(data: bytes, source: str, max_bytes: int = MAX_BYTES) -> RawDocument:
    """Read a document given as bytes; ``source`` is its file name."""
    check_size(len(data), source, max_bytes)
    if not data.strip():
        raise failure("empty", source=source)
    kind = document_kind(data, source)
    if kind == "pdf":
        return read_pdf(data, source)
    if kind == "docx":
        return read_docx(data, source)
    if kind == "xlsx":
        return read_xlsx(data, source)
    if kind == "html":
        return read_html(decode_html(data, source), source)
    return read_text(decode_text(data, source), source)


def document_kind(data: bytes, source: str) -> str:
    """``"pdf"``, ``"docx"``, ``"xlsx"``, ``"html"`` or ``"text"``, from the bytes alone."""
    if PDF_MAGIC in data[:1024]:  # readers accept a header anywhere in the first 1 KB
        return "pdf"
    if data.startswith(OLE_MAGIC):
        raise failure("old_office", source=source)
    if data.startswith(ZIP_MAGICS):
        return office_kind(data, source)
    return "html" if looks_like_html(data) else "text"


def looks_like_html(data: bytes) -> bool:
    """Markup first, and a doctype, ``<html>``, ``<body>`` or ``<table>`` near the start."""
    head = data[:HTML_SNIFF]
    text = head.decode("utf-16", "ignore") if head.startswith((b"\xff\xfe", b"\xfe\xff")) else ""
    text = (text or head.decode("latin-1")).lstrip("\ufeff").removeprefix("\xef\xbb\xbf")
    return bool(HTML_START.match(text) and HTML_MARK.search(text))


def office_kind(data: bytes, source: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise failure("corrupt", source=source, kind="ZIP (.docx/.xlsx)") from exc
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    raise failure("unsupported_zip", source=source)


def check_size(size: int, source: str, max_bytes: int) -> None:
    if size > max_bytes:
        raise failure(
            "too_large",
            source=source,
            size=f"{size / MEGABYTE:.1f}",
            limit=f"{max_bytes / MEGABYTE:g}",
        )
