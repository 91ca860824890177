"""Bad input is refused with one clear message, in Vietnamese and in English.

Each case is checked twice: ``read_document`` raises ``ImportFailure`` with its
code, and ``theodoi parse`` exits 2 with the message on stderr and nothing on
stdout.
"""

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.make_documents import encrypted_pdf, image_only_pdf, text_pdf, write_docx
from theodoi.importer import ImportFailure, detect, parse_bytes
from theodoi.importer.model import Paragraph, RawDocument

from .test_detect import HEADER, encode_tcvn3

THEODOI = Path(sys.executable).with_name("theodoi")
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


def docx_without_table() -> bytes:
    buffer = io.BytesIO()
    write_docx(RawDocument("x", [Paragraph("KẾ HOẠCH"), Paragraph("Không có phụ lục.")]), buffer)
    return buffer.getvalue()


def xlsx_without_table() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Báo cáo tháng 3"
    workbook.active["B2"] = 42
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def truncated_docx() -> bytes:
    data = docx_without_table()
    return data[: len(data) // 2]


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


CASES = {
    # name: (file name, bytes, code, words in the Vietnamese message, words in the English one)
    "empty": ("ke-hoach.txt", b"", "empty", "rỗng", "empty"),
    "blank": ("ke-hoach.txt", b" \r\n\t\n", "empty", "rỗng", "empty"),
    "image-named-txt": ("ke-hoach.txt", PNG * 40, "binary", "nhị phân", "binary"),
    "random-bytes": (
        "ke-hoach.txt",
        bytes((i * 73 + 41) % 255 + 1 for i in range(2000)),
        "binary",
        "nhị phân",
        "binary",
    ),
    "control-characters": (
        "ke-hoach.txt",
        bytes(range(1, 32)) * 20,
        "binary",
        "nhị phân",
        "binary",
    ),
    "unknown-encoding": (
        "ke-hoach.txt",
        "Grüße aus München und Köln, schöne Straße".encode("latin-1"),
        "unknown_encoding",
        "bảng mã",
        "encoding",
    ),
    "tcvn3": ("ke-hoach.txt", encode_tcvn3(HEADER), "legacy_encoding", "TCVN3", "TCVN3"),
    "docx-without-table": (
        "ke-hoach.docx",
        docx_without_table(),
        "nothing_found",
        "Không tìm thấy nhiệm vụ",
        "No task or indicator",
    ),
    "xlsx-without-table": (
        "ke-hoach.xlsx",
        xlsx_without_table(),
        "no_table",
        "không có bảng",
        "no task table",
    ),
    "encrypted-pdf": ("ke-hoach.pdf", encrypted_pdf(), "encrypted_pdf", "mật khẩu", "password"),
    "image-only-pdf": ("ke-hoach.pdf", image_only_pdf(), "image_only_pdf", "OCR", "OCR"),
    "corrupt-pdf": (
        "ke-hoach.pdf",
        b"%PDF-1.7\n" + b"\x00garbage" * 50,
        "corrupt",
        "hỏng",
        "damaged",
    ),
    "corrupt-zip": ("ke-hoach.docx", truncated_docx(), "corrupt", "hỏng", "damaged"),
    "other-zip": ("ke-hoach.docx", plain_zip(), "unsupported_zip", "ZIP", "ZIP"),
    "old-word": (
        "ke-hoach.doc",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512,
        "old_office",
        ".doc",
        ".doc",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_bad_input_is_refused_with_its_message(case):
    name, data, code, vi_words, en_words = CASES[case]
    with pytest.raises(ImportFailure) as caught:
        parse_bytes(data, name)
    assert caught.value.code == code
    assert vi_words in caught.value.vi and name in caught.value.vi
    assert en_words in caught.value.en and name in caught.value.en


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_theodoi_parse_exits_2_with_the_message_alone(case, tmp_path):
    name, data, _, vi_words, en_words = CASES[case]
    path = tmp_path / name
    path.write_bytes(data)
    for lang, words in (("vi", vi_words), ("en", en_words)):
        result = parse(path, "--json", "--lang", lang)
        assert (result.returncode, result.stdout) == (2, ""), result.stderr
        assert words in result.stderr
        assert result.stderr.count("\n") == 1, "one message, one line"


def parse(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(THEODOI), "parse", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    with pytest.raises(ImportFailure) as caught:
        detect.read_document(HEADER.encode(), "ke-hoach.txt", max_bytes=100)
    assert caught.value.code == "too_large"
    assert "quá lớn" in caught.value.vi and "100 B" not in caught.value.vi
    path = tmp_path / "ke-hoach.txt"
    path.write_bytes(b"a" * (21 * 1024 * 1024))  # over the default 20 MB
    result = parse(path)
    assert (result.returncode, result.stdout) == (2, "")
    assert "quá lớn (21.0 MB); giới hạn là 20 MB" in result.stderr


def test_a_missing_file_is_named(tmp_path):
    result = parse(tmp_path / "khong-co.docx", "--lang", "en")
    assert (result.returncode, result.stdout) == (2, "")
    assert "khong-co.docx does not exist" in result.stderr


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=3000), name=st.sampled_from(["a.txt", "a.docx", "a.pdf"]))
def test_any_bytes_give_a_document_or_a_clear_refusal(data, name):
    try:
        raw = detect.read_document(data, name)
    except ImportFailure as failure:
        assert failure.vi and failure.en
    else:
        assert raw.source == name


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_damaged_office_and_pdf_files_give_a_document_or_a_clear_refusal(handmade_forms, data):
    kind = data.draw(st.sampled_from(["docx", "xlsx", "pdf"]))
    original = text_pdf() if kind == "pdf" else handmade_forms[kind].read_bytes()
    damaged = bytearray(original)
    for _ in range(data.draw(st.integers(1, 8))):
        position = data.draw(st.integers(0, len(damaged) - 1))
        damaged[position] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(len(damaged) // 2, len(damaged)))
    try:
        detect.read_document(bytes(damaged[:cut]), f"a.{kind}")
    except ImportFailure:
        pass
