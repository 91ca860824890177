"""Chasing letters (công văn đôn đốc): drafted after a period's cut-off to the bodies
that still owe their report, edited, generated as DOCX/PDF, and sent through the
outbox to each body's focal officers and heads with the letter attached.

Only the office acts on letters. A sent letter is never edited, regenerated or sent
again: what the bodies received stays what the page shows.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from theodoi.core import clock
from theodoi.core.access import is_office
from theodoi.core.audit import audit
from theodoi.core.concurrency import check_unchanged
from theodoi.core.formatting import format_date, format_datetime
from theodoi.lib.text import fold_accents
from theodoi.lib.workdays import add_working_days
from theodoi.notify.models import Kind
from theodoi.notify.services.messages import report_context, report_link
from theodoi.notify.services.outbox import new_notification, outbox_add
from theodoi.notify.services.recipients import recipients_load
from theodoi.reporting.selectors.board import UNSENT_STATES, BoardFilters, period_board
from theodoi.reporting.selectors.calendar import calendar_days
from theodoi.reporting.selectors.progress import plan_status

from ..letter import OverdueTask, letter_content, letter_document, letter_subject
from ..models import Letter, LetterState, Rendition, TemplateKind
from ..official import render_docx
from .committees import committee_of, reference, template_for
from .renditions import rendition_create

LETTER_FIELDS = ["subject", "addressees", "content", "new_deadline"]
NEW_DEADLINE_WORKING_DAYS = 3


def _require_office(user) -> None:
    if not is_office(user):
        raise ValidationError(_("Chỉ thường trực được soạn và gửi công văn."), code="forbidden")


def closes_at(period):
    """The period's effective cut-off: its grace when the office granted one."""
    return max(period.cutoff, period.grace_until or period.cutoff)


def unsent_rows(period):
    """The board's rows of the bodies that still owe the period's report."""
    return [row for row in period_board(period, filters=BoardFilters()).rows if row.unsent]


def new_deadline_default(today):
    """Three working days after ``today``, by the province's calendar."""
    days_off, working_days = calendar_days(today, today + timedelta(days=31))
    return add_working_days(today, NEW_DEADLINE_WORKING_DAYS, days_off, working_days)


def overdue_tasks(plan, *, body_ids: set[int] | None, now) -> list[OverdueTask]:
    """The plan's overdue tasks with their lead bodies behind (only those whose lead is
    one of ``body_ids`` when given)."""
    found = []
    for task, behind in plan_status(plan, now=now).overdue:
        if body_ids is not None and not {b.pk for b in behind} & body_ids:
            continue
        found.append(OverdueTask(task.code, task.title, task.due, [b.name for b in behind]))
    return found


@transaction.atomic
def letter_draft(period, *, user, body=None, now=None) -> Letter:
    """A letter to every body that owes ``period``'s report (or to ``body`` alone),
    only once the period's cut-off (grace included) has passed."""
    _require_office(user)
    moment = clock.now(now)
    closes = closes_at(period)
    if moment <= closes:
        raise ValidationError(
            _(
                "Chưa hết hạn nộp báo cáo kỳ %(period)s (%(cutoff)s); "
                "công văn đôn đốc chỉ soạn sau hạn."
            )
            % {"period": period.label, "cutoff": format_datetime(closes)},
            code="early",
        )
    rows = unsent_rows(period)
    if body is not None:
        rows = [row for row in rows if row.body.pk == body.pk]
        if not rows:
            raise ValidationError(
                _("%(body)s không còn nợ báo cáo kỳ %(period)s.")
                % {"body": body.name, "period": period.label},
                code="not-late",
            )
    if not rows:
        raise ValidationError(
            _("Mọi đơn vị đã gửi báo cáo kỳ %(period)s; không cần đôn đốc.")
            % {"period": period.label},
            code="none-late",
        )
    bodies = [row.body for row in rows]
    today = clock.today(moment)
    deadline = new_deadline_default(today)
    tasks = overdue_tasks(period.plan, body_ids={body.pk} if body is not None else None, now=moment)
    names = [b.name for b in bodies]
    letter = Letter(
        committee=committee_of(period.plan, user=user),
        period=period,
        subject=letter_subject(period),
        addressees="\n".join(names),
        content=letter_content(period, bodies=names, tasks=tasks, closes=closes, deadline=deadline),
        new_deadline=deadline,
        created_by=user,
        created_at=moment,
    )
    audit(letter, user, "documents.letter.drafted", bodies=len(bodies))
    letter.save()
    letter.bodies.set(bodies)
    return letter


def _locked(letter) -> Letter:
    return Letter.objects.select_for_update().get(pk=letter.pk)


def _refuse_sent(letter) -> None:
    if letter.state == LetterState.SENT:
        raise ValidationError(
            _("Công văn đã gửi lúc %(moment)s; không sửa, tạo lại hay gửi lại được.")
            % {"moment": format_datetime(letter.sent_at)},
            code="sent",
        )


