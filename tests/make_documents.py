"""The same plan in every form: .docx, .xlsx and .pdf written from a RawDocument.

``write_docx`` and ``write_xlsx`` lay out the blocks as a person would in Word
or Excel: paragraphs, then real tables with merged cells. ``None`` cells of a
table become merges (see ``merged_regions``), and the lead/support cells that
a parent task shares with its sub-tasks are merged down as the genre does
(``with_genre_merges``). ``write_pdf`` renders the .docx with LibreOffice.

The small hand-built PDFs (image only, password-protected) are for the
bad-input tests, which should not need LibreOffice.
"""

import hashlib
import re
import shutil
import struct
import subprocess
import tempfile
from pathlib import Path

import docx
import openpyxl
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.shared import Cm, Pt
from openpyxl.styles import Alignment

from theodoi.importer.model import Paragraph, RawDocument, Table
from theodoi.importer.readers.headers import is_header_row
from theodoi.lib.text import fold_case

DECIMAL_CODE = re.compile(r"\d+(\.\d+)*")
AGENCY_HEADERS = ("chủ trì", "phối hợp", "đơn vị thực hiện", "cơ quan thực hiện")
TITLE_HEADERS = ("nội dung", "nhiệm vụ", "chỉ tiêu", "tên")

# -- merges ---------------------------------------------------------------------


def with_genre_merges(raw: RawDocument) -> RawDocument:
    """A copy of ``raw`` where a parent task's lead/support cell covers its sub-tasks.

    Where the rows of task ``5`` and its sub-tasks ``5.1``, ``5.2``… all carry
    the parent's value, or are empty under it, the sub-rows' cells become
    ``None``: one cell merged down, as such plans are typed in Word.
    """
    blocks = [
        Table(rows=merge_agencies([list(row) for row in block.rows]))
        if isinstance(block, Table)
        else block
        for block in raw.blocks
    ]
    return RawDocument(source=raw.source, blocks=blocks)


def merge_agencies(rows: list[list[str | None]]) -> list[list[str | None]]:
    header = next((i for i, row in enumerate(rows) if is_header_row(row)), None)
    if header is None:
        return rows
    names = [fold_case(cell) for cell in rows[header]]
    code_column = next(i for i, name in enumerate(names) if name.rstrip(".") in ("tt", "stt"))
    codes = [(row[code_column] or "").strip().rstrip(".") for row in rows]
    for column, name in enumerate(names):
        if any(word in name for word in AGENCY_HEADERS) and "thời gian" not in name:
            merge_column_down(rows, codes, column, start=header + 1)
    return rows


def merge_column_down(rows, codes, column, start):
    i = start
    while i < len(rows):
        end = i + 1
        if DECIMAL_CODE.fullmatch(codes[i]):
            while end < len(rows) and codes[end].startswith(codes[i] + "."):
                end += 1
        parent = rows[i][column]
        below = [rows[k][column] for k in range(i + 1, end)]
        if (
            below
            and parent
            and all(not cell or fold_case(cell) == fold_case(parent) for cell in below)
        ):
            for k in range(i + 1, end):
                rows[k][column] = None
            i = end
        else:
            i += 1


def merged_regions(rows: list[list[str | None]]) -> list[list[int]]:
    """Every cell's region ``[top, left, bottom, right]``, read from the ``None`` cells.

    A ``None`` cell continues the cell to its left when that cell is in the same
    single row and the ``None`` cells run to the end of the row (a heading
    written across) or nothing is above; otherwise it continues the cell above.
    """
    owner: dict[tuple[int, int], list[int]] = {}
    regions = []
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if (r, c) in owner:
                continue
            left, above = owner.get((r, c - 1)), owner.get((r - 1, c))
            if cell is None and left and left[0] == left[2] == r:
                if above is None or all(x is None for x in row[c:]):
                    left[3] = c
                    owner[r, c] = left
                    continue
            if cell is None and above and above[1] == c:
                span = range(above[1], above[3] + 1)
                if all(col < len(row) and row[col] is None for col in span):
                    above[2] = r
                    owner.update({(r, col): above for col in span})
                    continue
            region = [r, c, r, c]  # a cell of its own (a stray None is an empty cell)
            regions.append(region)
            owner[r, c] = region
    return regions


