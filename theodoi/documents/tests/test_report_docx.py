"""The committee's report compiled from the database, as DOCX (read back with
python-docx) and as PDF (LibreOffice, read back with pdfplumber).

The expected texts are read from the rows the fixture made (reports, items, KPI
values), not from the compiled report, except the task classes (counted against the
rows in ``reporting.tests.test_compiled``).
"""

import dataclasses
import io
import shutil
from pathlib import Path

import pdfplumber
import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from theodoi.bodies.models import Body
from theodoi.documents.pdf import docx_to_pdf
from theodoi.documents.report import edited, file_stem, report_docx, subject
from theodoi.documents.tests.report_fixtures import (
    ADDRESSED,
    DAY,
    FINANCE,
    HEALTH,
    JUSTICE,
    TITLE,
    report_data,
)
from theodoi.lib.numbers import format_number
from theodoi.reporting.models import KpiValue, Report, ReportItem
from theodoi.reporting.selectors.compiled import report_compile

__all__ = ["report_data"]

pytestmark = pytest.mark.django_db

SCREENSHOTS = Path(__file__).resolve().parents[3] / "var/screenshots"
HEADINGS = [
    "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO",
    "II. KẾT QUẢ THỰC HIỆN",
    "III. TỒN TẠI, HẠN CHẾ, NGUYÊN NHÂN",
    "IV. NHIỆM VỤ TRỌNG TÂM KỲ TỚI",
    "V. KIẾN NGHỊ, ĐỀ XUẤT",
]
LEADERSHIP = "Ban Chỉ đạo họp phiên thứ ba.\n\nBan hành Kế hoạch số 12/KH-BCĐ."


def render(report_data, **options):
    _plan, _periods, committee, compiled = report_data
    return report_docx(
        compiled, committee=committee, leadership=LEADERSHIP, number=7, day=DAY, **options
    )


def accepted(period, field):
    """(body, text) of the period's accepted items with ``field``, read from the rows."""
    return [
        (item.report.body.name, getattr(item, field))
        for item in ReportItem.objects.filter(report__period=period).select_related("report__body")
        if item.report.state == "accepted" and getattr(item, field)
    ]


def header(table):
    return [cell.text for cell in table.rows[0].cells]


def table_with(docx, first_header):
    return next(t for t in docx.tables if header(t)[0] == first_header)


def rows(table):
    return [[cell.text for cell in row.cells] for row in table.rows[1:]]


def test_the_parts_and_figures(report_data):
    plan, periods, committee, compiled = report_data
    docx = Document(io.BytesIO(render(report_data)))
    styled = [(p.style.name, p.text) for p in docx.paragraphs if p.text.strip()]
    lines = [text for _, text in styled]
    for heading in HEADINGS:
        assert ("Heading 1", heading) in styled
    assert [t for s, t in styled if s == "Heading 1"] == HEADINGS
    assert "Ban Chỉ đạo họp phiên thứ ba." in lines and "Ban hành Kế hoạch số 12/KH-BCĐ." in lines
    assert subject(compiled) in lines
    assert subject(compiled) == (
        f"Kết quả thực hiện {TITLE} tháng 3/2026; nhiệm vụ trọng tâm tháng 4/2026"
    )
    letterhead = docx.tables[0].cell(0, 0).text
    assert "Số: 7/BC-BCĐ" in letterhead and committee.name.upper() in letterhead

    # II.1: every class, its count, the previous count and the change with its sign.
    classes = table_with(docx, "Phân loại")
    assert rows(classes) == [
        [c.label, str(c.count), str(c.previous), f"+{c.change}" if c.change > 0 else str(c.change)]
        for c in compiled.classes
    ]
    assert f"kế hoạch có {compiled.total} nhiệm vụ" in "\n".join(lines)

    # II.2 and Phụ lục 2: every KPI's value as the rows hold it, Vietnamese style.
    values = {
        v.indicator.code: format_number(v.value)
        for v in KpiValue.objects.filter(report__period=periods[3]).select_related("indicator")
        if v.report.state == "accepted"
    }
    assert values == {"1": "85,5", "2": "40"}
    kpi_tables = [t for t in docx.tables if header(t)[1:2] == ["Chỉ tiêu"]]
    assert len(kpi_tables) == 2  # in II.2 and in the appendix
    for table in kpi_tables:
        found = {row[1].split(".")[0]: row[4] for row in rows(table)}
        assert found == {**values, "3": ""}
        assert [row[5] for row in rows(table)] == ["Đạt", "Chưa đạt", "Chưa có số liệu"]

    # II.3: each accepted result, attributed; a text not accepted is absent.
    for body, text in accepted(periods[3], "results"):
        assert f"- {text} ({body})" in lines
    assert "Chưa tiếp nhận" not in "\n".join(lines)

    # II.4: the late and the missing, by name.
    late = [r.body.name for r in Report.objects.filter(period=periods[3], late=True)]
    reported = Report.objects.filter(period=periods[3]).values_list("body__name", flat=True)
    missing = [
        b.name
        for b in Body.objects.filter(assignments__plan=plan).distinct()
        if b.name not in reported
    ]
    assert (late, missing) == ([HEALTH], [JUSTICE])
    assert f"- Gửi trễ hạn: {HEALTH}." in lines and f"- Chưa gửi: {JUSTICE}." in lines
    assert any(line.startswith("- Gửi đúng hạn:") and FINANCE in line for line in lines)

    # III: every difficulty of an accepted report; V: every proposal.
    difficulties = accepted(periods[3], "difficulties")
    assert len(difficulties) == 4
    for body, text in difficulties:
        assert f"- {body}: {text}" in lines
    for body, text in accepted(periods[3], "proposals"):
        assert f"- {text} ({body})" in lines
    # IV: task 4 (20/04/2026), led by Sở Tài chính.
    assert "Các nhiệm vụ đến hạn trong tháng 4/2026 cần tập trung thực hiện:" in lines
    assert "- 4. Nhiệm vụ 4 (chủ trì: Sở Tài chính; hạn 20/04/2026)." in lines


