"""What a chasing letter (công văn đôn đốc) says, and the letter as an official document.

The words are the committee's, in Vietnamese whatever language the office reads the
site in: a letter is a document of the province, like its plans. They are written
once, when the letter is drafted; the office edits them as plain text (paragraphs
separated by a blank line) before the letter is generated.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from theodoi.lib.dates import format_date
from theodoi.lib.text import squash_spaces
from theodoi.plans.naming import ISSUING, plan_name

from .official import OfficialDocument, Paragraph, in_sentence
from .services.committees import letterhead, recipient_lines, reference, signature

END = "./."
FREQUENCIES = {
    "monthly": "hằng tháng",
    "quarterly": "hằng quý",
    "half-yearly": "6 tháng một lần",
    "yearly": "hằng năm",
    "once": "một lần",
}


@dataclass(frozen=True)
class OverdueTask:
    code: str
    title: str
    due: date | None
    leads: list[str]  # the lead bodies that have not done it


def moment_text(moment: datetime) -> str:
    """``16:00 ngày 25/03/2026``, in the province's time."""
    local = timezone.localtime(moment)
    return f"{local:%H:%M} ngày {format_date(local)}"


def plan_reference(plan) -> str:
    """“Kế hoạch số 12/KH-UBND ngày 05/01/2026 của UBND tỉnh An Giang”, as far as the
    plan's document says."""
    words = [plan.doc_type or "Kế hoạch"]
    if plan.number:
        words.append(f"số {plan.number}")
    if plan.issued_on:
        words.append(f"ngày {format_date(plan.issued_on)}")
    if plan.issuer:
        words.append(f"của {plan.issuer}")
    return " ".join(words)


def _about(title: str) -> str:
    """“về chuyển đổi số năm 2026”, or the decision's own “về việc ban hành …”."""
    title = squash_spaces(title).rstrip(".")
    lowered = title[:1].lower() + title[1:] if title[1:2].islower() else title
    if ISSUING.match(title):
        return lowered
    return f"về {lowered}"


def letter_subject(period) -> str:
    plan = period.plan
    about = (
        f"{plan.doc_type or 'Kế hoạch'} số {plan.number}"
        if plan.number
        else plan_name(plan.title, plan.doc_type)
    )
    return f"V/v đôn đốc gửi báo cáo {in_sentence(period.label)} thực hiện {about}"[:300]


def letter_content(
    period, *, bodies: list[str], tasks: list[OverdueTask], closes: datetime, deadline: date
) -> str:
    """The letter's paragraphs: the basis, who has not reported, the tasks overdue,
    the new deadline; the last ends “./.”."""
    plan, rule, label = period.plan, period.rule, in_sentence(period.label)
    frequency = FREQUENCIES.get(rule.frequency, rule.frequency)
    to = f" về {rule.recipient}" if rule.recipient else ""
    paragraphs = [
        f"Thực hiện {plan_reference(plan)} {_about(plan.title)}; theo chế độ báo cáo "
        f"{frequency} của Kế hoạch, các cơ quan, đơn vị được giao nhiệm vụ gửi báo cáo kỳ "
        f"{label} (số liệu từ ngày {format_date(period.starts_on)} đến ngày "
        f"{format_date(period.ends_on)}){to} trước {moment_text(closes)}.",
    ]
    if len(bodies) == 1:
        paragraphs.append(f"Đến nay, {bodies[0]} chưa gửi báo cáo kỳ {label}.")
    else:
        paragraphs.append(
            f"Đến nay, {len(bodies)} cơ quan, đơn vị chưa gửi báo cáo kỳ {label}: "
            + "; ".join(bodies)
            + "."
        )
    if tasks:
        paragraphs.append("Ngoài ra, các nhiệm vụ sau đã quá hạn nhưng chưa hoàn thành:")
        paragraphs += [
            f"- Nhiệm vụ {task.code}: {task.title.rstrip('.;')} (hạn {format_date(task.due)}; "
            f"chủ trì: {', '.join(task.leads) or 'chưa xác định'});"
            for task in tasks
        ]
    whom = bodies[0] if len(bodies) == 1 else "các cơ quan, đơn vị nêu trên"
    paragraphs.append(
        f"Ban Chỉ đạo đề nghị {whom} khẩn trương hoàn thành và gửi báo cáo kỳ {label} "
        "trên hệ thống theo dõi thực hiện kế hoạch"
        + (", đồng thời tập trung hoàn thành các nhiệm vụ quá hạn" if tasks else "")
        + f", chậm nhất ngày {format_date(deadline)}{END}"
    )
    return "\n\n".join(paragraphs)


def paragraphs_of(content: str) -> list[str]:
    """The content's paragraphs (blank lines between them; a single line break inside
    one is a new paragraph too, as the office types lists); the last ends “./.”."""
    found = [line.strip() for line in content.replace("\r\n", "\n").split("\n") if line.strip()]
    if found and not found[-1].endswith(END):
        found[-1] = found[-1].rstrip(".;,") + END
    return found


def letter_document(letter, *, number: str = "", day: date) -> OfficialDocument:
    """The letter in the form of a công văn (Nghị định 30/2020, Phụ lục I)."""
    committee = letter.committee
    head = letterhead(committee, reference(committee, committee.letter_series, number))
    return OfficialDocument(
        letterhead=head,
        place=committee.place,
        date=day,
        kind="",
        subject=letter.subject,
        excerpt=letter.subject,
        addressees=[line for line in letter.addressees.splitlines() if line.strip()],
        body=[Paragraph(text) for text in paragraphs_of(letter.content)],
        signature=signature(committee),
        recipients=recipient_lines(committee, extra=["- Như trên;"]),
    )
