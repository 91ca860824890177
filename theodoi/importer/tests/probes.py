"""Hostile documents, built in a moment each: small on disk, huge when read.

They are what a security probe sent to take the site down; ``test_hostile``
checks each is refused within the limits. Nothing here writes the huge content
out: the zip bombs repeat one compressed block, the PDFs share one page.
"""

import struct
import zlib

MEGABYTE = 1024 * 1024
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/{main}" ContentType="{type}"/></Types>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="{main}"/></Relationships>'
)
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"


# Zip archives written by hand: a member's sizes and checksum are whatever we say.


def zip_archive(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip of deflated members: (name, compressed bytes, claimed size, claimed CRC);
    sizes over 4 GB get their zip64 fields."""
    out = bytearray()
    central = bytearray()
    for name, compressed, size, crc in members:
        raw_name = name.encode()
        big = size >= 0xFFFFFFFF or len(compressed) >= 0xFFFFFFFF
        extra = struct.pack("<HHQQ", 1, 16, size, len(compressed)) if big else b""
        sizes = (0xFFFFFFFF, 0xFFFFFFFF) if big else (len(compressed), size)
        version = 45 if big else 20
        offset = len(out)
        out += struct.pack(
            "<IHHHHHIIIHH",
            0x04034B50,
            version,
            0,
            8,
            0,
            0x21,
            crc,
            *sizes,
            len(raw_name),
            len(extra),
        )
        out += raw_name + extra + compressed
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            version,
            version,
            0,
            8,
            0,
            0x21,
            crc,
            *sizes,
            len(raw_name),
            len(extra),
            0,
            0,
            0,
            0,
            offset,
        )
        central += raw_name + extra
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), len(out), 0
    )
    return bytes(out + central + end)


def deflated(data: bytes) -> bytes:
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    return squeeze.compress(data) + squeeze.flush()


def small_member(name: str, text: str) -> tuple[str, bytes, int, int]:
    data = text.encode()
    return name, deflated(data), len(data), zlib.crc32(data)


def docx_parts(document: tuple[str, bytes, int, int]) -> bytes:
    main = "word/document.xml"
    return zip_archive(
        [
            small_member("[Content_Types].xml", CONTENT_TYPES.format(main=main, type=DOCX_TYPE)),
            small_member("_rels/.rels", ROOT_RELS.format(main=main)),
            document,
        ]
    )


def repeated_deflate(head: bytes, chunk: bytes, times: int, tail: bytes) -> bytes:
    """Deflate data of ``head + chunk * times + tail`` without making it: ``chunk``
    compressed once after a full flush (so it refers to nothing before it) and its
    compressed bytes repeated."""
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = squeeze.compress(head) + squeeze.flush(zlib.Z_FULL_FLUSH)
    block = squeeze.compress(chunk) + squeeze.flush(zlib.Z_FULL_FLUSH)
    return start + block * times + squeeze.compress(tail) + squeeze.flush()


def bomb_document(gigabytes: float = 6) -> tuple[bytes, int]:
    """word/document.xml of ``gigabytes`` (empty paragraphs), deflated, and its true size."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>'.encode()
    tail = b"</w:body></w:document>"
    chunk = b"<w:p/>" * (MEGABYTE // 6)
    times = int(gigabytes * 1024)
    return repeated_deflate(head, chunk, times, tail), len(head) + len(chunk) * times + len(tail)


def docx_bomb(gigabytes: float = 6) -> bytes:
    """A .docx whose word/document.xml unpacks to ``gigabytes`` GB, and says so.

    Its checksum is not computed (6 GB of CRC would take seconds): the size it
    claims refuses it before anything is unpacked."""
    compressed, size = bomb_document(gigabytes)
    return docx_parts(("word/document.xml", compressed, size, 0))


def docx_bomb_lying(gigabytes: float = 6) -> bytes:
    """The same bomb, its directory claiming 64 KB: caught when unpacked (``read_member``)."""
    compressed, _ = bomb_document(gigabytes)
    return docx_parts(("word/document.xml", compressed, 64 * 1024, 0))


def docx_entities() -> bytes:
    """A .docx whose document.xml declares entities that expand a billion times."""
    laughs = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    text = (
        f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY lol0 "lol">{laughs}]>'
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )
    return docx_parts(small_member("word/document.xml", text))


def xlsx_merged(ref: str = "A3:XFD1048576") -> bytes:
    """A workbook whose one sheet has a task header and one merged range ``ref``."""
    main = "xl/workbook.xml"
    workbook = (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships"><sheets><sheet name="Kế hoạch" sheetId="1" r:id="rId1"/></sheets>'
        "</workbook>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
        '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>'
    )
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main"><dimension ref="{ref}"/><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>TT</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Nội dung nhiệm vụ</t></is></c></row>'
        '<row r="2"><c r="A2"><v>1</v></c><c r="B2" t="inlineStr"><is><t>Việc</t></is></c></row>'
        '<row r="3"><c r="A3" t="inlineStr"><is><t>x</t></is></c></row>'
        f'</sheetData><mergeCells count="1"><mergeCell ref="{ref}"/></mergeCells></worksheet>'
    )
    types = CONTENT_TYPES.format(main=main, type=XLSX_TYPE).replace(
        "</Types>",
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{SHEET_TYPE}"/></Types>',
    )
    return zip_archive(
        [
            small_member("[Content_Types].xml", types),
            small_member("_rels/.rels", ROOT_RELS.format(main=main)),
            small_member(main, workbook),
            small_member("xl/_rels/workbook.xml.rels", rels),
            small_member("xl/worksheets/sheet1.xml", sheet),
        ]
    )


