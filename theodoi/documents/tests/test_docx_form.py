"""The DOCX read back with python-docx: the form of Nghị định 30/2020, Phụ lục I."""

import io
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from theodoi.documents.official import (
    DEFAULT_TEMPLATE,
    Letterhead,
    OfficialDocument,
    render_docx,
)
from theodoi.documents.tests.conftest import make_document

CENTER = WD_ALIGN_PARAGRAPH.CENTER


def open_rendered(document):
    return Document(io.BytesIO(render_docx(document)))


def texts(cell):
    return [p.text for p in cell.paragraphs if p.text.strip()]


def paragraph(cell_or_doc, text):
    return next(p for p in cell_or_doc.paragraphs if p.text == text)


def bold(p):
    return all(r.bold or (r.bold is None and p.style.font.bold) for r in p.runs if r.text)


def italic(p):
    return all(r.italic for r in p.runs if r.text)


def sizes(p):
    return {(r.font.size or p.style.font.size).pt for r in p.runs if r.text}


def test_page_is_a4_with_the_decree_margins(state_document):
    section = open_rendered(state_document).sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert abs(section.page_width - Mm(210)) < Mm(0.5)
    assert abs(section.page_height - Mm(297)) < Mm(0.5)
    slack = Mm(0.1)  # Word stores twentieths of a point
    assert Mm(20) - slack <= section.top_margin <= Mm(25)
    assert Mm(20) - slack <= section.bottom_margin <= Mm(25)
    assert Mm(30) - slack <= section.left_margin <= Mm(35)
    assert Mm(15) - slack <= section.right_margin <= Mm(20)


def test_times_new_roman_body_justified_with_first_line_indent(state_document):
    docx = open_rendered(state_document)
    normal = docx.styles["Normal"]
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "eastAsia", "cs")} == {
        "Times New Roman"
    }
    assert Pt(13) <= normal.font.size <= Pt(14)
    assert normal.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert normal.paragraph_format.first_line_indent > 0
    for name in ("Heading 1", "Heading 2", "Table Text"):
        rfonts = docx.styles[name].element.rPr.find(qn("w:rFonts"))
        assert rfonts.get(qn("w:ascii")) == "Times New Roman"
        assert rfonts.get(qn("w:asciiTheme")) is None
    # Every run naming a font names Times New Roman.
    named = {r.font.name for p in docx.paragraphs for r in p.runs if r.font.name}
    for table in docx.tables:
        for cell in table._cells:
            named |= {r.font.name for p in cell.paragraphs for r in p.runs if r.font.name}
    assert named <= {"Times New Roman"}
    body = next(p for p in docx.paragraphs if p.text.startswith("Các sở, ban"))
    assert body.style.name == "Normal"


def test_state_letterhead_table(state_document):
    docx = open_rendered(state_document)
    header = docx.tables[0]
    assert len(header.columns) == 2
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}
    left, right = header.rows[0].cells
    assert texts(left) == ["UBND TỈNH AN GIANG", "BAN CHỈ ĐẠO 57", "Số: 12/BC-BCĐ"]
    assert not bold(paragraph(left, "UBND TỈNH AN GIANG"))
    assert bold(paragraph(left, "BAN CHỈ ĐẠO 57"))
    assert texts(right) == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "An Giang, ngày 05 tháng 01 năm 2026",
    ]
    assert bold(paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))
    assert bold(paragraph(right, "Độc lập - Tự do - Hạnh phúc"))
    date_line = paragraph(right, "An Giang, ngày 05 tháng 01 năm 2026")
    assert italic(date_line) and not bold(date_line)
    for cell in (left, right):
        for p in cell.paragraphs:
            assert p.alignment == CENTER
        # The short rule: an empty paragraph with a bottom border, narrower than the cell.
        rules = [
            p for p in cell.paragraphs if p._p.find(qn("w:pPr") + "/" + qn("w:pBdr")) is not None
        ]
        assert len(rules) == 1 and rules[0].paragraph_format.left_indent > Mm(10)
    # No Jinja left anywhere.
    assert "{" not in "".join(p.text for p in docx.paragraphs)
    assert "{" not in "".join(c.text for t in docx.tables for c in t._cells)


def test_party_letterhead(party_document):
    docx = open_rendered(party_document)
    left, right = docx.tables[0].rows[0].cells
    assert texts(left) == ["ĐẢNG BỘ TỈNH AN GIANG", "BAN CHỈ ĐẠO 57", "*", "Số 12-BC/BCĐ"]
    assert texts(right) == ["ĐẢNG CỘNG SẢN VIỆT NAM", "An Giang, ngày 05 tháng 01 năm 2026"]
    assert bold(paragraph(right, "ĐẢNG CỘNG SẢN VIỆT NAM"))
    assert "CỘNG HÒA" not in "".join(c.text for c in docx.tables[0]._cells)


def test_title_and_subject_centred_bold(state_document):
    docx = open_rendered(state_document)
    kind = paragraph(docx, "BÁO CÁO")
    subject = paragraph(docx, state_document.subject)  # "&" escaped and back
    for p in (kind, subject):
        assert p.alignment == CENTER and bold(p)
        assert p.paragraph_format.first_line_indent in (0, None)


