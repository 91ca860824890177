"""Each kind of document is recognised by its content, whatever its name says."""

import unicodedata

import pytest

from tests.make_documents import text_pdf, write_docx, write_xlsx
from theodoi.importer import ImportFailure, detect
from theodoi.importer.decode import legacy_encoding
from theodoi.importer.model import Paragraph

from .conftest import PLANS

HEADER = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "Độc lập - Tự do - Hạnh phúc\n"
    "KẾ HOẠCH\n"
    "Phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số năm 2025\n"
    "Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển "
    "khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia;\n"
    "Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện như sau:\n"
)


@pytest.fixture
def text_seen(monkeypatch):
    """The text handed to the text reader (the reader itself is another test's business)."""
    seen = []

    def fake_read_text(text, source):
        seen.append(text)
        return detect.RawDocument(source=source, blocks=[Paragraph(text)])

    monkeypatch.setattr(detect, "read_text", fake_read_text)
    return seen


def test_a_word_file_named_txt_is_read_as_word(handmade_forms):
    data = handmade_forms["docx"].read_bytes()
    assert detect.document_kind(data, "ke-hoach.txt") == "docx"
    raw = detect.read_document(data, "ke-hoach.txt")
    assert raw.source == "ke-hoach.txt"
    assert raw.blocks == detect.read_docx(data, "ke-hoach.docx").blocks


def test_a_pdf_named_docx_is_read_as_pdf():
    raw = detect.read_document(text_pdf(), "ke-hoach.docx")
    assert raw.blocks == [Paragraph("Ke hoach nam 2025")]


def test_an_excel_file_named_pdf_is_read_as_excel(handmade_forms):
    data = handmade_forms["xlsx"].read_bytes()
    assert detect.document_kind(data, "ke-hoach.pdf") == "xlsx"
    assert detect.read_document(data, "ke-hoach.pdf").blocks[0] == Paragraph(
        "ỦY BAN NHÂN DÂN TỈNH AN GIANG"
    )


def test_read_path_names_the_document_by_its_file_name(tmp_path, handmade):
    path = tmp_path / "ke-hoach-01.docx"
    write_docx(handmade, path)
    assert detect.read_path(path).source == "ke-hoach-01.docx"
    write_xlsx(handmade, path)  # the same name, Excel content
    assert detect.read_path(path).blocks[0] == Paragraph("ỦY BAN NHÂN DÂN TỈNH AN GIANG")


def test_a_text_file_goes_to_the_text_reader(tmp_path):
    path = PLANS / "000_91be600319c8ab5d.txt"
    raw = detect.read_path(path)
    assert raw.source == path.name
    assert raw.blocks


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8"),
        lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
        lambda text: text.encode("utf-16"),  # with its BOM
        lambda text: b"\xfe\xff" + text.encode("utf-16-be"),
        lambda text: unicodedata.normalize("NFD", text).encode("utf-8"),
        lambda text: encode_cp1258(text),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "utf-8-nfd", "cp1258"],
)
def test_text_encodings_are_decoded_to_nfc(encode, text_seen):
    detect.read_document(encode(HEADER), "ke-hoach.txt")
    assert text_seen == [HEADER]


def encode_cp1258(text: str) -> bytes:
    """Windows-1258: a letter with its vowel shape in one byte, its tone as a combining mark."""
    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            marks = unicodedata.normalize("NFD", char)
            tones = "".join(mark for mark in marks if mark in "\u0300\u0301\u0303\u0309\u0323")
            letter = unicodedata.normalize("NFC", "".join(m for m in marks if m not in tones))
            out += letter.encode("cp1258") + tones.encode("cp1258")
    return out


