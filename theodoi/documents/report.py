"""The committee's report of a period (Nghị định 30/2020, Phụ lục I): the compiled
passages as the office edited them, laid out in the five parts of a báo cáo, with the
overdue tasks, the KPIs and who sent what in landscape appendices.

The document is a Vietnamese state document whatever the reader's language: its words
are those of the form, not of the interface, so they are not translated, and the
labels it borrows from the screens (task classes, KPI and board states) are read in
Vietnamese.
"""

import dataclasses
from datetime import date

from django.conf import settings
from django.utils import translation

from theodoi.lib.dates import format_date
from theodoi.lib.numbers import format_number
from theodoi.lib.text import fold_accents
from theodoi.reporting.selectors.compiled import CompiledReport, Passage, proposal_addressee
from theodoi.reporting.status import KpiStatus

from .models import TemplateKind
from .official import Heading, OfficialDocument, Paragraph, Table, in_sentence, render_docx
from .services.committees import (
    letterhead,
    recipient_lines,
    reference,
    signature,
    template_for,
)

LANDSCAPE_WIDTH = 252  # mm: A4 landscape within the decree's margins (30 and 15 mm)
# The parts of the compiled report that hold passages, in groups with ``passages``.
GROUPED_PARTS = ("sections", "difficulties", "proposals", "proposals_by_addressee")


# --- The office's edits -------------------------------------------------------------


def _merged_keys(edit: dict) -> list:
    keys = edit.get("merge")
    return list(keys) if isinstance(keys, list | tuple) else []


def _distinct(values) -> str:
    return "; ".join(dict.fromkeys(value for value in values if value))


def edited(compiled: CompiledReport, edits: dict) -> CompiledReport:
    """``compiled`` with the office's ``edits`` (keyed by passage key) applied:
    ``{"text": …}`` rewrites a passage, ``{"drop": true}`` leaves it out, ``{"merge":
    [keys], "text": …}`` makes it absorb others (they vanish wherever they were; its
    attribution becomes every absorbed body and task, in order, distinct). Keys no
    longer in the report are ignored; a group of passages left empty is left out
    (sections stay: the report says they have no result)."""
    edits = {key: edit for key, edit in (edits or {}).items() if isinstance(edit, dict)}
    if not edits:
        return compiled
    found = {
        passage.key: passage
        for part in GROUPED_PARTS
        for group in getattr(compiled, part)
        for passage in group.passages
    }
    absorbed = {
        key
        for owner, edit in edits.items()
        if owner in found and not edit.get("drop")
        for key in _merged_keys(edit)
        if key != owner
    }

    def text_of(passage: Passage) -> str:
        text = str(edits.get(passage.key, {}).get("text") or "").strip()
        return text or passage.text

    def apply(passage: Passage) -> Passage | None:
        edit = edits.get(passage.key, {})
        if edit.get("drop") or passage.key in absorbed:
            return None
        merged = [found[k] for k in _merged_keys(edit) if k in found and k != passage.key]
        if not merged:
            return dataclasses.replace(passage, text=text_of(passage))
        parts = [passage, *merged]
        text = str(edit.get("text") or "").strip() or " ".join(text_of(p) for p in parts)
        return dataclasses.replace(
            passage,
            text=text,
            body=_distinct(p.body for p in parts),
            task_code=_distinct(p.task_code for p in parts),
        )

    def group(item):
        kept = tuple(p for p in map(apply, item.passages) if p is not None)
        return dataclasses.replace(item, passages=kept)

    changes = {}
    for part in GROUPED_PARTS:
        groups = tuple(group(item) for item in getattr(compiled, part))
        if part != "sections":
            groups = tuple(item for item in groups if item.passages)
        changes[part] = groups
    return dataclasses.replace(compiled, **changes)


# --- The document -------------------------------------------------------------------


def _names(names) -> str:
    return ", ".join(names)


def _signed(number: int | None) -> str:
    if number is None:
        return ""
    return f"+{format_number(number)}" if number > 0 else format_number(number)


def _attributed(passage: Passage) -> str:
    return f"{passage.text} ({passage.body})"


def _leadership(text: str) -> list:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if not lines:
        return [Paragraph("[Chưa nhập nội dung công tác lãnh đạo, chỉ đạo trong kỳ.]")]
    return [Paragraph(line) for line in lines]