def test_appendices_on_landscape_pages(report_data):
    docx = Document(io.BytesIO(render(report_data)))
    portrait, *appendices = docx.sections
    assert portrait.orientation == WD_ORIENT.PORTRAIT
    assert len(appendices) == 3
    for section in appendices:
        assert section.orientation == WD_ORIENT.LANDSCAPE
        assert abs(section.page_width - Mm(297)) < Mm(0.5)
    titles = [p.text for p in docx.paragraphs if p.text.startswith("Phụ lục")]
    assert titles == [
        "Phụ lục 1: Nhiệm vụ quá hạn",
        "Phụ lục 2: Kết quả thực hiện chỉ tiêu",
        "Phụ lục 3: Tình hình gửi báo cáo của các cơ quan, đơn vị",
    ]
    # Tasks 2 (due 10/03) and 3 (due 25/03) on 26/03/2026, led by their leads.
    overdue = next(t for t in docx.tables if header(t)[-1] == "Số ngày quá hạn")
    assert rows(overdue) == [
        ["1", "2", "Nhiệm vụ 2", FINANCE, "10/03/2026", "16"],
        ["2", "3", "Nhiệm vụ 3", HEALTH, "25/03/2026", "1"],
    ]
    matrix = next(t for t in docx.tables if header(t)[1:2] == ["Cơ quan, đơn vị"])
    assert header(matrix) == [
        "STT",
        "Cơ quan, đơn vị",
        "Tháng 2/2026",
        "Tháng 3/2026",
    ]
    cells = {row[1]: row[2:] for row in rows(matrix)}
    assert cells[JUSTICE] == ["Chưa bắt đầu", "Chưa bắt đầu"]
    assert cells[HEALTH] == ["Đã tiếp nhận", "Đã tiếp nhận"]
    body = list(docx.element.body)
    signature = next(t for t in docx.tables if "Nơi nhận:" in t.cell(0, 0).text)
    assert body.index(signature._tbl) < body.index(overdue._tbl) < body.index(matrix._tbl)


def test_page_and_font_of_the_decree(report_data):
    docx = Document(io.BytesIO(render(report_data)))
    section = docx.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.5)
    assert abs(section.page_height - Mm(297)) < Mm(0.5)
    slack = Mm(0.1)
    assert Mm(20) - slack <= section.top_margin <= Mm(25)
    assert Mm(20) - slack <= section.bottom_margin <= Mm(25)
    assert Mm(30) - slack <= section.left_margin <= Mm(35)
    assert Mm(15) - slack <= section.right_margin <= Mm(20)
    normal = docx.styles["Normal"]
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:ascii")) == "Times New Roman"
    assert Pt(13) <= normal.font.size <= Pt(14)
    assert normal.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    leadership = next(p for p in docx.paragraphs if p.text == "Ban Chỉ đạo họp phiên thứ ba.")
    assert leadership.style.name == "Normal" and leadership.alignment in (
        None,
        WD_ALIGN_PARAGRAPH.JUSTIFY,
    )


