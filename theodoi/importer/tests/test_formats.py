"""The .docx, .xlsx and .pdf readers on the same plan, and the sample plans in every form."""

import importlib.util
import io
import json
from datetime import datetime

import docx
import openpyxl
import pdfplumber
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm, Pt

from tests.make_documents import header_height, with_genre_merges, write_docx, write_pdf
from theodoi.importer import parse_file
from theodoi.importer.build.header import read_header
from theodoi.importer.model import Paragraph, RawDocument, Table
from theodoi.importer.readers.docx import read_docx
from theodoi.importer.readers.pdf import (
    cell_texts,
    column_region,
    duplicate_chars,
    join_pages,
    line_join,
    read_pdf,
    with_pdfium,
)
from theodoi.importer.readers.xlsx import read_xlsx
from theodoi.lib.text import fold_case

from .conftest import PLANS, SAMPLES, need_soffice


def read(path, reader):
    return reader(path.read_bytes(), path.name)


def test_docx_gives_back_the_blocks_it_was_written_from(handmade, handmade_forms):
    blocks = read(handmade_forms["docx"], read_docx).blocks
    tables = [block for block in blocks if isinstance(block, Table)]
    # The header's "Thời gian" spans two columns: the cell right of it is covered across.
    assert (0, 5) in tables[1].across and (2, 2) in tables[1].across
    for table in tables:
        table.across = set()
    assert blocks == with_genre_merges(handmade).blocks


def test_xlsx_gives_back_the_blocks_it_was_written_from(handmade, handmade_forms):
    assert read(handmade_forms["xlsx"], read_xlsx).blocks == with_genre_merges(handmade).blocks


def test_merged_cells_are_none_and_empty_cells_are_empty(handmade_forms):
    for reader, path in ((read_docx, handmade_forms["docx"]), (read_xlsx, handmade_forms["xlsx"])):
        tasks = read(path, reader).blocks[7].rows
        assert tasks[0][4:] == ["Thời gian", None]  # merged across
        assert tasks[1][:4] == [None, None, None, None]  # header merged down
        assert tasks[2][2:] == [None] * 4  # a section heading written across
        assert tasks[5][2:4] == [None, None]  # 2.1 under its parent's lead and support
        assert tasks[7][2:] == ["", "", "", ""]  # parent 3: empty, its sub-tasks carry it


def test_pdf_gives_back_the_blocks_as_printed(handmade, handmade_pdf):
    """Line breaks fall where LibreOffice wraps the text, and the header row repeats
    on every page of the task table; otherwise the PDF reads back as it was written."""
    got = read(handmade_pdf, read_pdf).blocks
    tasks = [block for block in got if isinstance(block, Table)][1]
    header = tasks.rows[: header_height(tasks.rows)]
    assert tasks.rows.count(header[0]) >= 2, "the task table should run over two pages"
    assert folded(without_repeated_headers(got)) == folded(with_genre_merges(handmade).blocks)


def folded(blocks):
    """Blocks with whitespace folded, consecutive paragraphs as one text."""
    out = []
    for block in blocks:
        if isinstance(block, Table):
            out.append(
                [[None if cell is None else fold_case(cell) for cell in row] for row in block.rows]
            )
        elif out and isinstance(out[-1], str):
            out[-1] += " " + fold_case(block.text)
        else:
            out.append(fold_case(block.text))
    return out


def without_repeated_headers(blocks):
    out = []
    for block in blocks:
        if isinstance(block, Table):
            header = block.rows[: header_height(block.rows)]
            body = [row for row in block.rows[len(header) :] if row not in header]
            block = Table(rows=header + body)
        out.append(block)
    return out


def test_pdf_joins_a_table_continued_on_the_next_page(handmade_pdf):
    tables = [block for block in read(handmade_pdf, read_pdf).blocks if isinstance(block, Table)]
    assert len(tables) == 2


def test_pdf_text_outside_tables_is_one_paragraph_per_line(handmade_pdf):
    blocks = read(handmade_pdf, read_pdf).blocks
    assert blocks[:2] == [Paragraph("ỦY BAN NHÂN DÂN TỈNH AN GIANG"), Paragraph("Số: 01/KH-UBND")]
    assert blocks[-1] == Paragraph("- Như trên;")


