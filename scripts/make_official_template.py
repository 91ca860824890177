"""Make the default templates of an official report and of a letter (công văn), in the
form of Nghị định 30/2020/NĐ-CP.

    .venv/bin/python scripts/make_official_template.py [DIR]

writes ``bao-cao.docx`` and ``cong-van.docx`` in ``theodoi/documents/templates/official/``
(committed with this script) or in DIR. Each is a docxtpl template: plain Word with
Jinja tags a clerk can keep while changing wording and styles (``{{ }}``, and
``{%p … %}`` alone in a paragraph). The body (``{{ body }}``, a paragraph of its own) is
built by ``theodoi.documents.official.render_docx`` with the template's own styles: Normal,
Heading 1, Heading 2, Table Text and Table Grid.
"""

import sys
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt, RGBColor

from theodoi.documents import ooxml

FOLDER = Path(__file__).resolve().parent.parent / "theodoi/documents/templates/official"
OUT = FOLDER / "bao-cao.docx"
LETTER_OUT = FOLDER / "cong-van.docx"


def _styles(document):
    normal = document.styles["Normal"]
    ooxml.set_font(normal, size=14)
    fmt = normal.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Mm(10)
    fmt.space_before, fmt.space_after = Pt(0), Pt(6)
    fmt.line_spacing = 1.1
    for name in ("Heading 1", "Heading 2"):
        style = document.styles[name]
        ooxml.set_font(style, size=14, bold=True, italic=name == "Heading 2")
        style.font.color.rgb = RGBColor(0, 0, 0)
        fmt = style.paragraph_format
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt.first_line_indent = Mm(10)
        fmt.space_before, fmt.space_after = Pt(6), Pt(6)
        fmt.keep_with_next = True
    table_text = document.styles.add_style("Table Text", 1)  # paragraph style
    table_text.base_style = normal
    ooxml.set_font(table_text, size=12)
    fmt = table_text.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
    fmt.first_line_indent = Mm(0)
    fmt.space_before, fmt.space_after = Pt(2), Pt(2)
    fmt.line_spacing = 1.0


def _line(container, text="", size=13, bold=False, italic=False, align=WD_ALIGN_PARAGRAPH.CENTER):
    """A paragraph without indent or spacing, in one run (so Jinja tags stay whole)."""
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Mm(0)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    paragraph.alignment = align
    if text:
        ooxml.set_font(paragraph.add_run(text), size=size, bold=bold, italic=italic)
    return paragraph


def _first_paragraph(cell, *args, **kwargs):
    """Fill a cell's own first paragraph (a cell always has one)."""
    paragraph = _line(cell, *args, **kwargs)
    cell._tc.remove(cell.paragraphs[0]._p)
    return paragraph


def _letterhead(document, letter=False):
    table = document.add_table(rows=1, cols=2)
    ooxml.no_borders(table)
    ooxml.set_column_widths(table, [Mm(62), Mm(103)])
    left, right = table.rows[0].cells
    _first_paragraph(left, "{{ letterhead.governing_body }}")
    _line(left, "{{ letterhead.issuing_body }}", bold=True)
    _line(left, "{%p if letterhead.is_party %}")
    _line(left, "*")
    _line(left, "{%p else %}")
    ooxml.bottom_rule(_line(left), Mm(20), Mm(20))
    _line(left, "{%p endif %}")
    _line(left, "{{ letterhead.number }}").paragraph_format.space_before = Pt(6)
    if letter:  # the excerpt under the number, 13 pt, centred (Phụ lục I, ô 5b)
        _line(left, "{{ excerpt }}", size=13).paragraph_format.space_before = Pt(4)

    _first_paragraph(right, "{%p if letterhead.is_party %}")
    _line(right, "ĐẢNG CỘNG SẢN VIỆT NAM", size=15, bold=True)
    _line(right, "{%p else %}")
    _line(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True)
    _line(right, "Độc lập - Tự do - Hạnh phúc", size=14, bold=True)
    _line(right, "{%p endif %}")
    ooxml.bottom_rule(_line(right), Mm(21), Mm(21))
    date = _line(right, "{{ place_date }}", size=14, italic=True)
    date.paragraph_format.space_before = Pt(6)


def _title(document):
    _line(document).paragraph_format.space_after = Pt(12)
    _line(document, "{{ kind }}", size=14, bold=True)
    _line(document, "{{ subject }}", size=14, bold=True)
    rule = ooxml.bottom_rule(_line(document), Mm(62), Mm(62))
    rule.paragraph_format.space_after = Pt(12)
    document.add_paragraph("{{ body }}")


def _addressees(document):
    """“Kính gửi: X.” on one line, or “Kính gửi:” and one line per addressee."""
    _line(document).paragraph_format.space_after = Pt(6)
    _line(document, "{%p if addressee %}")
    _line(document, "Kính gửi: {{ addressee }}", size=14)
    _line(document, "{%p else %}")
    _line(document, "Kính gửi:", size=14)
    _line(document, "{%p for line in addressee_lines %}")
    lines = _line(document, "{{ line }}", size=14, align=WD_ALIGN_PARAGRAPH.LEFT)
    lines.paragraph_format.left_indent = Mm(45)
    _line(document, "{%p endfor %}")
    _line(document, "{%p endif %}")
    _line(document).paragraph_format.space_after = Pt(6)
    document.add_paragraph("{{ body }}")


def _signature(document):
    _line(document)
    table = document.add_table(rows=1, cols=2)
    ooxml.no_borders(table)
    ooxml.set_column_widths(table, [Mm(75), Mm(90)])
    ooxml.keep_row_whole(table.rows[0])
    left, right = table.rows[0].cells
    left_align = WD_ALIGN_PARAGRAPH.LEFT
    _first_paragraph(left, "Nơi nhận:", size=12, bold=True, italic=True, align=left_align)
    _line(left, "{%p for line in recipients %}", align=left_align)
    _line(left, "{{ line }}", size=11, align=left_align)
    _line(left, "{%p endfor %}", align=left_align)

    _first_paragraph(right, "{{ signature.authority }}", size=14, bold=True)
    _line(right, "{{ signature.position }}", size=14, bold=True)
    for _ in range(4):
        _line(right, size=14)
    _line(right, "{{ signature.name }}", size=14, bold=True)


def _page_numbers(section):
    """Page numbers top centre from page 2: a different (empty) first-page header."""
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    ooxml.add_page_field(header.paragraphs[0])
    section.first_page_header.paragraphs[0].text = ""


def _make(out, title, letter=False):
    document = Document()
    _styles(document)
    section = document.sections[0]
    ooxml.page_setup(section)
    _page_numbers(section)
    _letterhead(document, letter=letter)
    if letter:
        _addressees(document)
    else:
        _title(document)
    _signature(document)
    document.core_properties.author = "theodoi"
    document.core_properties.title = title
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    document.save(out)
    return out


def make(out=OUT):
    """The report's template (báo cáo): its kind and subject as a title."""
    return _make(out, "Báo cáo (mẫu Nghị định 30/2020/NĐ-CP)")


def make_letter(out=LETTER_OUT):
    """The letter's template (công văn): no title; the excerpt under the number, then
    “Kính gửi:”."""
    return _make(out, "Công văn (mẫu Nghị định 30/2020/NĐ-CP)", letter=True)


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else FOLDER
    print(make(folder / OUT.name))
    print(make_letter(folder / LETTER_OUT.name))