@transaction.atomic
def letter_save(letter, *, data: dict, user, seen_version) -> Letter:
    """Save the office's edits (subject, addressees, content, new deadline); refused
    when someone saved since the page was shown, or once the letter is sent."""
    _require_office(user)
    letter = _locked(letter)
    _refuse_sent(letter)
    check_unchanged(letter, seen_version)
    errors = {}
    for name in ("subject", "addressees", "content"):
        value = (data.get(name) or "").strip()
        if not value:
            errors[name] = _("Không được để trống.")
        setattr(letter, name, value)
    if errors:
        raise ValidationError(errors)
    letter.new_deadline = data.get("new_deadline")
    letter.version += 1
    audit(letter, user, "documents.letter.saved")
    letter.save()
    return letter


def file_stem(letter) -> str:
    words = fold_accents(f"cong van don doc {letter.period.label}").replace("/", " ")
    return "-".join(words.split())[:150]


def letter_generate(letter, *, user, number="", now=None) -> Rendition:
    """A new generation of the letter (DOCX now, PDF by the worker), dated today."""
    _require_office(user)
    _refuse_sent(letter)
    committee = letter.committee
    document = letter_document(letter, number=str(number or ""), day=clock.today(now))
    return rendition_create(
        docx=render_docx(document, template=template_for(TemplateKind.LETTER)),
        file_stem=file_stem(letter),
        user=user,
        letter=letter,
        reference=reference(committee, committee.letter_series, number),
        now=now,
    )


@dataclass
class LetterSent:
    letter: Letter
    messages: int = 0  # one per person told
    without_account: list[str] = field(default_factory=list)  # bodies nobody could be sent to
    attached_pdf: bool = True  # the PDF went; the DOCX when there was no PDF


def attachment_of(rendition: Rendition):
    """The file the e-mails carry: the generation's PDF, its DOCX when it has none."""
    return rendition.pdf or rendition.docx


@transaction.atomic
def letter_send(letter, *, user, now=None) -> LetterSent:
    """Put one notification per focal officer and head of each addressed body in the
    outbox, with the latest generation attached; the letter is then sent."""
    _require_office(user)
    letter = _locked(letter)
    _refuse_sent(letter)
    latest = letter.renditions.first()
    if latest is None:
        raise ValidationError(
            _("Chưa tạo văn bản: bấm “Tạo văn bản” trước khi gửi công văn."), code="no-file"
        )
    moment = clock.now(now)
    period = letter.period
    attached = attachment_of(latest)
    extension = "pdf" if latest.pdf else "docx"
    result = LetterSent(letter, attached_pdf=bool(latest.pdf))
    bodies = list(letter.bodies.order_by("kind", "name"))
    recipients = recipients_load({b.pk for b in bodies})
    rows = []
    for body in bodies:
        people = recipients.focal[body.pk] + recipients.head[body.pk]
        if not people:
            result.without_account.append(body.name)
        context = report_context(
            plan=period.plan,
            period=period,
            body_name=body.name,
            actor=user.display_name,
            reference=latest.reference,
            letter_subject=letter.subject,
            new_deadline=format_date(letter.new_deadline),
            attached_pdf=result.attached_pdf,
        )
        rows += [
            new_notification(
                kind=Kind.LETTER,
                recipient=person,
                day=clock.today(moment),
                moment=moment,
                ref=f"letter-{letter.pk}",
                plan_id=period.plan_id,
                period=period,
                body_id=body.pk,
                actor=user,
                subject=letter.subject[:300],
                link=report_link(body.pk, period.pk),
                context=context,
                attachment=attached.name,
                attachment_name=f"{latest.file_stem}-{latest.number}.{extension}",
            )
            for person in people
        ]
    result.messages = outbox_add(rows, now=now)
    letter.state, letter.sent_at = LetterState.SENT, moment
    audit(letter, user, "documents.letter.sent", reference=latest.reference)
    letter.save()
    return result


def letters_of_period(period):
    """The period's letters, newest first."""
    return list(Letter.objects.filter(period=period).prefetch_related("bodies"))


def board_letters(period, *, board, now=None) -> dict:
    """What the period's board shows of letters: the period's letters, and whether one
    may be drafted (the cut-off has passed and some body still owes its report)."""
    owed = sum(board.counts[state] for state in UNSENT_STATES)
    return {
        "chasing_letters": letters_of_period(period),
        "letter_open": clock.now(now) > closes_at(period) and owed > 0,
        "letter_bodies": [row.body for row in board.rows if row.unsent],
    }


def letters_of_body(body, *, user=None):
    """The letters addressed to ``body``, newest first: all of them for the office,
    the sent ones for the others."""
    letters = Letter.objects.filter(bodies=body).select_related("period__plan")
    if user is not None and not is_office(user):
        letters = letters.filter(state=LetterState.SENT)
    return list(letters)


def body_letters(body, *, user) -> dict:
    """What the body page shows of letters: those addressed to the body, and whether
    the reader (the office) opens them."""
    return {
        "chasing_letters": letters_of_body(body, user=user),
        "letter_office": is_office(user),
    }