WRAPPED_CELLS = [
    ["TT", "Nội dung nhiệm vụ", "Chủ trì", "Phối hợp", "Thời hạn", "Kết quả", "Ghi chú"],
    [
        "ABCDEFGHIJK",  # wider than its narrow column: LibreOffice cuts it in two
        "Xây dựng, trình Thủ tướng Chính phủ ban hành chương trình tuyên truyền "
        "thường xuyên, sâu rộng về nội dung Nghị quyết theo hướng đa dạng hóa",
        "Bộ Thông tin và Truyền thông\nBộ Khoa học và Công nghệ",
        "Các bộ\nỦy ban nhân dân các tỉnh, thành phố trực thuộc trung ương",
        "Quý IV/2025",
        "Quyết định của Thủ tướng Chính phủ",
        "",
    ],
]


def test_pdf_joins_a_cells_wrapped_lines_and_keeps_its_paragraphs(tmp_path):
    """A cell's text comes back as typed: the lines LibreOffice wraps are joined
    (a word cut for want of room without a space), the paragraphs stay lines."""
    need_soffice()
    raw = RawDocument(source="x.docx", blocks=[Paragraph("KẾ HOẠCH"), Table(rows=WRAPPED_CELLS)])
    write_docx(raw, tmp_path / "x.docx")
    write_pdf(tmp_path / "x.docx", tmp_path / "x.pdf")
    tables = [
        block for block in read(tmp_path / "x.pdf", read_pdf).blocks if isinstance(block, Table)
    ]
    assert tables[0].rows == WRAPPED_CELLS


def test_pdf_reads_the_chars_boxes_as_pdfminer_does(tmp_path, monkeypatch):
    """The chars are read with PDFium where it can, in pdfminer's boxes: a bold
    line keeps its descenders (``y``, ``g``), lines of small type their places."""
    need_soffice()
    document = docx.Document()
    lines = [
        ("KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH", True, 14),
        ("Ủy ban nhân dân tỉnh giao các sở, ngành thực hiện ngay.", False, 14),
        ("3. Cải cách tổ chức bộ máy", True, 14),
        ("6. Xây dựng và phát triển chính quyền số", True, 14),
        ("Nguyễn Ngọc Phúc", True, 14),
        ("- Thường trực Tỉnh ủy; gửi bản giấy", False, 11),
    ]
    for text, bold, size in lines:
        run = document.add_paragraph().add_run(text)
        run.bold, run.font.size, run.font.name = bold, Pt(size), "Times New Roman"
    document.save(tmp_path / "x.docx")
    write_pdf(tmp_path / "x.docx", tmp_path / "x.pdf")
    blocks = read(tmp_path / "x.pdf", read_pdf).blocks
    assert [block.text for block in blocks] == [text for text, _, _ in lines]
    data = (tmp_path / "x.pdf").read_bytes()
    with pdfplumber.open(io.BytesIO(data), unicode_norm="NFC") as pdf:
        mined = [box(char) for char in pdf.pages[0].chars if char["text"].strip()]
        with_pdfium(pdf, data)
        read_so = [box(char) for char in pdf.pages[0].chars if char["text"].strip()]
    assert [char[0] for char in read_so] == [char[0] for char in mined]
    gaps = [
        abs(a - b)
        for x, y in zip(read_so, mined, strict=True)
        for a, b in zip(x, y, strict=True)
        if not isinstance(a, str)
    ]
    assert max(gaps) < 0.02
    # pdfminer's boxes alone give the same blocks
    monkeypatch.setattr("theodoi.importer.readers.pdf.with_pdfium", lambda pdf, data: None)
    assert read(tmp_path / "x.pdf", read_pdf).blocks == blocks


def box(char: dict) -> tuple:
    """A char's text, its left and its top and bottom."""
    return (char["text"], char["x0"], char["top"], char["bottom"])


def word(x0: float, x1: float, text: str = "chữ", top: float = 0.0) -> dict:
    return {"x0": x0, "x1": x1, "top": top, "bottom": top + 12, "text": text}


