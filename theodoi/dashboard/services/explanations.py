"""A red cell asks for an explanation; the body that owns the late task or the
at-risk KPI answers it, and the answer shows beside the cell.

The chair (a viewer who oversees the body, or who oversees every body) or the
office asks the body that leads the task or KPI, with a deadline; the body's focal
officers and heads are told, in the app and by e-mail through the outbox. When the
body answers, the one who asked is told. Both notices are queued in the same
transaction as the row, and the worker delivers them once it commits.
"""

from collections import defaultdict
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from theodoi.core import clock
from theodoi.core.access import can_see_body, is_office, readable_body_ids
from theodoi.core.audit import audit
from theodoi.core.concurrency import check_unchanged
from theodoi.core.formatting import format_date
from theodoi.core.roles import WRITER_ROLES, Role
from theodoi.lib.workdays import add_working_days
from theodoi.notify.models import Kind
from theodoi.notify.services.outbox import new_notification, outbox_add
from theodoi.notify.services.recipients import recipients_load
from theodoi.plans.models import Assignment, AssignmentRole
from theodoi.reporting.selectors.calendar import calendar_days

from ..models import Explanation

DEADLINE_WORKING_DAYS = 5
ASK_SUBJECT = "Yêu cầu giải trình: {body} — {item}, hạn {deadline}"
ANSWER_SUBJECT = "{body} đã giải trình: {item}"


def can_ask(user, body) -> bool:
    """The office, or a viewer (the chair, a member) who oversees the body."""
    if is_office(user):
        return True
    return user.is_authenticated and user.role == Role.VIEWER and can_see_body(user, body)


def can_answer(user, body) -> bool:
    """The office, or the body's own focal officer or head."""
    if is_office(user):
        return True
    return user.is_authenticated and user.role in WRITER_ROLES and user.body_id == body.pk


def deadline_default(today: date) -> date:
    """Five working days after ``today``, by the province's calendar."""
    days_off, working_days = calendar_days(today, today + timedelta(days=31))
    return add_working_days(today, DEADLINE_WORKING_DAYS, days_off, working_days)


def item_label(*, task=None, indicator=None) -> str:
    """What the request is about, as a notice and the question's first words say it."""
    if task is not None:
        return f"nhiệm vụ {task.code}. {task.title}"[:200]
    code = f"{indicator.code}. " if indicator.code else ""
    return f"chỉ tiêu {code}{indicator.name}"[:200]


def explanation_state(explanation: Explanation, today: date) -> str:
    """``answered``, ``late`` (the deadline has passed) or ``waiting``."""
    if explanation.answered_at:
        return "answered"
    return "late" if explanation.deadline < today else "waiting"


def _check_item(*, plan, body, task, indicator) -> None:
    if (task is None) == (indicator is None):
        raise ValidationError(
            _("Yêu cầu giải trình phải gắn với một nhiệm vụ hoặc một chỉ tiêu."), code="item"
        )
    item = task or indicator
    if item.plan_id != plan.pk:
        raise ValidationError(
            _("Nhiệm vụ hoặc chỉ tiêu này không thuộc kế hoạch đã chọn."), code="plan"
        )
    leads = Assignment.objects.filter(body=body, role=AssignmentRole.LEAD)
    if not leads.filter(task=task, indicator=indicator).exists():
        raise ValidationError(
            _("%(body)s không chủ trì nhiệm vụ hoặc chỉ tiêu này; hãy hỏi đơn vị chủ trì.")
            % {"body": body.name},
            code="not-lead",
        )


def _check_ask(*, question: str, deadline, today: date) -> None:
    errors = {}
    if not question:
        errors["question"] = _("Hãy ghi nội dung cần giải trình.")
    if deadline is None:
        errors["deadline"] = _("Hãy ghi hạn giải trình (dd/mm/yyyy).")
    elif deadline < today:
        errors["deadline"] = _("Hạn giải trình đã qua; hãy chọn từ hôm nay trở đi.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def explanation_ask(
    *, plan, body, task=None, indicator=None, question, deadline, user, now=None
) -> Explanation:
    """The chair or the office asks ``body`` to explain a late task or an at-risk KPI
    of ``plan`` by ``deadline``; its focal officers and heads are told."""
    if not can_ask(user, body):
        raise ValidationError(
            _(
                "Chỉ Trưởng ban, thành viên phụ trách đơn vị hoặc thường trực "
                "được yêu cầu giải trình."
            ),
            code="forbidden",
        )
    moment = clock.now(now)
    question = (question or "").strip()
    _check_ask(question=question, deadline=deadline, today=clock.today(moment))
    _check_item(plan=plan, body=body, task=task, indicator=indicator)
    explanation = Explanation(
        plan=plan,
        task=task,
        indicator=indicator,
        body=body,
        question=question,
        deadline=deadline,
        asked_by=user,
        asked_at=moment,
    )
    audit(explanation, user, "dashboard.explanation.asked", body=body.name)
    explanation.save()
    _tell_body(explanation, moment=moment, now=now)
    return explanation