def test_empty_parts_say_so(report_data):
    _plan, _periods, committee, compiled = report_data
    empty = dataclasses.replace(
        compiled,
        kpis=(),
        difficulties=(),
        proposals=(),
        proposals_by_addressee=(),
        next_tasks=(),
        overdue=(),
        next_label=None,
        sections=tuple(dataclasses.replace(s, passages=()) for s in compiled.sections),
    )
    docx = Document(io.BytesIO(report_docx(empty, committee=committee, day=DAY)))
    lines = [p.text for p in docx.paragraphs]
    assert "[Chưa nhập nội dung công tác lãnh đạo, chỉ đạo trong kỳ.]" in lines
    assert "Kế hoạch không có chỉ tiêu đang theo dõi." in lines
    assert lines.count("Chưa có kết quả được báo cáo trong kỳ.") == len(compiled.sections)
    assert "Các cơ quan, đơn vị không báo cáo khó khăn, vướng mắc." in lines
    assert "Không có nhiệm vụ đến hạn trong kỳ tới." in lines
    assert "Các cơ quan, đơn vị không có kiến nghị, đề xuất." in lines
    assert [p.text for p in docx.paragraphs if p.text.startswith("Phụ lục")] == [
        "Phụ lục 1: Tình hình gửi báo cáo của các cơ quan, đơn vị"
    ]
    assert "nhiệm vụ trọng tâm" not in subject(empty)
    assert "Số: " in docx.tables[0].cell(0, 0).text


def test_proposals_by_addressee_else_by_body(report_data):
    _plan, _periods, committee, compiled = report_data
    docx = Document(io.BytesIO(render(report_data)))
    lines = [p.text for p in docx.paragraphs if p.text.strip()]
    start, end = lines.index("V. KIẾN NGHỊ, ĐỀ XUẤT"), lines.index("Phụ lục 1: Nhiệm vụ quá hạn")
    part = lines[start + 1 : end]
    assert part == [
        "1. Đối với UBND tỉnh",
        f"- {ADDRESSED} ({FINANCE})",
        "2. Kiến nghị, đề xuất khác",
        f"- Bổ sung biên chế ({FINANCE})",
        f"- Khen thưởng ({HEALTH})",
    ]
    dropped = edited(compiled, {passage_key(compiled, ADDRESSED): {"drop": True}})
    docx = Document(io.BytesIO(report_docx(dropped, committee=committee, day=DAY)))
    lines = [p.text for p in docx.paragraphs]
    assert f"1. {FINANCE}" in lines and f"2. {HEALTH}" in lines  # none addressed: by body
    assert "Kiến nghị, đề xuất khác" not in lines


def test_first_period_has_no_comparison(report_data):
    plan, periods, committee, _compiled = report_data
    first = report_compile(plan, period=periods[2])
    assert first.previous_total is None
    docx = Document(io.BytesIO(report_docx(first, committee=committee, day=DAY)))
    assert header(table_with(docx, "Phân loại")) == ["Phân loại", "Số nhiệm vụ"]
    assert rows(table_with(docx, "Phân loại")) == [[c.label, str(c.count)] for c in first.classes]


def test_file_stem(report_data):
    assert file_stem(report_data[3]) == "bao-cao-thang-3-2026"
    span = dataclasses.replace(report_data[3], period_label="Quý IV/2026")
    assert file_stem(span) == "bao-cao-quy-iv-2026"
    assert subject(span).endswith("quý IV/2026; nhiệm vụ trọng tâm tháng 4/2026")