def test_pdf_line_join_tells_a_paragraph_end_from_a_wrap():
    """A cell from 10 to 110 pt: a next word that would have fitted ends a paragraph."""
    short = [word(10, 40)]
    assert line_join(short, [word(10, 40)], 10, 110) == "\n"  # 30 pt would have fitted
    full = [word(10, 40), word(43, 100)]
    assert line_join(full, [word(10, 40)], 10, 110) is None  # did not fit: wrap or end
    assert line_join([word(10, 40), word(43, 100, "57-")], [word(10, 40)], 10, 110) == ""
    assert line_join([word(10, 40), word(43, 100, "IV/")], [word(10, 40)], 10, 110) == ""
    assert line_join([word(10, 40), word(43, 100, "-")], [word(10, 40)], 10, 110) is None
    cut = [word(10, 108, "1.2.3.4.5.6.7.8")]
    assert line_join(cut, [word(10, 16, "9")], 10, 110) == ""  # not a letter fitted
    centred = [word(45, 75)]  # 70 pt free around it, "Truyền" is 40
    assert line_join(centred, [word(40, 80)], 10, 110) == "\n"


class Row:
    def __init__(self, *cells):
        self.cells = list(cells)


def test_pdf_wider_line_gap_is_a_paragraph_break():
    """Where lines fill the cell, a wider gap between them (paragraph spacing) is
    a paragraph break; the usual gap is a wrap."""
    lines = [
        [word(10, 50, "Bộ", 0), word(53, 108, "Ngoại", 0)],
        [word(10, 50, "Bộ", 14), word(53, 108, "Công", 14)],  # 14 pt: a wrap
        [word(10, 50, "Cơ", 30), word(53, 108, "quan", 30)],  # 16 pt: a new paragraph
    ]
    assert cell_texts([Row((5, 0, 113, 50))], {(0, 0): lines}) == {
        (0, 0): "Bộ Ngoại Bộ Công\nCơ quan"
    }


def test_pdf_drops_a_char_drawn_twice():
    """Fake bold: the same char drawn again within a point is read once."""
    chars = [
        {"upright": True, "text": t, "fontname": "F", "size": 12, "x0": x, "doctop": y}
        for t, x, y in (("A", 10.0, 5.0), ("A", 10.4, 5.3), ("A", 30.0, 5.0), ("B", 10.0, 5.0))
    ]
    assert duplicate_chars(chars) == {id(chars[1])}


# -- what each reader does beyond the round trip ------------------------------------


def test_docx_leaves_out_header_and_footer_and_flattens_nested_tables():
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Trang đầu"
    document.sections[0].footer.paragraphs[0].text = "Trang 1"
    document.add_paragraph("KẾ HOẠCH")
    table = document.add_table(rows=2, cols=2)
    for cell, text in zip(table._cells, ["TT", "Nội dung", "1", "Các việc:"], strict=True):
        cell.text = text
    inner = table.cell(1, 1).add_table(rows=2, cols=2)
    for cell, text in zip(inner._cells, ["a)", "Rà soát", "b)", "Báo cáo"], strict=True):
        cell.text = text
    document.add_paragraph("Nơi nhận:")
    assert read_docx(saved(document), "x.docx").blocks == [
        Paragraph("KẾ HOẠCH"),
        Table(rows=[["TT", "Nội dung"], ["1", "Các việc:\na) Rà soát\nb) Báo cáo"]]),
        Paragraph("Nơi nhận:"),
    ]


MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
VML = "urn:schemas-microsoft-com:vml"


def test_docx_reads_a_text_box_once():
    """Word stores a text box twice (DrawingML and a VML fallback); it is read once."""
    document = docx.Document()
    box = "<w:txbxContent><w:p><w:r><w:t>Số: 01/KH-UBND</w:t></w:r></w:p></w:txbxContent>"
    paragraph = document.add_paragraph("An Giang, ngày 04 tháng 4 năm 2025")
    paragraph._p.append(
        parse_xml(
            f"<w:r {nsdecls('w')} xmlns:mc={MC!r} xmlns:v={VML!r}><mc:AlternateContent>"
            f'<mc:Choice Requires="wps"><w:drawing>{box}</w:drawing></mc:Choice>'
            f"<mc:Fallback><w:pict><v:textbox>{box}</v:textbox></w:pict></mc:Fallback>"
            "</mc:AlternateContent></w:r>"
        )
    )
    document.add_table(rows=1, cols=1)
    assert read_docx(saved(document), "x.docx").blocks[:2] == [
        Paragraph("Số: 01/KH-UBND"),
        Paragraph("An Giang, ngày 04 tháng 4 năm 2025"),
    ]


def saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_xlsx_shows_numbers_and_dates_as_the_cells_show_them():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"], sheet["D1"] = "ỦY BAN NHÂN DÂN TỈNH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    sheet.append([])
    sheet.append(["STT", "Tên nhiệm vụ", "Chỉ tiêu", "Tỷ lệ", "Hạn", "Tháng"])
    sheet.append([1, "Rà soát", 5.0, 0.7, datetime(2025, 7, 31), datetime(2025, 7, 1)])
    sheet.append([2.1, "Báo cáo", 14.5, 0.125, datetime(2025, 12, 1), datetime(2025, 10, 1)])
    for row, formats in ((4, ("0%", "dd/mm/yyyy", "mm/yyyy")), (5, ("0.0%", "d/m/yy", "m/yyyy"))):
        for column, number_format in zip("DEF", formats, strict=True):
            sheet[f"{column}{row}"].number_format = number_format
    hidden = workbook.create_sheet("Nháp")
    hidden["A1"] = "không đọc"
    hidden.sheet_state = "hidden"
    assert read_xlsx(saved(workbook), "x.xlsx").blocks == [
        Paragraph("ỦY BAN NHÂN DÂN TỈNH"),
        Paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        Table(
            rows=[
                ["STT", "Tên nhiệm vụ", "Chỉ tiêu", "Tỷ lệ", "Hạn", "Tháng"],
                ["1", "Rà soát", "5", "70%", "31/07/2025", "07/2025"],
                ["2.1", "Báo cáo", "14.5", "12.5%", "01/12/2025", "10/2025"],
            ]
        ),
    ]


def test_pdf_pages_join_only_a_table_that_runs_on():
    header = ["TT", "Nội dung nhiệm vụ", "Chủ trì"]
    pages = [
        [Paragraph("Phụ lục"), Table([header, ["1", "a", "b"]]), Paragraph("- 2 -")],
        [Paragraph("Trang 3"), Table([header, ["2", "c", None]])],  # the header repeated
        [Table([["3", "e", "f"]])],  # a data row first
        [Table([["TT", "Chỉ tiêu", "Đơn vị"], ["1", "g", "%"]])],  # another table
        [Table([["1", "h"]])],  # other columns
    ]
    assert join_pages(pages) == [
        Paragraph("Phụ lục"),
        Table([header, ["1", "a", "b"], header, ["2", "c", None], ["3", "e", "f"]]),
        Table([["TT", "Chỉ tiêu", "Đơn vị"], ["1", "g", "%"]]),
        Table([["1", "h"]]),
    ]


# -- the sample plans in every form ---------------------------------------------------

spec = importlib.util.spec_from_file_location("score_import", PLANS.parent / "score_import.py")
score_import = importlib.util.module_from_spec(spec)
spec.loader.exec_module(score_import)


def accuracy(expected: dict, actual: dict) -> float:
    """The scorer's overall field accuracy (its last printed line)."""
    tally = score_import.score(expected, actual)
    right = sum(tally.right.values())
    total = sum(tally.total.values()) + sum(tally.extra.values())
    return right / total if total else 1.0


def content(plan: dict) -> dict:
    """Everything but the file name and the importer's doubts."""
    return {key: value for key, value in plan.items() if key not in ("source", "warnings")}


