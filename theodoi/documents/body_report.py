"""A body's own report for a period as an official document (Nghị định 30/2020): what
its head signs and sends to the committee, built from the report's rows.

The text is the document's, in Vietnamese whatever the reader's language: it is the
body's report to the committee, not a page of the interface.
"""

import datetime

from django.utils import translation

from theodoi.accounts.models import User
from theodoi.core.roles import Role
from theodoi.lib.dates import format_date
from theodoi.lib.numbers import format_number
from theodoi.lib.text import fold_accents, squash_spaces
from theodoi.plans.models import AssignmentRole
from theodoi.plans.naming import plan_name
from theodoi.reporting.models import ItemState, Report

from .models import TemplateKind
from .official import (
    Heading,
    Letterhead,
    OfficialDocument,
    Paragraph,
    Signature,
    Table,
    in_sentence,
    render_docx,
)
from .services import committees

HEAD_POSITION = "THỦ TRƯỞNG CƠ QUAN"  # when the body's head has no account or no position
RECIPIENTS = ["- Ban Chỉ đạo (qua Thường trực);", "- Lưu: VT."]
ROMAN = ["", "I", "II"]


def short_name(name: str) -> str:
    """The initials of a body's name, accents folded: Sở Tài chính → STC."""
    return "".join(word[0] for word in fold_accents(name).split() if word[0].isalnum()).upper()


def head_of(body) -> User | None:
    """The body's head: the first active account with the head's role."""
    heads = User.objects.filter(body=body, role=Role.HEAD, is_active=True).order_by("pk")
    return heads.first()


def _task_blocks(number: int, item) -> list:
    task = item.assignment.task
    code = f"{task.section.code}/{task.code}" if task.section else task.code
    state = ItemState(item.state).label
    progress = f"Tình trạng: {state}; tỷ lệ hoàn thành: {item.percent}%"
    if item.done_on:
        progress += f"; hoàn thành ngày {format_date(item.done_on)}"
    blocks = [Paragraph(f"{number}. Nhiệm vụ {code}: {squash_spaces(task.title)}")]
    blocks.append(Paragraph(progress + "."))
    for label, text in (
        ("Kết quả đạt được", item.results),
        ("Khó khăn, vướng mắc", item.difficulties),
        ("Đề xuất, kiến nghị", item.proposals),
    ):
        if text.strip():
            blocks.append(Paragraph(f"{label}: {text.strip()}"))
    if item.evidence_ref:
        shown = item.evidence_ref
        if item.evidence_date:
            shown += f" ngày {format_date(item.evidence_date)}"
        blocks.append(Paragraph(f"Văn bản chứng minh: {shown}."))
    return blocks


def _kpi_table(values) -> Table:
    rows = []
    for number, kpi in enumerate(values, start=1):
        indicator = kpi.indicator
        shown = format_number(kpi.value)
        if kpi.numerator is not None and kpi.denominator is not None:
            shown += f" ({format_number(kpi.numerator)}/{format_number(kpi.denominator)})"
        rows.append(
            [number, indicator.name, indicator.unit, indicator.target_text, shown, kpi.note]
        )
    header = ["STT", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu", "Kết quả", "Ghi chú"]
    return Table(header, rows, widths_mm=[15, 57, 20, 25, 25, 23])


def report_body(report: Report) -> list:
    """The blocks: tasks led, tasks supported (each with its state and texts), KPIs."""
    items = list(
        report.items.select_related("assignment__task__section").order_by(
            "assignment__task__position", "pk"
        )
    )
    lead = [i for i in items if i.assignment.role == AssignmentRole.LEAD]
    support = [i for i in items if i.assignment.role != AssignmentRole.LEAD]
    values = list(report.kpi_values.select_related("indicator").order_by("indicator__position"))
    body, part = [], 0
    if lead or support:
        part += 1
        body.append(Heading(f"{ROMAN[part]}. KẾT QUẢ THỰC HIỆN NHIỆM VỤ"))
        groups = [
            (title, group)
            for title, group in (("Nhiệm vụ chủ trì", lead), ("Nhiệm vụ phối hợp", support))
            if group
        ]
        for sub, (title, group) in enumerate(groups, start=1):
            body.append(Heading(f"{sub}. {title}", level=2))
            for number, item in enumerate(group, start=1):
                body.extend(_task_blocks(number, item))
    if values:
        part += 1
        body.append(Heading(f"{ROMAN[part]}. KẾT QUẢ THỰC HIỆN CHỈ TIÊU"))
        body.append(_kpi_table(values))
    if not body:
        body.append(Paragraph("Trong kỳ, đơn vị không có nhiệm vụ, chỉ tiêu phải báo cáo."))
    return body


def body_report_document(report: Report, *, day: datetime.date, number="") -> OfficialDocument:
    """The body's report in the administrative form: under the province's people's
    committee, numbered in the body's own series (``Số: …/BC-STC``)."""
    period, body = report.period, report.body
    plan = period.plan
    shown = str(number) if number else "     "
    letterhead = Letterhead(
        committees.DEFAULT_GOVERNING_BODY,
        body.name.upper(),
        f"Số: {shown}/BC-{short_name(body.name)}",
    )
    label = in_sentence(period.label)
    head = head_of(body)
    position = squash_spaces(head.position).upper() if head and head.position else HEAD_POSITION
    return OfficialDocument(
        letterhead=letterhead,
        place=committees.committee_of(plan).place,
        date=day,
        kind="BÁO CÁO",
        subject=f"Kết quả thực hiện {plan_name(plan.title, plan.doc_type)} {label}",
        body=report_body(report),
        signature=Signature("", position, head.display_name if head else ""),
        recipients=list(RECIPIENTS),
    )


def body_report_docx(report: Report, *, day: datetime.date, number="") -> bytes:
    with translation.override("vi"):  # the states' labels, whatever the reader's language
        document = body_report_document(report, day=day, number=number)
    return render_docx(document, template=committees.template_for(TemplateKind.BODY_REPORT))