def test_body_blocks_in_order_with_the_template_styles(state_document):
    docx = open_rendered(state_document)
    styled = [(p.style.name, p.text) for p in docx.paragraphs if p.text.strip()]
    names = [s for s, _ in styled]
    assert ("Heading 1", "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO") in styled
    assert ("Heading 2", "1. Ban hành văn bản") in styled
    assert names.index("Heading 1") < names.index("Heading 2")
    assert "<tỉnh>" in next(t for _, t in styled if t.startswith("Các sở"))
    table = next(t for t in docx.tables if t.cell(0, 0).text == "STT")
    assert [c.text for c in table.rows[1].cells] == ["1", "Sở Tài chính", "3"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(bold(p) for p in table.rows[0].cells[1].paragraphs if p.text)
    # In the body, between the headings and before the signature.
    body = list(docx.element.body)
    signature = next(t for t in docx.tables if "Nơi nhận:" in t.cell(0, 0).text)
    second = paragraph(docx, "II. KẾT QUẢ")
    assert body.index(table._tbl) < body.index(second._p) < body.index(signature._tbl)


def test_signature_and_recipients(state_document):
    docx = open_rendered(state_document)
    block = next(t for t in docx.tables if "Nơi nhận:" in t.cell(0, 0).text)
    left, right = block.rows[0].cells
    assert texts(left) == ["Nơi nhận:", *state_document.recipients]
    heading = paragraph(left, "Nơi nhận:")
    assert bold(heading) and italic(heading) and sizes(heading) == {12}
    for line in state_document.recipients:
        p = paragraph(left, line)
        assert sizes(p) == {11} and p.alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert texts(right) == ["TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN", "Nguyễn Văn An"]
    assert all(bold(paragraph(right, t)) for t in texts(right))
    assert all(p.alignment == CENTER for p in right.paragraphs)
    # Space for the signature between the position and the name.
    lines = [p.text for p in right.paragraphs]
    assert lines.index("Nguyễn Văn An") - lines.index("TRƯỞNG BAN") >= 4
    # The block is never split across two pages (the name alone at the top of a page).
    assert block.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None


def test_page_number_top_centre_from_page_two(state_document):
    section = open_rendered(state_document).sections[0]
    assert section.different_first_page_header_footer
    title_pg = section._sectPr.find(qn("w:titlePg"))
    assert title_pg is not None
    header = section.header.paragraphs[0]
    instructions = [e.text for e in header._p.iter(qn("w:instrText"))]
    assert [i.strip() for i in instructions] == ["PAGE"]
    assert header.alignment == CENTER
    first = section.first_page_header
    assert not list(first._element.iter(qn("w:instrText")))


def test_landscape_appendix_section(state_document):
    docx = open_rendered(state_document)
    portrait, appendix = docx.sections
    assert appendix.orientation == WD_ORIENT.LANDSCAPE
    assert appendix.page_width > appendix.page_height
    assert abs(appendix.page_width - Mm(297)) < Mm(0.5)
    assert not appendix.different_first_page_header_footer
    assert appendix.header.is_linked_to_previous
    table = docx.tables[-1]
    assert table.cell(1, 12).text == "Sở Xây dựng"
    portrait_width = portrait.page_width - portrait.left_margin - portrait.right_margin
    assert sum(c.width for c in table.rows[0].cells) > portrait_width
    # The appendix follows the signature.
    body = list(docx.element.body)
    signature = next(t for t in docx.tables if "Nơi nhận:" in t.cell(0, 0).text)
    assert body.index(signature._tbl) < body.index(table._tbl)


def test_without_landscape_one_section():
    docx = open_rendered(make_document(landscape=False))
    assert len(docx.sections) == 1


def test_template_is_plain_word_with_jinja_tags():
    template = Document(DEFAULT_TEMPLATE)
    text = "\n".join(p.text for p in template.paragraphs)
    cells = "\n".join(p.text for t in template.tables for c in t._cells for p in c.paragraphs)
    assert "{{ kind }}" in text and "{{ subject }}" in text and "{{ body }}" in text
    for tag in ("{{ letterhead.number }}", "{%p if letterhead.is_party %}", "{{ line }}"):
        assert tag in cells


def test_template_script_makes_the_committed_template(tmp_path):
    import importlib.util

    script = Path(__file__).resolve().parents[3] / "scripts/make_official_template.py"
    spec = importlib.util.spec_from_file_location("make_official_template", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    made = Document(module.make(tmp_path / "bao-cao.docx"))
    committed = Document(DEFAULT_TEMPLATE)
    assert made.element.body.xml == committed.element.body.xml


def test_a_broken_custom_template_is_reported(tmp_path, state_document):
    template = Document(DEFAULT_TEMPLATE)
    template.paragraphs[-1].text = "{{ body }}"
    for p in template.paragraphs:
        if p.text == "{{ body }}":
            p.text = "no body here"
    path = tmp_path / "custom.docx"
    template.save(path)
    with pytest.raises(ValueError, match="body"):
        render_docx(state_document, template=path)


def test_validation():
    with pytest.raises(ValueError):
        Letterhead("A", "B", "Số: 1", form="other")
    with pytest.raises(ValueError, match="Lưu"):
        doc = make_document()
        OfficialDocument(
            doc.letterhead, "An Giang", doc.date, "BÁO CÁO", "x", recipients=["- Như trên;"]
        )