# PDFs written by hand.

TEXT = b"BT /F1 12 Tf 72 72 Td (TT Noi dung nhiem vu) Tj ET\n"


def pdf_file(objects: list[bytes]) -> bytes:
    """A PDF of ``objects`` (object 1 is the catalog), with its cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def stream(content: bytes) -> bytes:
    packed = zlib.compress(content, 9)
    return (
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream"
    )


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def pdf_grid(side: float = 14400, lines: int = 2000) -> bytes:
    """One page ``side`` points square, ruled with ``lines`` lines each way, and a line of text."""
    step = side / (lines + 1)
    rules = bytearray(b"0.1 w\n")
    for i in range(1, lines + 1):
        at = i * step
        rules += b"0 %.2f m %.2f %.2f l S %.2f 0 m %.2f %.2f l S\n" % (at, side, at, at, at, side)
    return pdf_file(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.0f %.0f] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>" % (side, side),
            stream(TEXT + bytes(rules)),
            FONT,
        ]
    )


def pdf_many_pages(pages: int = 100_000) -> bytes:
    """``pages`` A4 pages, all one /Page object: a page tree of ten kids at each level,
    every kid the same node, over one page that holds a line of text."""
    levels = 0
    while 10**levels < pages:
        levels += 1
    # 1 catalog, 2 content, 3 font, 4 the page, 5.. the levels of the tree, the root last
    objects = [
        b"<< /Type /Catalog /Pages %d 0 R >>" % (4 + levels),
        stream(TEXT),
        FONT,
    ]
    page = b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents 2 0 R "
    page += b"/Resources << /Font << /F1 3 0 R >> >> >>"
    objects.append(page % 5 if levels else page % 4)
    for level in range(1, levels + 1):
        number = 4 + level
        parent = b" /Parent %d 0 R" % (number + 1) if level < levels else b""
        kids = b" ".join([b"%d 0 R" % (number - 1)] * 10)
        objects.append(b"<< /Type /Pages /Kids [%s] /Count %d%s >>" % (kids, 10**level, parent))
    return pdf_file(objects)


def text_one_line(size: int = 10 * MEGABYTE) -> bytes:
    """One line of ``size`` bytes of plan-like words."""
    words = (
        "Triển khai nhiệm vụ chuyển đổi số của tỉnh năm 2026; Sở Nội vụ chủ trì | 12/2026 ".encode()
    )
    return (words * (size // len(words) + 1))[:size].decode("utf-8", "ignore").encode()


def text_one_word(size: int = 2 * MEGABYTE) -> bytes:
    """One word of ``size`` bytes ("SởSởSở…"): a place name without end to the header's
    look-up of "<place>, ngày … tháng … năm …" (once quadratic: 64 KB took 21 s)."""
    return ("Sở" * (size // 3)).encode()


def text_table(size: int = 4 * MEGABYTE) -> bytes:
    """A Markdown table of ``size`` bytes whose rows (past 999) continue the last task."""
    lines = [
        "| TT | Nội dung nhiệm vụ | Cơ quan chủ trì | Thời gian hoàn thành |",
        "|---|---|---|---|",
    ]
    total = 0
    number = 0
    while total < size:
        number += 1
        line = (
            f"| {number} | Xây dựng cơ sở dữ liệu chuyên ngành số {number} | Sở Nội vụ | 12/2026 |"
        )
        lines.append(line)
        total += len(line.encode()) + 1
    return "\n".join(lines).encode()