def padded(rows: list[list[str | None]]) -> list[list[str | None]]:
    width = max(len(row) for row in rows)
    return [list(row) + [""] * (width - len(row)) for row in rows]


# -- Word -----------------------------------------------------------------------


def write_docx(raw: RawDocument, path: str | Path) -> None:
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    for block in with_genre_merges(raw).blocks:
        if isinstance(block, Paragraph):
            document.add_paragraph().add_run(block.text)
        else:
            add_table(document, padded(block.rows), width=Cm(25.7))
    document.save(path)


def add_table(document, rows, width) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    table.autofit = False
    widths = column_widths(rows, width)
    for column, column_width in zip(table.columns, widths, strict=True):
        column.width = column_width
        for cell in column.cells:
            cell.width = column_width
    repeated = header_height(rows)
    for i, tr in enumerate(table._tbl.tr_lst):
        properties = tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))
        if i < repeated:
            properties.append(OxmlElement("w:tblHeader"))  # repeated on every page
    for top, left, bottom, right in merged_regions(rows):
        cell = table.cell(top, left)
        if (bottom, right) != (top, left):
            cell = cell.merge(table.cell(bottom, right))
        lines = (rows[top][left] or "").split("\n")
        cell.paragraphs[0].add_run(lines[0])
        for line in lines[1:]:
            cell.add_paragraph().add_run(line)


def header_height(rows) -> int:
    """How many rows the header takes: its first row and those its TT cell covers."""
    if not is_header_row(rows[0]):
        return 0
    height = 1
    while height < len(rows) and rows[height][0] is None:
        height += 1
    return height


def column_widths(rows, total) -> list[int]:
    """A narrow TT column, a wide content column, the rest shared equally."""
    header = rows[0] if is_header_row(rows[0]) else [""] * len(rows[0])
    weights = []
    for name in map(fold_case, header):
        if name.rstrip(".") in ("tt", "stt"):
            weights.append(1)
        elif any(word in name for word in TITLE_HEADERS) and 5 not in weights:
            weights.append(5)
        else:
            weights.append(2)
    return [int(total * weight / sum(weights)) for weight in weights]


# -- Excel ----------------------------------------------------------------------