# -- legacy Vietnamese encodings ------------------------------------------------------
# TCVN3 (ABC): one byte per letter; the capitals with tones share the small
# letters' bytes (the ".VnTimeH" capitals font draws them as capitals).
TCVN3_LETTERS = "àảãáạăằẳẵắặâầẩẫấậđèẻẽéẹêềểễếệìỉĩíịòỏõóọôồổỗốộơờởỡớợùủũúụưừửữứựỳỷỹýỵ"
TCVN3_BYTES = bytes.fromhex(
    "b5b6b7b8b9 a8bbbcbdbec6 a9c7c8c9cacb ae cccecfd0d1 aad2d3d4d5d6 d7d8dcddde dfe1e2e3e4"
    " abe5e6e7e8e9 acea ebecedee eff1f2f3f4 adf5f6f7f8f9 fafbfcfdfe".replace(" ", "")
)
TCVN3_CAPITALS = {"Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7}


def encode_tcvn3(text: str) -> bytes:
    table = dict(zip(TCVN3_LETTERS, TCVN3_BYTES, strict=True))
    out = bytearray()
    for char in text:
        if char in TCVN3_CAPITALS:
            out.append(TCVN3_CAPITALS[char])
        elif char.lower() in table:
            out.append(table[char.lower()])
        else:
            out += char.encode("ascii")
    return bytes(out)


# VNI: the base letter, then one byte for its shape and tone together.
VNI_TONES = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï", "": ""}
VNI_CIRCUMFLEX = {
    "\u0301": "á",
    "\u0300": "à",
    "\u0309": "å",
    "\u0303": "ã",
    "\u0323": "ä",
    "": "â",
}
VNI_BREVE = {"\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë", "": "ê"}
VNI_I = {"\u0301": "í", "\u0300": "ì", "\u0309": "æ", "\u0303": "ó", "\u0323": "ò", "": "i"}


def encode_vni(text: str) -> bytes:
    out = ""
    for char in text:
        marks = unicodedata.normalize("NFD", char)
        base, rest = marks[0], marks[1:]
        tone = next((mark for mark in rest if mark in VNI_TONES), "")
        if char in "đĐ":
            vni = "ñ"
        elif not rest:
            vni = base
        elif base in "iI":
            vni = VNI_I[tone]
        elif base in "yY" and tone == "\u0323":
            vni = "î"
        elif "\u031b" in rest:  # horn: ơ, ư are one byte each
            vni = {"o": "ô", "u": "ö"}[base.lower()] + VNI_TONES[tone]
        elif "\u0302" in rest:
            vni = base + VNI_CIRCUMFLEX[tone]
        elif "\u0306" in rest:
            vni = base + VNI_BREVE[tone]
        else:
            vni = base + VNI_TONES[tone]
        out += vni.upper() if char.isupper() else vni
    return out.encode("cp1252")


def test_the_legacy_tables_match_known_text():
    assert encode_tcvn3(
        "Cộng hòa xã hội chủ nghĩa Việt Nam"
    ) == "Céng hßa x· héi chñ nghÜa ViÖt Nam".encode("cp1252")
    assert (
        encode_vni("Cộng hòa xã hội chủ nghĩa Việt Nam")
        == b"Co\xe4ng ho\xf8a xa\xf5 ho\xe4i chu\xfb ngh\xf3a Vie\xe4t Nam"
    )
    assert encode_vni("Độc lập - Tự do - Hạnh phúc") == "Ñoäc laäp - Töï do - Haïnh phuùc".encode(
        "cp1252"
    )


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (encode_tcvn3(HEADER), "TCVN3"),
        (encode_tcvn3(HEADER).decode("cp1252").encode("utf-8"), "TCVN3"),  # copied from Word
        (encode_vni(HEADER), "VNI"),
        (encode_vni(HEADER).decode("cp1252").encode("utf-8"), "VNI"),
        (encode_vni(HEADER.upper()), "VNI"),
        (
            encode_tcvn3("Căn cứ Quyết định số 297/QĐ-UBND của Ủy ban nhân dân tỉnh An Giang"),
            "TCVN3",
        ),
    ],
    ids=["tcvn3", "tcvn3-as-utf8", "vni", "vni-as-utf8", "vni-capitals", "tcvn3-one-line"],
)
def test_legacy_vietnamese_encodings_are_refused(data, encoding, text_seen):
    with pytest.raises(ImportFailure) as caught:
        detect.read_document(data, "cu.txt")
    assert caught.value.code == "legacy_encoding"
    assert encoding in caught.value.vi and "Unicode" in caught.value.vi
    assert encoding in caught.value.en
    assert text_seen == []


@pytest.mark.parametrize(
    "text",
    [
        HEADER,
        HEADER.upper(),
        (PLANS / "000_91be600319c8ab5d.txt").read_text(encoding="utf-8"),
        (PLANS / "001_6cb26fb914e0f802.txt").read_text(encoding="utf-8"),
        (PLANS / "nq03-cp-2025.md").read_text(encoding="utf-8"),
        "Le café « crème » coûte 2 € à Paris, où l'été est chaud ; 25 °C ± 2.",
        "TT Noi dung nhiem vu Co quan chu tri",
    ],
)
def test_unicode_text_is_not_taken_for_a_legacy_encoding(text):
    assert legacy_encoding(text) is None
