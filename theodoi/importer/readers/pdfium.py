"""A PDF page's characters and paths, read with PDFium (pypdfium2) for speed.

pdfminer builds each char as a Python object, then pdfplumber a dict of it: for a
long plan most of the reading time. PDFium (C) gives the chars' boxes and the
paths far faster; they are put as pdfplumber's objects of the page, in pdfminer's
terms (a char's box: from its origin to its advance, the font size high, from the
font's descent; a path: one line, rect or curve per subpath), so that pdfplumber
finds the tables and lines as before. A page PDFium cannot read so (rotated, a
form XObject, text not upright, a font it names otherwise than pdfminer) is left
to pdfminer.
"""

import ctypes
import re
import unicodedata

import pypdfium2
import pypdfium2.raw as pdfium_c
from pdfminer.pdftypes import PDFObjRef, resolve1
from pdfminer.psparser import PSLiteral

from .. import limits
from ..errors import failure


def check_pdf(data: bytes, source: str) -> None:
    """Refuse a PDF with too many pages, or pages too large, before anything is extracted.

    PDFium counts the pages and gives their sizes from the page tree alone (no
    page is loaded): quick even for a hundred thousand pages. A file PDFium
    cannot open is left to pdfminer, which reads it or says why not.
    """
    try:
        document = pypdfium2.PdfDocument(data)
    except Exception:
        return
    try:
        count = len(document)
        if count > limits.MAX_PDF_PAGES:
            raise failure("pdf_pages", source=source, count=count, limit=limits.MAX_PDF_PAGES)
        area = 0.0
        for index in range(count):
            try:
                width, height = document.get_page_size(index)
            except Exception:  # pdfminer reads it, or says why not
                continue
            if max(width, height) > limits.MAX_PAGE_SIDE:
                raise failure(
                    "pdf_page_size",
                    page=index + 1,
                    source=source,
                    width=f"{width:.0f}",
                    height=f"{height:.0f}",
                    limit=limits.MAX_PAGE_SIDE,
                )
            area += width * height
        if area > limits.MAX_PAGES_AREA:
            raise failure(
                "pdf_pages_area",
                source=source,
                area=f"{area / 1e6:.0f}",
                limit=f"{limits.MAX_PAGES_AREA / 1e6:.0f}",
            )
    finally:
        document.close()


def with_pdfium(pdf, data: bytes) -> None:
    """Give each page of ``pdf`` its objects as PDFium reads them, where it can."""
    try:
        document = pypdfium2.PdfDocument(data)
    except Exception:  # pdfminer reads it, or says why not
        return
    try:
        if len(document) != len(pdf.pages):
            return
        for page, pdfium_page in zip(pdf.pages, document, strict=True):
            objects = pdfium_objects(page, pdfium_page)
            if objects is not None:
                page._objects = objects
    finally:
        document.close()


def pdfium_objects(page, pdfium_page) -> dict | None:
    x0, y0, x1, y1 = page.mediabox
    if page.rotation or x0 or y0 or tuple(page.bbox) != (0, 0, x1, y1):
        return None
    if abs(pdfium_page.get_height() - page.height) > 0.01:
        return None
    paths = pdfium_paths(page, pdfium_page)
    chars = pdfium_chars(page, pdfium_page) if paths is not None else None
    if chars is None:
        return None
    objects: dict[str, list[dict]] = {"char": chars} if chars else {}
    for kind, obj in paths:
        objects.setdefault(kind, []).append(obj)
    return objects