def expected_plan(name: str) -> dict:
    return json.loads((PLANS / f"{name}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("form", ["docx", "xlsx"])
@pytest.mark.parametrize("name", SAMPLES)
def test_sample_plan_reads_the_same_from_word_and_excel(name, form, sample_forms):
    from_text = parse_file(sample_forms[name]["txt"])
    plan = parse_file(sample_forms[name][form])
    assert accuracy(expected_plan(name), plan) >= 0.97
    assert content(plan) == content(from_text)


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_plan_reads_the_same_from_pdf(name, sample_forms, sample_pdfs):
    """Compared by the scorer, not for equality: the PDF is the .docx typeset by
    LibreOffice, so text comes back wrapped where LibreOffice wraps it. A line
    broken right after a hyphen (``09-`` / ``KH/BCĐ``) folds to ``09- KH/BCĐ``
    (the scorer ignores spaces next to ``-`` and ``/``), and a heading wrapped
    onto a second line (``… TỈNH AN`` / ``GIANG``) is no longer the one line the
    text form has."""
    from_text = parse_file(sample_forms[name]["txt"])
    plan = parse_file(sample_pdfs[name])
    assert accuracy(expected_plan(name), plan) >= 0.97
    assert accuracy(from_text, plan) >= 0.99


# -- a PDF laid out in columns without rules ------------------------------------------

HEADER = (
    ["ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG", "Số: 12/KH-UBND"],
    [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Lâm Đồng, ngày 05 tháng 01 năm 2026",
    ],
)
SIGNATURE = (
    [
        "Nơi nhận:",
        "- Bộ Nội vụ;",
        "- Thường trực Tỉnh ủy;",
        "- Thường trực HĐND tỉnh;",
        "- Các sở, ban, ngành;",
        "- Lưu: VT, NC.",
    ],
    ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "", "Nguyễn Văn A"],
)


def borderless_table(document, columns, widths_cm) -> None:
    """A one-row table with no rules (python-docx's default), one cell per column,
    each of its lines a centred paragraph, as Word's header and signature tables."""
    table = document.add_table(rows=1, cols=len(columns))
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)  # the grid, which LibreOffice lays out by
    for cell, lines, width in zip(table.rows[0].cells, columns, widths_cm, strict=True):
        cell.width = Cm(width)
        cell.paragraphs[0].text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line)
        for paragraph in cell.paragraphs:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def test_pdf_reads_a_borderless_two_column_header_and_signature_column_by_column(tmp_path):
    """Word's header and signature blocks are tables without rules: each printed
    line holds a line of both columns. They come back a column at a time, the
    left column's lines first, as the .docx reader reads the two cells."""
    need_soffice()
    document = docx.Document()
    borderless_table(document, HEADER, (6.5, 9.5))
    document.add_paragraph("KẾ HOẠCH").alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("Cải cách hành chính năm 2026")
    body = "Ủy ban nhân dân tỉnh ban hành Kế hoạch cải cách hành chính năm 2026 như sau. "
    document.add_paragraph("I. MỤC ĐÍCH, YÊU CẦU")
    document.add_paragraph(body * 3)
    borderless_table(document, SIGNATURE, (8, 8))
    document.save(tmp_path / "x.docx")
    write_pdf(tmp_path / "x.docx", tmp_path / "x.pdf")
    lines = [block.text for block in read(tmp_path / "x.pdf", read_pdf).blocks]
    assert lines[:6] == [*HEADER[0], *HEADER[1]]
    assert lines[6:8] == ["KẾ HOẠCH", "Cải cách hành chính năm 2026"]
    # the recipients below the signer's name are left after the right column
    assert lines[-9:] == [*SIGNATURE[0][:5], *SIGNATURE[1][:2], "Nguyễn Văn A", "- Lưu: VT, NC."]
    header = read_header(lines, " ".join(lines))
    assert header["issuer"] == "Ủy ban nhân dân tỉnh Lâm Đồng"
    assert (header["number"], header["place"], header["date"]) == (
        "12/KH-UBND",
        "Lâm Đồng",
        "2026-01-05",
    )
    assert header["signer"] == {"name": "Nguyễn Văn A", "position": "Phó Chủ tịch"}


def test_pdf_body_lines_are_not_read_as_columns():
    """A line whose words leave one wide gap is no column unless the lines around
    it leave the same gap clear; a table without rules (three columns) stays in rows."""

    def line(*spans, top=0.0):
        return [word(x0, x1, "chữ", top) for x0, x1 in spans]

    body = [line((10, 60), (90, 200), top=0), line((10, 200), top=14)]
    assert column_region(body, 0, []) is None
    columns = [line((10, 60), (90, 200), top=0), line((10, 50), (95, 150), top=14)]
    assert column_region(columns, 0, []) == (2, (60, 90))
    rows = [line((10, 40), (70, 120), (150, 200), top=14 * k) for k in range(3)]
    assert column_region(rows, 0, []) is None
