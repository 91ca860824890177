"""An official document (báo cáo, công văn) and its rendering to DOCX.

The form is that of Nghị định 30/2020/NĐ-CP, Phụ lục I (state bodies) or of
Hướng dẫn 36-HD/VPTW (bodies under the Party), chosen by ``Letterhead.form``. The
words and styles come from a docxtpl template the province may edit in Word; the
body is built here with the template's styles, and landscape appendices are added
after the signature as sections of their own.
"""

import datetime
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docxtpl import DocxTemplate

from theodoi.documents import ooxml

DEFAULT_TEMPLATE = Path(__file__).resolve().parent / "templates/official/bao-cao.docx"
FORMS = ("state", "party")
BODY_STYLES = ("Heading 1", "Heading 2", "Normal")
BODY_MARKER = "⟦theodoi:body⟧"  # what {{ body }} renders to, replaced by the blocks


PERIOD_WORDS = re.compile(r"\b(Tháng|Quý|Năm)\b")


def in_sentence(label):
    """A period's label within a sentence: “Tháng 3/2026” → “tháng 3/2026”."""
    return PERIOD_WORDS.sub(lambda found: found.group().lower(), label)


def place_and_date(place, day):
    """“An Giang, ngày 05 tháng 01 năm 2026”: days below 10 and months 1 and 2 take
    a leading zero (Nghị định 30/2020, Phụ lục I), other months do not."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


@dataclass
class Letterhead:
    governing_body: str  # "UBND TỈNH AN GIANG" / "ĐẢNG BỘ TỈNH AN GIANG"
    issuing_body: str  # "BAN CHỈ ĐẠO …"
    number: str  # "Số: …/BC-BCĐ" / "Số …-BC/BCĐ"
    form: str = "state"

    def __post_init__(self):
        if self.form not in FORMS:
            raise ValueError(f"form must be one of {FORMS}, not {self.form!r}")

    @property
    def is_party(self):
        return self.form == "party"


@dataclass
class Heading:
    text: str
    level: int = 1


@dataclass
class Paragraph:
    text: str


@dataclass
class Table:
    header: list[str]
    rows: list[list]
    title: str = ""  # "Phụ lục 1: …", shown above the table
    landscape: bool = False  # an appendix on landscape pages after the signature
    widths_mm: list[float] | None = None


@dataclass
class Signature:
    authority: str  # "TM. BAN CHỈ ĐẠO" / "KT. TRƯỞNG BAN"
    position: str  # "TRƯỞNG BAN" / "PHÓ TRƯỞNG BAN"
    name: str


@dataclass
class OfficialDocument:
    letterhead: Letterhead
    place: str
    date: datetime.date
    kind: str  # "BÁO CÁO"
    subject: str
    body: list = field(default_factory=list)  # Heading | Paragraph | Table
    signature: Signature | None = None
    recipients: list[str] = field(default_factory=list)  # last: "- Lưu: VT, …"
    excerpt: str = ""  # a letter's "V/v …", under its number (a report has none)
    addressees: list[str] = field(default_factory=list)  # a letter's "Kính gửi:"

    def __post_init__(self):
        if self.recipients and not self.recipients[-1].startswith("- Lưu"):
            raise ValueError("the last recipient line is the archive: “- Lưu: VT, …”")


def context(document, body):
    """What the template sees (upper case where the decree wants it)."""
    letterhead = document.letterhead
    signature = document.signature or Signature("", "", "")
    return {
        "letterhead": {
            "governing_body": letterhead.governing_body.upper(),
            "issuing_body": letterhead.issuing_body.upper(),
            "number": letterhead.number,
            "form": letterhead.form,
            "is_party": letterhead.is_party,
        },
        "place_date": place_and_date(document.place, document.date),
        "kind": document.kind.upper(),
        "subject": document.subject,
        "body": body,
        "signature": {
            "authority": signature.authority.upper(),
            "position": signature.position.upper(),
            "name": signature.name,
        },
        "recipients": list(document.recipients),
        "excerpt": document.excerpt,
        **addressee_context(document.addressees),
    }


def addressee_context(addressees):
    """“Kính gửi: Sở Tài chính.” on one line when there is one addressee; one line each,
    "- …;" and the last "- ….", when there are several."""
    names = [n.strip().removeprefix("- ").rstrip(";.").strip() for n in addressees if n.strip()]
    if len(names) == 1:
        return {"addressee": f"{names[0]}.", "addressee_lines": []}
    lines = [f"- {name};" for name in names]
    if lines:
        lines[-1] = lines[-1][:-1] + "."
    return {"addressee": "", "addressee_lines": lines}


def _widths(block, total):
    if block.widths_mm:
        return [ooxml.Mm(w) for w in block.widths_mm]
    return [int(total / len(block.header))] * len(block.header)


def _add_table(container, block, total_width):
    if block.title:
        title = container.add_paragraph(block.title, style="Heading 2")
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        title.paragraph_format.first_line_indent = 0
    table = container.add_table(rows=1, cols=len(block.header))
    table.style = "Table Grid"
    ooxml.fill_table(table, block.header, block.rows, _widths(block, total_width))
    return table


def _body(word, blocks, width):
    """Put the blocks where the template's ``{{ body }}`` paragraph is (python-docx on
    the same document, so the template's styles apply; no docxcompose needed).

    A paragraph is inserted before the marker with its style set by id: python-docx's
    ``add_paragraph(style=name)`` looks the style up and appends by scanning the whole
    body each time, which grew with the square of a province's report."""
    marker = next((p for p in word.paragraphs if p.text.strip() == BODY_MARKER), None)
    if marker is None:
        raise ValueError("the template has no paragraph holding only {{ body }}")
    styles = {name: word.styles[name].style_id for name in BODY_STYLES}
    anchor = marker._p
    for block in blocks:
        if isinstance(block, Heading):
            level = min(max(block.level, 1), 2)
            marker.insert_paragraph_before(block.text)._p.style = styles[f"Heading {level}"]
        elif isinstance(block, Paragraph):
            marker.insert_paragraph_before(block.text)._p.style = styles["Normal"]
        elif isinstance(block, Table):
            before = set(word.element.body)
            _add_table(word, block, width)
            word.add_paragraph(style="Table Text")
            for element in [e for e in word.element.body if e not in before]:
                anchor.addprevious(element)
        else:
            raise TypeError(f"not a block of an official document: {block!r}")
    anchor.getparent().remove(anchor)


def _appendices(word, tables):
    """Each landscape table on pages of its own, numbered on from the report."""
    for block in tables:
        section = word.add_section(WD_SECTION.NEW_PAGE)
        ooxml.page_setup(section, landscape=True)
        section.different_first_page_header_footer = False
        section.header.is_linked_to_previous = True
        _add_table(word, block, ooxml.usable_width(section))


def render_docx(document, template=DEFAULT_TEMPLATE):
    """The document as DOCX bytes, rendered from ``template`` (a path or a file)."""
    tpl = DocxTemplate(template)
    tpl.render(context(document, BODY_MARKER), autoescape=True)
    rendered = io.BytesIO()
    tpl.save(rendered)
    word = docx.Document(io.BytesIO(rendered.getvalue()))
    width = ooxml.usable_width(word.sections[0])
    inline = [b for b in document.body if not (isinstance(b, Table) and b.landscape)]
    _body(word, inline, width)
    _appendices(word, [b for b in document.body if isinstance(b, Table) and b.landscape])
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()