def pdfium_chars(page, pdfium_page) -> list[dict] | None:
    descents = font_descents(page)
    if descents is None:
        return None
    height, doctop, number = page.height, page.initial_doctop, page.page_number
    textpage = pdfium_page.get_textpage()
    handle = textpage.raw
    box = pdfium_c.FS_RECTF()
    x, y = ctypes.c_double(), ctypes.c_double()
    loose_box, origin = pdfium_c.FPDFText_GetLooseCharBox, pdfium_c.FPDFText_GetCharOrigin
    chars: list[dict] = []
    space = False  # a space PDFium put between words (for one it left out)
    fonts: dict[int, tuple[float, float] | None] = {}  # text object: (size, descent)
    try:
        count = textpage.count_chars()
        codes = page_text(handle, count)
        if codes is None:
            return None
        texts, marks = char_texts(codes)
        generated = pdfium_c.FPDFText_IsGenerated
        for i, code in enumerate(codes):
            if code <= 32 and generated(handle, i):
                space = space or code == 32
                continue
            text = texts[code]
            if code in marks and chars:
                chars[-1]["text"] = unicodedata.normalize("NFC", chars[-1]["text"] + text)
                continue
            obj = text_object(handle, i)
            font = fonts.get(obj, False)
            if font is False:
                font = fonts[obj] = object_font(handle, i, descents)
            if font is None:
                return None  # text not upright
            size, descent = font
            loose_box(handle, i, box)
            origin(handle, i, x, y)
            left = x.value
            right = box.right if box.right > left else left
            bottom = y.value + descent
            top = height - bottom - size
            char = {
                "object_type": "char",
                "page_number": number,
                "text": text,
                "fontname": "",
                "size": size,
                "upright": True,
                "x0": left,
                "x1": right,
                "y0": bottom,
                "y1": bottom + size,
                "width": right - left,
                "height": size,
                "adv": right - left,
                "top": top,
                "bottom": height - bottom,
                "doctop": doctop + top,
                "matrix": (1, 0, 0, 1, left, bottom),
                "stroking_color": None,
                "non_stroking_color": None,
            }
            if space and chars:
                before = chars[-1]
                if before["top"] < char["bottom"] and top < before["bottom"]:
                    end = max(left, before["x1"])
                    chars.append(
                        {
                            **before,
                            "text": " ",
                            "x0": before["x1"],
                            "x1": end,
                            "width": end - before["x1"],
                            "adv": end - before["x1"],
                        }
                    )
            space = False
            chars.append(char)
    finally:
        textpage.close()
    return chars


def char_texts(codes: list[int]) -> tuple[dict[int, str], set[int]]:
    """The text of each code of the page's chars (NFC), and the codes of combining
    marks (put with the char before)."""
    texts = {code: unicodedata.normalize("NFC", chr(code)) for code in set(codes)}
    texts[2] = texts[0xFFFE] = "-"  # PDFium's mark of a hyphen at a line's end
    return texts, {code for code, text in texts.items() if unicodedata.combining(text)}


def page_text(handle, count: int) -> list[int] | None:
    """The code of each of the page's chars (``None`` where one is outside the BMP)."""
    buffer = (ctypes.c_ushort * (count + 1))()
    written = pdfium_c.FPDFText_GetText(handle, 0, count, buffer)
    codes = list(buffer[: max(written - 1, 0)])
    if len(codes) != count or any(0xD800 <= code < 0xE000 for code in codes):
        return None
    return codes


# PDFium's text object of a char, as its address (a key for the object's font)
text_object = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(
    ctypes.cast(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p).value
)


def object_font(handle, index: int, descents: dict[bytes, float]) -> tuple[float, float] | None:
    """The size and descent (negative) of the char's text object, the descent as
    pdfminer takes it (the font descriptor's); ``None`` where the text is not upright
    or the font is not one of the page's that pdfminer knows."""
    if pdfium_c.FPDFText_GetCharAngle(handle, index):
        return None
    size = pdfium_c.FPDFText_GetFontSize(handle, index)
    obj = pdfium_c.FPDFText_GetTextObject(handle, index)
    font = pdfium_c.FPDFTextObj_GetFont(obj) if obj else None
    if not font:
        return None
    name = ctypes.create_string_buffer(256)
    length = pdfium_c.FPDFFont_GetBaseFontName(font, name, 256)
    descent = descents.get(name.value) if 0 < length <= 256 else None
    return None if descent is None else (size, descent * size)


SUBSET_TAG = re.compile(rb"^[A-Z]{6}\+")


