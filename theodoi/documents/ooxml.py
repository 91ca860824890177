"""Small python-docx helpers for the official form, shared by the renderer and the
script that makes the default template (plain Python, no Django)."""

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell

FONT = "Times New Roman"
# Nghị định 30/2020, Phụ lục I: A4, top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}


def set_font(target, name=FONT, size=None, bold=None, italic=None):
    """Set the font on a run or a style, for every script (ascii, hAnsi, eastAsia, cs).

    python-docx's ``font.name`` leaves theme fonts (``asciiTheme``) that Word prefers,
    so the ``rFonts`` element is replaced whole.
    """
    font = target.font
    element = target._r if hasattr(target, "_r") else target.element  # a run or a style
    rpr = element.get_or_add_rPr()
    old = rpr.find(qn("w:rFonts"))
    if old is not None:
        rpr.remove(old)
    fonts = OxmlElement("w:rFonts")
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)
    rpr.insert(0, fonts)
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic
    return target


def page_setup(section, landscape=False):
    """A4 with the decree's margins, portrait or landscape."""
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = PAGE_HEIGHT, PAGE_WIDTH
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    for side, value in MARGINS.items():
        setattr(section, f"{side}_margin", value)
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)


def usable_width(section):
    return section.page_width - section.left_margin - section.right_margin


def no_borders(table):
    """Remove every border of a table (the letterhead and the signature block)."""
    tbl_pr = table._tbl.tblPr
    old = tbl_pr.find(qn("w:tblBorders"))
    if old is not None:
        tbl_pr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def set_column_widths(table, widths):
    """Fix column widths (Word reads the cells', LibreOffice the grid's)."""
    table.autofit = False
    for index, width in enumerate(widths):
        table.columns[index].width = width
        for cell in table.columns[index].cells:
            cell.width = width


def bottom_rule(paragraph, left, right):
    """Turn an empty paragraph into a short horizontal rule between two indents."""
    fmt = paragraph.paragraph_format
    fmt.left_indent, fmt.right_indent, fmt.first_line_indent = left, right, Mm(0)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(2)
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p_pr.append(borders)
    return paragraph


def add_page_field(paragraph):
    """A PAGE field (complex field: begin, instruction, separate, result, end)."""

    def field_char(kind):
        run = paragraph.add_run()
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run._r.append(char)
        return run

    field_char("begin")
    instruction = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = " PAGE "
    instruction._r.append(text)
    field_char("separate")
    paragraph.add_run("2")
    field_char("end")
    for run in paragraph.runs:
        set_font(run, size=14)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Mm(0)  # Normal's indent would shift it
    paragraph.paragraph_format.space_after = Pt(0)


def repeat_header_row(row):
    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    tr_pr.append(element)


def keep_row_whole(row):
    """The row moves to the next page whole rather than split (the signature block)."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def fill_table(table, header, rows, widths=None):
    """Header row bold centred (repeated on each page), cells in the 'Table Text' style.

    Cells are reached through the row's XML and the style is set by its id: python-docx's
    ``row.cells`` and ``paragraph.style = name`` scan the table and the styles on each
    call, which made a province's appendices cost seconds."""
    style_id = table.part.styles["Table Text"].style_id
    for index, text in enumerate(header):
        paragraph = table.rows[0].cells[index].paragraphs[0]
        paragraph._p.style = style_id
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(str(text)).bold = True
    repeat_header_row(table.rows[0])
    for values in rows:
        row = table.add_row()
        for tc, value in zip(row._tr.tc_lst, values, strict=False):
            paragraph = _Cell(tc, table).paragraphs[0]
            paragraph._p.style = style_id
            paragraph.add_run("" if value is None else str(value))
    if widths:
        set_column_widths(table, widths)
