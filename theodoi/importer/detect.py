"""Recognise a document's kind by its content and hand it to its reader.

The file name's extension is not trusted: a .docx renamed .txt is still read
as Word, a PDF renamed .docx as PDF. Anything that is not PDF, Word or Excel
is decoded as text (see ``decode``) and read by ``readers.text``.
"""

import io
import zipfile
from pathlib import Path

from .decode import decode_text
from .errors import failure
from .model import RawDocument
from .readers.docx import read_docx
from .readers.pdf import read_pdf
from .readers.text import read_text
from .readers.xlsx import read_xlsx

MEGABYTE = 1024 * 1024
MAX_BYTES = 20 * MEGABYTE

PDF_MAGIC = b"%PDF-"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls, and encrypted .docx/.xlsx


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
    return read_text(decode_text(data, source), source)


def document_kind(data: bytes, source: str) -> str:
    """``"pdf"``, ``"docx"``, ``"xlsx"`` or ``"text"``, from the bytes alone."""
    if PDF_MAGIC in data[:1024]:  # readers accept a header anywhere in the first 1 KB
        return "pdf"
    if data.startswith(OLE_MAGIC):
        raise failure("old_office", source=source)
    if data.startswith(ZIP_MAGICS):
        return office_kind(data, source)
    return "text"


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