def font_descents(page) -> dict[bytes, float] | None:
    """pdfminer's descent (per unit of font size) of each of the page's fonts, by
    base font name (without a subset's tag); ``None`` where two fonts of one name
    differ in it."""
    out: dict[bytes, float] = {}
    resources = resolve1(page.page_obj.resources) or {}
    for ref in (resolve1(resources.get("Font")) or {}).values():
        spec = resolve1(ref)
        if not isinstance(spec, dict) or not isinstance(spec.get("BaseFont"), PSLiteral):
            continue
        objid = ref.objid if isinstance(ref, PDFObjRef) else None
        descent = page.pdf.rsrcmgr.get_font(objid, spec).get_descent()
        name = spec["BaseFont"].name
        name = name.encode("latin-1") if isinstance(name, str) else name
        name = SUBSET_TAG.sub(b"", name)  # PDFium names a font without it
        if out.setdefault(name, descent) != descent:
            return None
    return out


def pdfium_paths(page, pdfium_page) -> list[tuple[str, dict]] | None:
    """The page's painted paths as pdfminer reads them: each subpath a ``line``
    (two points), a ``rect`` (an upright rectangle) or a ``curve``."""
    height, doctop, number = page.height, page.initial_doctop, page.page_number
    out: list[tuple[str, dict]] = []
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    px, py = ctypes.c_float(), ctypes.c_float()
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    matrix = pdfium_c.FS_MATRIX()
    for obj in pdfium_page.get_objects(max_depth=0):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_FORM:
            return None
        if obj.type != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        handle = obj.raw
        if not pdfium_c.FPDFPath_GetDrawMode(handle, fill, stroke):
            return None
        if not fill.value and not stroke.value:
            continue
        if not pdfium_c.FPDFPageObj_GetMatrix(handle, matrix):
            return None
        m = matrix
        colours = []
        for getter in (pdfium_c.FPDFPageObj_GetStrokeColor, pdfium_c.FPDFPageObj_GetFillColor):
            ok = getter(handle, r, g, b, a)
            colours.append((r.value / 255, g.value / 255, b.value / 255) if ok else None)
        subpaths: list[list[tuple[float, float]]] = []
        closed: list[bool] = []
        for k in range(pdfium_c.FPDFPath_CountSegments(handle)):
            segment = pdfium_c.FPDFPath_GetPathSegment(handle, k)
            pdfium_c.FPDFPathSegment_GetPoint(segment, px, py)
            point = (m.a * px.value + m.c * py.value + m.e, m.b * px.value + m.d * py.value + m.f)
            if pdfium_c.FPDFPathSegment_GetType(segment) == pdfium_c.FPDF_SEGMENT_MOVETO:
                subpaths.append([point])
                closed.append(False)
            elif subpaths:
                subpaths[-1].append(point)
            else:
                return None
            if pdfium_c.FPDFPathSegment_GetClose(segment):
                closed[-1] = True
        base = {
            "page_number": number,
            "stroke": bool(stroke.value),
            "fill": bool(fill.value),
            "stroking_color": colours[0],
            "non_stroking_color": colours[1],
            "linewidth": obj.get_stroke_width() if hasattr(obj, "get_stroke_width") else 0,
        }
        for pts, shut in zip(subpaths, closed, strict=True):
            if len(pts) < 2:
                continue
            kind = path_kind(pts, shut)
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            top, bottom = height - max(ys), height - min(ys)
            out.append(
                (
                    kind,
                    {
                        **base,
                        "object_type": kind,
                        "x0": min(xs),
                        "x1": max(xs),
                        "y0": min(ys),
                        "y1": max(ys),
                        "width": max(xs) - min(xs),
                        "height": max(ys) - min(ys),
                        "top": top,
                        "bottom": bottom,
                        "doctop": doctop + top,
                        "pts": [(px_, height - py_) for px_, py_ in pts],
                    },
                )
            )
    return out


def path_kind(pts: list[tuple[float, float]], closed: bool) -> str:
    """pdfminer's kind of a subpath: ``line``, ``rect`` or ``curve``."""
    if len(pts) == 2 and not closed:
        return "line"
    corners = pts[:4] if len(pts) == 4 or (len(pts) == 5 and pts[4] == pts[0]) else None
    if corners and (closed or len(pts) == 5):
        (ax, ay), (bx, by), (cx, cy), (dx, dy) = corners
        if (ax == bx and by == cy and cx == dx and dy == ay) or (
            ay == by and bx == cx and cy == dy and dx == ax
        ):
            return "rect"
    return "curve"