def _context(explanation: Explanation) -> dict:
    return {
        "plan": explanation.plan.title[:300],
        "body": explanation.body.name,
        "item": item_label(task=explanation.task, indicator=explanation.indicator),
        "question": explanation.question,
        "deadline": format_date(explanation.deadline),
        "asker": explanation.asked_by.display_name,
    }


def body_link(explanation: Explanation) -> str:
    """The request on the body's page, where the body answers it."""
    return f"{explanation.body.get_absolute_url()}#explanation-{explanation.pk}"


def _tell_body(explanation: Explanation, *, moment: datetime, now) -> int:
    recipients = recipients_load([explanation.body_id])
    people = recipients.focal[explanation.body_id] + recipients.head[explanation.body_id]
    context = _context(explanation)
    rows = [
        new_notification(
            kind=Kind.EXPLAIN,
            recipient=person,
            day=clock.today(moment),
            moment=moment,
            ref=f"e{explanation.pk}",
            plan_id=explanation.plan_id,
            body_id=explanation.body_id,
            actor=explanation.asked_by,
            subject=ASK_SUBJECT.format(**context)[:300],
            link=body_link(explanation),
            context=context,
        )
        for person in people
    ]
    return outbox_add(rows, now=now)


@transaction.atomic
def explanation_answer(explanation, *, answer, user, seen_version, now=None) -> Explanation:
    """The body answers (or corrects its answer) under the stale-edit guard; the one
    who asked is told."""
    explanation = Explanation.objects.select_for_update().get(pk=explanation.pk)
    if not can_answer(user, explanation.body):
        raise ValidationError(
            _("Chỉ đầu mối, lãnh đạo của đơn vị được hỏi hoặc thường trực được giải trình."),
            code="forbidden",
        )
    check_unchanged(explanation, seen_version)
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("Hãy ghi nội dung giải trình.")})
    moment = clock.now(now)
    explanation.answer, explanation.answered_by, explanation.answered_at = answer, user, moment
    explanation.version += 1
    audit(explanation, user, "dashboard.explanation.answered", body=explanation.body.name)
    explanation.save()
    _tell_asker(explanation, moment=moment, now=now)
    return explanation


def _tell_asker(explanation: Explanation, *, moment: datetime, now) -> int:
    asker = explanation.asked_by
    if not asker.is_active:
        return 0
    context = {**_context(explanation), "answer": explanation.answer}
    context["answerer"] = explanation.answered_by.display_name
    notice = new_notification(
        kind=Kind.EXPLAINED,
        recipient=asker,
        day=clock.today(moment),
        moment=moment,
        ref=f"e{explanation.pk}v{explanation.version}",
        plan_id=explanation.plan_id,
        body_id=explanation.body_id,
        actor=explanation.answered_by,
        subject=ANSWER_SUBJECT.format(**context)[:300],
        link=f"{reverse('dashboard:explanations')}#explanation-{explanation.pk}",
        context=context,
    )
    return outbox_add([notice], now=now)


def explanations_for(plan, *, body_ids=None) -> dict[tuple, list[Explanation]]:
    """``{(task id or None, indicator id or None, body id): [explanations, newest
    first]}`` of ``plan`` (only of ``body_ids`` when given), in one query."""
    found = Explanation.objects.filter(plan=plan).select_related("asked_by", "answered_by")
    if body_ids is not None:
        found = found.filter(body_id__in=body_ids)
    cells = defaultdict(list)
    for explanation in found:
        cells[(explanation.task_id, explanation.indicator_id, explanation.body_id)].append(
            explanation
        )
    return dict(cells)


def open_requests(body) -> list[Explanation]:
    """The requests ``body`` has not answered yet, the nearest deadline first."""
    return list(
        Explanation.objects.filter(body=body, answered_at__isnull=True)
        .select_related("plan", "task", "indicator", "asked_by")
        .order_by("deadline", "pk")
    )


def explanations_list(user, *, now=None) -> list[Explanation]:
    """Every request the user may read (a member: those to the bodies he oversees),
    newest first, each with its ``state``."""
    found = Explanation.objects.select_related(
        "plan", "task", "indicator", "body", "asked_by", "answered_by"
    )
    body_ids = readable_body_ids(user)
    if body_ids is not None:
        found = found.filter(body_id__in=body_ids)
    today = clock.today(now)
    rows = list(found)
    for explanation in rows:
        explanation.state = explanation_state(explanation, today)
    return rows


def body_explanations(body, *, user) -> dict:
    """What the body page shows of explanations: the open requests, and whether the
    reader may answer them."""
    return {
        "explanation_requests": open_requests(body),
        "explanation_can_answer": can_answer(user, body),
    }