def _tasks(compiled: CompiledReport) -> list:
    """II.1: the total, the rates and each class against the previous period."""
    sentence = (
        f"Tính đến ngày {format_date(compiled.today)}, kế hoạch có "
        f"{format_number(compiled.total)} nhiệm vụ"
    )
    if compiled.previous_total is not None:
        sentence += f" (kỳ trước: {format_number(compiled.previous_total)})"
    rates = []
    if compiled.done_rate is not None:
        rates.append(f"tỷ lệ hoàn thành {format_number(compiled.done_rate)}%")
    if compiled.on_time_rate is not None:
        rates.append(f"tỷ lệ hoàn thành đúng hạn {format_number(compiled.on_time_rate)}%")
    if rates:
        sentence += "; trong số nhiệm vụ đã đến hạn, " + ", ".join(rates)
    if compiled.previous_total is None:  # the plan's first period: nothing to compare
        header, widths = ["Phân loại", "Số nhiệm vụ"], [115, 50]
        rows = [[line.label, format_number(line.count)] for line in compiled.classes]
    else:
        header, widths = ["Phân loại", "Số nhiệm vụ", "Kỳ trước", "Tăng, giảm"], [75, 30, 30, 30]
        rows = [
            [
                line.label,
                format_number(line.count),
                "" if line.previous is None else format_number(line.previous),
                _signed(line.change),
            ]
            for line in compiled.classes
        ]
    table = Table(header, rows, widths_mm=widths)
    return [Paragraph(sentence + ", cụ thể như sau:"), table]


def _kpi_name(kpi) -> str:
    """ "1. Tỷ lệ …", after its plan's short title in a report of several plans."""
    name = f"{kpi.code}. {kpi.name}" if kpi.code else kpi.name
    return f"{kpi.plan}: {name}" if kpi.plan else name


def _kpi_rows(compiled: CompiledReport) -> list[list]:
    return [
        [
            n,
            _kpi_name(kpi),
            kpi.unit,
            kpi.target,
            format_number(kpi.value),
            kpi.label,
        ]
        for n, kpi in enumerate(compiled.kpis, 1)
    ]


KPI_HEADER = ["STT", "Chỉ tiêu", "Đơn vị", "Mục tiêu", "Giá trị", "Đánh giá"]


def _kpis(compiled: CompiledReport) -> list:
    if not compiled.kpis:
        return [Paragraph("Kế hoạch không có chỉ tiêu đang theo dõi.")]
    met = sum(kpi.status == KpiStatus.MET for kpi in compiled.kpis)
    return [
        Paragraph(
            f"Có {format_number(met)}/{format_number(len(compiled.kpis))} chỉ tiêu đạt "
            "mục tiêu, cụ thể như sau:"
        ),
        Table(KPI_HEADER, _kpi_rows(compiled), widths_mm=[16, 59, 20, 25, 20, 25]),
    ]


def _sections(compiled: CompiledReport) -> list:
    blocks = []
    for n, section in enumerate(compiled.sections, 1):
        code = f"{section.code}. " if section.code else ""
        title = f"{code}{section.title}".strip() or "Các nhiệm vụ khác"
        blocks.append(Heading(f"3.{n}. {title}", level=2))
        if not section.passages:
            blocks.append(Paragraph("Chưa có kết quả được báo cáo trong kỳ."))
        blocks += [Paragraph(f"- {_attributed(passage)}") for passage in section.passages]
    if not blocks:
        blocks.append(Paragraph("Chưa có kết quả được báo cáo trong kỳ."))
    return blocks


def _discipline(compiled: CompiledReport) -> list:
    found = compiled.discipline
    sent = len(found.on_time) + len(found.late)
    blocks = [
        Paragraph(
            f"Có {format_number(sent)}/{format_number(len(found.expected))} cơ quan, đơn vị "
            f"gửi báo cáo ({format_number(len(found.on_time))} đúng hạn, "
            f"{format_number(len(found.late))} trễ hạn); {format_number(len(found.not_sent))} "
            "cơ quan, đơn vị chưa gửi báo cáo."
        )
    ]
    for label, names in (
        ("Gửi đúng hạn", found.on_time),
        ("Gửi trễ hạn", found.late),
        ("Chưa gửi", found.not_sent),
    ):
        if names:
            blocks.append(Paragraph(f"- {label}: {_names(names)}."))
    return blocks


def _difficulties(compiled: CompiledReport) -> list:
    lines = [
        Paragraph(f"- {passage.body}: {passage.text}")
        for group in compiled.difficulties
        for passage in group.passages
    ]
    return lines or [Paragraph("Các cơ quan, đơn vị không báo cáo khó khăn, vướng mắc.")]


def _next_tasks(compiled: CompiledReport) -> list:
    if not compiled.next_tasks:
        return [Paragraph("Không có nhiệm vụ đến hạn trong kỳ tới.")]
    when = in_sentence(compiled.next_label) if compiled.next_label else "kỳ tới"
    blocks = [Paragraph(f"Các nhiệm vụ đến hạn trong {when} cần tập trung thực hiện:")]
    for line in compiled.next_tasks:
        blocks.append(
            Paragraph(
                f"- {line.code}. {line.title} (chủ trì: {_names(line.leads)}; "
                f"hạn {format_date(line.due)})."
            )
        )
    return blocks


def _unaddressed() -> set[str]:
    """The name of the proposals' group of no known addressee, in every language (the
    report may have been compiled in another than the document's)."""
    names = set()
    for code, _language in settings.LANGUAGES:
        with translation.override(code):
            names.add(proposal_addressee(""))
    return names