# --- Through LibreOffice ------------------------------------------------------------


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_pdf_text_and_pages(report_data, settings):
    settings.THEODOI_SOFFICE = shutil.which("soffice")
    _plan, periods, _committee, compiled = report_data
    pdf = docx_to_pdf(render(report_data))
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        pages = document.pages
        text = " ".join(" ".join((page.extract_text() or "").split()) for page in pages)
        first = pages[0]
        assert abs(first.width - 595) <= 2 and abs(first.height - 842) <= 2
        appendix = [p for p in pages if "Phụ lục" in (p.extract_text() or "")]
        assert len(appendix) >= 3
        for page in appendix:
            assert abs(page.width - 842) <= 2 and abs(page.height - 595) <= 2
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        first.to_image(resolution=80).save(SCREENSHOTS / "committee-report-page1.png")
    for heading in HEADINGS:
        assert heading in text
    assert f"kế hoạch có {compiled.total} nhiệm vụ" in text
    for line in compiled.classes:
        assert f"{line.label} {line.count} " in text
    assert f"Gửi trễ hạn: {HEALTH}" in text and f"Chưa gửi: {JUSTICE}" in text
    for body, difficulty in accepted(periods[3], "difficulties"):
        assert f"{body}: {difficulty}" in text
    assert "85,5" in text


# --- The office's edits -------------------------------------------------------------


def passages(compiled, part):
    return [p for group in getattr(compiled, part) for p in group.passages]


def passage_key(compiled, text):
    every = [*passages(compiled, "sections"), *passages(compiled, "difficulties")]
    every += passages(compiled, "proposals")
    return next(p.key for p in every if p.text == text)


def test_edit_drop_merge(report_data):
    compiled = report_data[3]
    key = lambda text: passage_key(compiled, text)  # noqa: E731
    changed = edited(
        compiled,
        {
            key("Đang soạn quy chế"): {"text": "  Đã trình dự thảo quy chế  "},
            key("Máy chủ cũ"): {"drop": True},
            key("Bổ sung biên chế"): {"merge": [key("Khen thưởng")], "text": "Bổ sung người"},
            "results:999999": {"drop": True},  # gone since
        },
    )
    results = {p.key: p for p in passages(changed, "sections")}
    rewritten = results[key("Đang soạn quy chế")]
    assert (rewritten.text, rewritten.body, rewritten.task_code) == (
        "Đã trình dự thảo quy chế",
        FINANCE,
        "2",
    )
    assert len(results) == len(passages(compiled, "sections"))
    assert "Máy chủ cũ" not in [p.text for p in passages(changed, "difficulties")]
    assert len(passages(changed, "difficulties")) == len(passages(compiled, "difficulties")) - 1
    # Sở Y tế's only proposal is absorbed: its group is gone, by body and by addressee.
    assert [g.body for g in changed.proposals] == [FINANCE]
    for part in ("proposals", "proposals_by_addressee"):
        merged = next(p for p in passages(changed, part) if p.key == key("Bổ sung biên chế"))
        assert (merged.text, merged.body, merged.task_code) == (
            "Bổ sung người",
            f"{FINANCE}; {HEALTH}",
            "2; 9",
        )
        assert "Khen thưởng" not in [p.text for p in passages(changed, part)]
    # The input is untouched; the rendered report shows both bodies.
    assert "Khen thưởng" in [p.text for p in passages(compiled, "proposals")]
    docx = Document(io.BytesIO(report_docx(changed, committee=report_data[2], day=DAY)))
    lines = [p.text for p in docx.paragraphs]
    assert f"- Bổ sung người ({FINANCE}; {HEALTH})" in lines
    assert "- Đã trình dự thảo quy chế (Sở Tài chính)" in lines


def test_merge_without_text_joins_across_parts(report_data):
    compiled = report_data[3]
    results, difficulty = passage_key(compiled, "Đã ban hành"), passage_key(compiled, "Hồ sơ chậm")
    changed = edited(compiled, {results: {"merge": [difficulty, "gone:1", results]}})
    merged = next(p for p in passages(changed, "sections") if p.key == results)
    assert (merged.text, merged.body, merged.task_code) == (
        "Đã ban hành Hồ sơ chậm",
        f"{FINANCE}; {HEALTH}",
        "8; 3",
    )
    assert "Hồ sơ chậm" not in [p.text for p in passages(changed, "difficulties")]


def test_unknown_keys_and_no_edits_change_nothing(report_data):
    compiled = report_data[3]
    assert edited(compiled, {}) == compiled
    assert edited(compiled, {"results:0": {"text": "x"}, "proposals:0": {"drop": True}}) == compiled
    assert edited(compiled, {"results:0": "not a dict"}) == compiled
