"""Bytes of a text file into a ``str``, or a clear refusal.

Accepted: UTF-8 (with or without BOM), UTF-16 with BOM, and Windows-1258 as a
last resort when the result is clearly Vietnamese. Refused: binary data, and
the two legacy Vietnamese font encodings still found in old files:

- TCVN3 (ABC, the ".Vn" fonts) puts each accented letter in one byte from
  0xA1 up; read as Latin-1/Windows-1252 it shows symbols such as ``µ ¸ · ¨ ©
  ª « ¬ ®`` inside words ("Céng hoµ x· héi chñ nghÜa ViÖt Nam").
- VNI writes a base vowel followed by a mark byte; read as Latin-1 it shows
  ``ø ù û õ ï`` after vowels, ``ö`` for ư and ``ñ`` for đ ("Coäng hoøa xaõ hoäi").

Both also turn up already decoded in UTF-8 files, copied from a document set
in a legacy font, so the same test runs on every decoded text.

A web page (``decode_html``) also says its own encoding in a ``<meta>`` tag;
bytes that are not UTF-8 are read in that encoding before Windows-1258 is
tried, and the tests for Vietnamese run on the page's visible text, not on its
markup (whose English words would outvote the Vietnamese ones).
"""

import codecs
import re
import unicodedata

import lxml.html

from .errors import failure

UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

# Letters in the Latin-1 range that Unicode Vietnamese really uses.
VIETNAMESE_LATIN1 = set("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý")
# Letters only Vietnamese uses (outside Latin-1): ă đ ĩ ũ ơ ư and the Latin Extended
# Additional block (ạ ả ấ … ỹ).
VIETNAMESE_ONLY = re.compile("[ĂăĐđĨĩŨũƠơƯư\u1ea0-\u1ef9]")
# TCVN3 bytes 0xA1–0xBE shown as Latin-1 (Ă Â Ê Ô Ơ Ư Đ ă â ê ô đ and the tones of a,
# ă), counted only inside a word: « » as quotes stand apart.
TCVN3_SYMBOL = "[¡¢£¤¥¦§¨©ª«¬®µ¶·¸¹»¼½¾]"
TCVN3_SYMBOLS = re.compile(
    rf"(?<=[^\W\d_]|{TCVN3_SYMBOL}){TCVN3_SYMBOL}|{TCVN3_SYMBOL}(?=[^\W\d_])"
)
# VNI: a tone mark byte right after a vowel, ư as ö, đ as ñ.
VNI_MARKS = re.compile("[aeiouyAEIOUY][ùøûõïÙØÛÕÏ]|[öñÖÑ]")
WORD = re.compile(r"[^\W\d_]+")
# <meta charset="…"> or <meta http-equiv="Content-Type" content="text/html; charset=…">
META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_:.-]+)", re.IGNORECASE)
HTML_HEAD = 4096  # bytes in which a page declares its encoding
ALLOWED_CONTROLS = set("\t\n\r\f\v")


def decode_text(data: bytes, source: str) -> str:
    """The text of ``data``, NFC-normalised; ``ImportFailure`` if it is not Vietnamese text."""
    if data.startswith(UTF16_BOMS):
        text = decode_or_none(data, "utf-16")
        if text is None:
            raise failure("unknown_encoding", source=source)
    elif b"\x00" in data:
        raise failure("binary", source=source)
    else:
        text = decode_or_none(data, "utf-8-sig")
        if text is None:
            text = decode_legacy_bytes(data, source)
    if not text.strip():
        raise failure("empty", source=source)
    if looks_binary(text):
        raise failure("binary", source=source)
    refuse_legacy_encoding(text, source)
    return unicodedata.normalize("NFC", text)


def decode_or_none(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def decode_legacy_bytes(data: bytes, source: str) -> str:
    """Bytes that are not UTF-8: a legacy Vietnamese encoding, Windows-1258, or nothing."""
    if looks_binary(data.decode("latin-1")):
        raise failure("binary", source=source)
    refuse_legacy_encoding(data.decode("latin-1"), source)
    text = decode_or_none(data, "cp1258")
    if text is not None and clearly_vietnamese(unicodedata.normalize("NFC", text)):
        return text
    raise failure("unknown_encoding", source=source)


def looks_binary(text: str) -> bool:
    """More than 5% control characters (other than tabs, line and page breaks)."""
    controls = sum(
        1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in ALLOWED_CONTROLS
    )
    return controls > 0.05 * len(text)


def legacy_encoding(text: str) -> str | None:
    """``"TCVN3 (ABC)"`` or ``"VNI"`` when ``text`` reads like one of them, else None."""
    words = len(WORD.findall(text))
    unicode_signs = len(VIETNAMESE_ONLY.findall(text))
    tcvn3 = len(TCVN3_SYMBOLS.findall(text))
    vni = len(VNI_MARKS.findall(text))
    enough = max(3, 0.1 * words, unicode_signs)  # Vietnamese marks most words
    if tcvn3 >= enough:  # VNI never uses these symbols, so TCVN3 is tried first
        return "TCVN3 (ABC)"
    if vni >= enough:
        return "VNI"
    return None


def refuse_legacy_encoding(text: str, source: str) -> None:
    encoding = legacy_encoding(text)
    if encoding:
        raise failure("legacy_encoding", source=source, encoding=encoding)


def clearly_vietnamese(text: str) -> bool:
    """Many Vietnamese-only letters, no stray combining marks, few foreign letters."""
    words = len(WORD.findall(text))
    vietnamese = len(VIETNAMESE_ONLY.findall(text))
    stray_marks = sum(1 for ch in text if unicodedata.combining(ch))
    foreign = sum(1 for ch in text if "\xa0" < ch <= "ÿ" and ch not in VIETNAMESE_LATIN1)
    return vietnamese >= max(3, 0.1 * words) and stray_marks + foreign <= 0.01 * words


def decode_html(data: bytes, source: str) -> str:
    """The text of a web page: UTF-8 or UTF-16, else its declared encoding, else Windows-1258."""
    if data.startswith(UTF16_BOMS):
        text = decode_or_none(data, "utf-16")
    elif b"\x00" in data:
        raise failure("binary", source=source)
    else:
        text = decode_or_none(data, "utf-8-sig")
    declared = declared_encoding(data)
    if text is None and declared:
        text = decode_or_none(data, declared)
    if text is None:
        text = decode_or_none(data, "cp1258")
        if text is None or not clearly_vietnamese(nfc(visible_text(text))):
            raise failure("unknown_encoding", source=source)
    visible = visible_text(text)
    if not visible.strip():
        raise failure("empty", source=source)
    if looks_binary(text):
        raise failure("binary", source=source)
    refuse_legacy_encoding(visible, source)
    return nfc(text)


def declared_encoding(data: bytes) -> str | None:
    """The encoding a page's ``<meta>`` names, as Python calls it; None if none or unknown."""
    match = META_CHARSET.search(data[:HTML_HEAD])
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def visible_text(html: str) -> str:
    """The words a browser shows: markup, scripts and styles left out."""
    try:
        root = lxml.html.document_fromstring(html.encode("utf-8"), parser=_PARSER)
    except Exception:  # lxml refuses documents with nothing in them
        return ""
    for element in root.iter("script", "style", "head"):
        element.drop_tree()
    return root.text_content()


_PARSER = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)