def write_xlsx(raw: RawDocument, path: str | Path) -> None:
    """Paragraphs as rows in column A, tables below them, a blank row after each table."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Kế hoạch"
    row_number = 1
    previous = None
    for block in with_genre_merges(raw).blocks:
        if isinstance(previous, Table):
            row_number += 1
        if isinstance(block, Paragraph):
            put(sheet.cell(row_number, 1), block.text)
            row_number += 1
        else:
            rows = padded(block.rows)
            for top, left, bottom, right in merged_regions(rows):
                put(sheet.cell(row_number + top, left + 1), rows[top][left] or "")
                if (bottom, right) != (top, left):
                    sheet.merge_cells(
                        start_row=row_number + top,
                        start_column=left + 1,
                        end_row=row_number + bottom,
                        end_column=right + 1,
                    )
            row_number += len(rows)
        previous = block
    workbook.save(path)


def put(cell, text: str) -> None:
    """Text typed into a cell, kept as text (no formula, no number)."""
    cell.value = text
    cell.data_type = "s"
    cell.alignment = Alignment(wrap_text=True, vertical="top")


# -- PDF ------------------------------------------------------------------------


# -- text copied from a legal web database ---------------------------------------

WEB_BEFORE = (
    "THƯ VIỆN PHÁP LUẬT",
    "Trang chủ",
    "Văn bản pháp luật",
    "Tải văn bản",
    "Đăng nhập",
)
WEB_AFTER = (
    "Văn bản liên quan",
    "Nghị định 30/2020/NĐ-CP về công tác văn thư",
    "Bạn phải đăng nhập để xem toàn văn",
    "Chúng tôi dùng cookie để cải thiện trải nghiệm của bạn.",
)


# What a PDF prints at a page's edge, between two pieces of a table cut by the page: the
# running head ("CÔNG BÁO/Số 242/Ngày 22-04-2026 58", a page number) and footnotes
# ("1 Nghị quyết số 66-NQ/TW …", its lines run on in lower case).
RUNNING_HEAD = re.compile(r"^(?:\S.{0,80}\s)?-?\s*\d{1,4}\s*-?$")
FOOTNOTE = re.compile(r"^\d{1,3}\s+[A-ZĐÀ-Ỹ]")


def write_web_text(raw: RawDocument) -> str:
    """The document as a person copies it from a legal web database page.

    thuvienphapluat.vn's page text writes each table cell, then a lone ``|``
    line, with no mark between rows; a cell a merge covers is not written at all
    (the page's HTML has no such cell); the header row is bold (``**…**``). The
    site's banner comes before the document, its related documents and cookie
    notice after.

    The site types a document in from its text, not from its printed pages: a
    table the print cut over pages is one HTML table with one header, and a row
    the page break cut is one row (``web_blocks``). The page's running head goes;
    its footnotes come after the table.
    """
    lines = list(WEB_BEFORE)
    for block in web_blocks(raw.blocks):
        if isinstance(block, Paragraph):
            lines.append(block.text)
            continue
        for r, row in enumerate(block.rows):
            bold = r == 0 or block.is_bold(r)
            for cell in row:
                if cell is None:
                    continue
                text = cell.strip()
                lines.append(f"**{text}**" if bold and text else text)
                lines.append("|")
    return "\n".join([*lines, *WEB_AFTER]) + "\n"


def web_blocks(blocks: list) -> list:
    """The blocks as a web page holds them: the pieces of a table cut by pages joined.

    A table continues the one before when only the page's edge (running head,
    footnotes) stands between them, it is as wide, and it repeats the header or
    has none. Its repeated header goes, and a first row without a TT code (the
    rest of the row the page cut) joins the row before, cell by cell.
    """
    out: list = []
    notes: list[Paragraph] = []  # footnotes of the table being joined, put after it
    last_table: int | None = None
    pending: list[Paragraph] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            pending.append(block)
            continue
        previous = out[last_table] if last_table is not None else None
        if previous is not None and _page_edge(pending) and _continues(previous, block):
            notes += [p for p in pending if not RUNNING_HEAD.match(p.text.strip())]
            out[last_table] = _joined(previous, block)
            pending = []
            continue
        out[len(out) :] = notes + pending
        notes, pending = [], []
        out.append(Table(rows=[list(r) for r in block.rows], bold=list(block.bold)))
        last_table = len(out) - 1
    return out + notes + pending


def _page_edge(paragraphs: list[Paragraph]) -> bool:
    in_note = False
    for p in paragraphs:
        text = p.text.strip()
        if RUNNING_HEAD.match(text):
            in_note = False
        elif FOOTNOTE.match(text):
            in_note = True
        elif not (in_note and text[:1].islower()):
            return False
    return True


def _width(table: Table) -> int:
    return max((len(row) for row in table.rows), default=0)


def _continues(previous: Table, table: Table) -> bool:
    if not table.rows or _width(table) != _width(previous) or not is_header_row(previous.rows[0]):
        return False
    first = table.rows[0]
    return [fold_case(c) for c in first] == [
        fold_case(c) for c in previous.rows[0]
    ] or not is_header_row(first)


def _joined(previous: Table, table: Table) -> Table:
    rows = [list(row) for row in previous.rows]
    bold = [previous.is_bold(r) for r in range(len(rows))]
    start = 1 if [fold_case(c) for c in table.rows[0]] == [fold_case(c) for c in rows[0]] else 0
    body = [list(row) for row in table.rows[start:]]
    if body and not (body[0][0] or "").strip() and len(rows) > 1:
        for c, text in enumerate(body.pop(0)):
            if not (text or "").strip():
                continue
            owner = next(r for r in range(len(rows) - 1, -1, -1) if rows[r][c] is not None)
            rows[owner][c] = f"{rows[owner][c]}\n{text}".strip()
        start += 1
    rows += body
    bold += [table.is_bold(r) for r in range(start, len(table.rows))]
    return Table(rows=rows, bold=bold)


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def write_pdf(docx_path: str | Path, pdf_path: str | Path) -> None:
    """Render ``docx_path`` to ``pdf_path`` with LibreOffice (headless, own profile)."""
    convert(docx_path, pdf_path, "pdf")


def write_html(docx_path: str | Path, html_path: str | Path) -> None:
    """Save ``docx_path`` as a web page, as "Save as HTML" does (LibreOffice)."""
    convert(docx_path, html_path, "html")


def convert(docx_path: str | Path, out_path: str | Path, kind: str) -> None:
    program = soffice()
    if program is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [
                program,
                f"-env:UserInstallation=file://{tmp}/profile",
                "--headless",
                "--convert-to",
                kind,
                "--outdir",
                tmp,
                str(docx_path),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        shutil.move(Path(tmp) / f"{Path(docx_path).stem}.{kind}", out_path)


def pdf_file(content: bytes, resources: bytes, extra_objects=(), encrypt=None) -> bytes:
    """A one-page PDF with the given content stream; ``encrypt`` is ``(key, trailer)``."""
    if encrypt:
        content = rc4(object_key(encrypt[0], 4), content)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources "
        + resources
        + b" >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        *extra_objects,
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    trailer = encrypt[1] if encrypt else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\n" % (len(objects) + 1, trailer)
    return out + b"startxref\n%d\n%%%%EOF\n" % xref


TEXT_PAGE = b"BT /F1 14 Tf 72 760 Td (Ke hoach nam 2025) Tj ET"
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def image_only_pdf() -> bytes:
    """A scanned page: one grey image and no text at all."""
    image = (
        b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Length 4 >>\nstream\n\x00\xff\xff\x00\nendstream"
    )
    return pdf_file(
        b"q 400 0 0 600 90 120 cm /Im1 Do Q", b"<< /XObject << /Im1 5 0 R >> >>", [image]
    )


def text_pdf() -> bytes:
    return pdf_file(TEXT_PAGE, b"<< /Font << /F1 5 0 R >> >>", [FONT])


# Standard security handler, revision 2 (RC4, 40-bit): the PDF 1.4 reference, 3.5.
PASSWORD_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def encrypted_pdf(user_password: bytes = b"mat-khau") -> bytes:
    """A text PDF that opens only with ``user_password``."""
    permissions = -44
    file_id = hashlib.md5(b"theodoi").digest()
    padded_user = (user_password + PASSWORD_PAD)[:32]
    owner_key = hashlib.md5((b"chu-so-huu" + PASSWORD_PAD)[:32]).digest()[:5]
    owner_entry = rc4(owner_key, padded_user)
    key = hashlib.md5(
        padded_user + owner_entry + struct.pack("<i", permissions) + file_id
    ).digest()[:5]
    user_entry = rc4(key, PASSWORD_PAD)
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>" % (
        owner_entry.hex().encode(),
        user_entry.hex().encode(),
        permissions,
    )
    trailer = b"/Encrypt 6 0 R /ID [<%s> <%s>]" % (file_id.hex().encode(), file_id.hex().encode())
    return pdf_file(TEXT_PAGE, b"<< /Font << /F1 5 0 R >> >>", [FONT, encrypt], (key, trailer))


def object_key(key: bytes, number: int) -> bytes:
    return hashlib.md5(key + number.to_bytes(3, "little") + b"\x00\x00").digest()[: len(key) + 5]


def rc4(key: bytes, data: bytes) -> bytes:
    state = list(range(256))
    j = 0
    for i in range(256):
        j = (j + state[i] + key[i % len(key)]) % 256
        state[i], state[j] = state[j], state[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + state[i]) % 256
        state[i], state[j] = state[j], state[i]
        out.append(byte ^ state[(state[i] + state[j]) % 256])
    return bytes(out)