def _proposals(compiled: CompiledReport) -> list:
    """By addressee when any proposal names one ("Đối với UBND tỉnh", then the
    others), else by the body that made it."""
    other = _unaddressed()

    def heading(addressee: str) -> str:
        return "Kiến nghị, đề xuất khác" if addressee in other else f"Đối với {addressee}"

    by_addressee = [
        (heading(group.addressee), group.passages)
        for group in compiled.proposals_by_addressee
        if group.passages
    ]
    if any(group.addressee not in other for group in compiled.proposals_by_addressee):
        groups = by_addressee
    else:
        groups = [(group.body, group.passages) for group in compiled.proposals if group.passages]
    if not groups:
        return [Paragraph("Các cơ quan, đơn vị không có kiến nghị, đề xuất.")]
    blocks = []
    for n, (name, passages) in enumerate(groups, 1):
        blocks.append(Heading(f"{n}. {name}", level=2))
        blocks += [Paragraph(f"- {_attributed(passage)}") for passage in passages]
    return blocks


def _appendices(compiled: CompiledReport) -> list[Table]:
    """The landscape tables after the signature, those with rows, numbered on."""
    tables = []
    if compiled.overdue:
        tables.append(
            (
                "Nhiệm vụ quá hạn",
                ["STT", "Mã", "Nhiệm vụ", "Chủ trì", "Hạn", "Số ngày quá hạn"],
                [
                    [
                        n,
                        line.code,
                        line.title,
                        _names(line.leads),
                        format_date(line.due),
                        format_number(line.days_late),
                    ]
                    for n, line in enumerate(compiled.overdue, 1)
                ],
                [16, 18, 100, 58, 32, 28],
            )
        )
    if compiled.kpis:
        tables.append(
            (
                "Kết quả thực hiện chỉ tiêu",
                KPI_HEADER,
                _kpi_rows(compiled),
                [16, 116, 25, 35, 25, 35],
            )
        )
    matrix = compiled.matrix
    if matrix.rows and matrix.periods:
        share = (LANDSCAPE_WIDTH - 96) / len(matrix.periods)
        tables.append(
            (
                "Tình hình gửi báo cáo của các cơ quan, đơn vị",
                ["STT", "Cơ quan, đơn vị", *matrix.periods],
                [[n, row.body, *row.labels] for n, row in enumerate(matrix.rows, 1)],
                [16, 80, *[share] * len(matrix.periods)],
            )
        )
    return [
        Table(header, rows, title=f"Phụ lục {n}: {title}", landscape=True, widths_mm=widths)
        for n, (title, header, rows, widths) in enumerate(tables, 1)
    ]


def subject(compiled: CompiledReport) -> str:
    text = f"Kết quả thực hiện {compiled.plan_title} {in_sentence(compiled.period_label)}"
    if compiled.next_label:
        text += f"; nhiệm vụ trọng tâm {in_sentence(compiled.next_label)}"
    return text


def report_document(
    compiled: CompiledReport,
    *,
    committee,
    leadership: str = "",
    number: int | str = "",
    day: date,
) -> OfficialDocument:
    """The committee's report of ``compiled`` (already ``edited``), signed on ``day``."""
    with translation.override("vi"):
        body = [
            Heading("I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO"),
            *_leadership(leadership),
            Heading("II. KẾT QUẢ THỰC HIỆN"),
            Heading("1. Tình hình thực hiện nhiệm vụ", level=2),
            *_tasks(compiled),
            Heading("2. Kết quả thực hiện chỉ tiêu", level=2),
            *_kpis(compiled),
            Heading("3. Kết quả theo từng phần của kế hoạch", level=2),
            *_sections(compiled),
            Heading("4. Tình hình gửi báo cáo", level=2),
            *_discipline(compiled),
            Heading("III. TỒN TẠI, HẠN CHẾ, NGUYÊN NHÂN"),
            *_difficulties(compiled),
            Heading("IV. NHIỆM VỤ TRỌNG TÂM KỲ TỚI"),
            *_next_tasks(compiled),
            Heading("V. KIẾN NGHỊ, ĐỀ XUẤT"),
            *_proposals(compiled),
            *_appendices(compiled),
        ]
    return OfficialDocument(
        letterhead=letterhead(committee, reference(committee, committee.report_series, number)),
        place=committee.place,
        date=day,
        kind="BÁO CÁO",
        subject=subject(compiled),
        body=body,
        signature=signature(committee),
        recipients=recipient_lines(committee),
    )


def report_docx(
    compiled: CompiledReport,
    *,
    committee,
    leadership: str = "",
    number: int | str = "",
    day: date,
    template=None,
) -> bytes:
    document = report_document(
        compiled, committee=committee, leadership=leadership, number=number, day=day
    )
    return render_docx(document, template or template_for(TemplateKind.REPORT))


def file_stem(compiled: CompiledReport) -> str:
    """``bao-cao-thang-10-2026``: ASCII, from the period's label."""
    words = "".join(ch if ch.isalnum() else " " for ch in fold_accents(compiled.period_label))
    return "-".join(["bao-cao", *words.split()])
