"""Chasing letters: drafted after the cut-off to the bodies that owe their report,
edited under the stale-edit guard, generated, and sent through the outbox (a real
SMTP server on loopback) to each body's focal officers and heads."""

import shutil
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from theodoi.accounts.models import Role, User
from theodoi.bodies.models import Body
from theodoi.core.concurrency import EditConflict
from theodoi.documents.models import Letter, LetterState
from theodoi.documents.services.letters import (
    letter_draft,
    letter_generate,
    letter_save,
    letter_send,
    letters_of_body,
    letters_of_period,
)
from theodoi.notify.models import Kind, Notification
from theodoi.notify.services.delivery import deliver_all
from theodoi.plans.models import Assignment, AssignmentRole, Task
from theodoi.reporting.models import Report, ReportState
from theodoi.reporting.tests.conftest import period, plan, vn  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db
SOFFICE = shutil.which("soffice")
AFTER = vn(2026, 7, 6, 9, 0)  # after the March cut-off, and task 1 (due 30/06) is overdue


@pytest.fixture
def sent_by_health(period, people):  # noqa: F811
    """Sở Y tế has sent its report: it is not chased."""
    return Report.objects.create(
        period=period,
        body=people["daumoi.yte"].body,
        state=ReportState.ACCEPTED,
        submitted_at=vn(2026, 3, 20, 9, 0),
        version=3,
    )


@pytest.fixture
def letter(period, people, sent_by_health):  # noqa: F811
    return letter_draft(period, user=people["thuongtruc"], now=AFTER)


def late_bodies(period):  # noqa: F811
    """Counted here without the board: the plan's bodies minus those that sent."""
    sent = Report.objects.filter(
        period=period,
        state__in=[ReportState.SUBMITTED, ReportState.APPROVED, ReportState.ACCEPTED],
    ).values_list("body_id", flat=True)
    owing = Body.objects.filter(assignments__plan_id=period.plan_id).exclude(pk__in=sent)
    return set(owing.distinct().values_list("name", flat=True))


def overdue_titles(plan, today):  # noqa: F811
    """Open tasks with a lead, due before ``today`` (no lead reported them done)."""
    led = Assignment.objects.filter(plan=plan, role=AssignmentRole.LEAD, task__isnull=False)
    tasks = Task.objects.filter(
        pk__in=led.values("task_id"), due__lt=today, closed_at__isnull=True, children__isnull=True
    )
    return set(tasks.values_list("title", flat=True))


def test_refused_before_the_cutoff_and_its_grace(period, people):  # noqa: F811
    office = people["thuongtruc"]
    with pytest.raises(ValidationError, match="Chưa hết hạn"):
        letter_draft(period, user=office, now=vn(2026, 3, 25, 15, 0))
    period.grace_until = vn(2026, 3, 30, 16, 0)
    period.save()
    with pytest.raises(ValidationError, match="30/03/2026"):
        letter_draft(period, user=office, now=vn(2026, 3, 28, 9, 0))
    assert not Letter.objects.exists()
    assert letter_draft(period, user=office, now=vn(2026, 3, 31, 9, 0)).pk


def test_only_the_office_drafts(period, people):  # noqa: F811
    with pytest.raises(ValidationError):
        letter_draft(period, user=people["daumoi"], now=AFTER)


def test_names_every_late_body_and_every_overdue_task(letter, period):  # noqa: F811
    late = late_bodies(period)
    tasks = overdue_titles(period.plan, AFTER.date())
    assert late and tasks  # the fixture makes both
    assert "Sở Y tế" not in late
    assert set(letter.bodies.values_list("name", flat=True)) == late
    assert set(letter.addressees.splitlines()) == late
    for name in late:
        assert name in letter.content
    assert "Sở Y tế" not in letter.content
    for title in tasks:
        assert title in letter.content
    assert letter.content.count("- Nhiệm vụ ") == len(tasks)
    assert letter.subject.startswith("V/v đôn đốc gửi báo cáo tháng 3/2026")
    assert letter.content.endswith("./.")
    # Three working days after Monday 06/07/2026.
    assert letter.new_deadline == date(2026, 7, 9)
    assert "09/07/2026" in letter.content
    assert letter.history.first().history_change_reason == "documents.letter.drafted"


def test_a_letter_to_one_body(period, people, sent_by_health):  # noqa: F811
    finance = people["daumoi"].body
    letter = letter_draft(period, user=people["thuongtruc"], body=finance, now=AFTER)
    assert list(letter.bodies.all()) == [finance]
    assert letter.addressees == finance.name
    with pytest.raises(ValidationError, match="không còn nợ"):
        letter_draft(period, user=people["thuongtruc"], body=sent_by_health.body, now=AFTER)


def test_edit_is_guarded_against_a_stale_page(letter, people):
    office = people["thuongtruc"]
    data = {
        "subject": "V/v đôn đốc",
        "addressees": "Sở Tài chính",
        "content": "Đề nghị gửi báo cáo./.",
        "new_deadline": date(2026, 7, 10),
    }
    seen = str(letter.version)
    saved = letter_save(letter, data=data, user=office, seen_version=seen)
    assert (saved.subject, saved.version) == ("V/v đôn đốc", 2)
    with pytest.raises(EditConflict):
        letter_save(letter, data={**data, "subject": "Khác"}, user=office, seen_version=seen)
    with pytest.raises(ValidationError) as refused:
        letter_save(letter, data={**data, "content": " "}, user=office, seen_version="2")
    assert "content" in refused.value.error_dict
    letter.refresh_from_db()
    assert (letter.subject, letter.content) == (data["subject"], data["content"])
    assert letter.version == 2


def test_sending_needs_a_generation(letter, people):
    with pytest.raises(ValidationError, match="Tạo văn bản"):
        letter_send(letter, user=people["thuongtruc"], now=AFTER)
    assert not Notification.objects.exists()


def people_of(letter):
    return set(
        User.objects.filter(
            is_active=True, role__in=[Role.FOCAL, Role.HEAD], body__in=letter.bodies.all()
        ).values_list("email", flat=True)
    )


def send_and_deliver(letter, people):
    result = letter_send(letter, user=people["thuongtruc"], now=AFTER)
    deliver_all(AFTER)
    return result


def test_sent_without_pdf_the_docx_goes_and_the_page_says_so(
    letter, people, settings, media, smtp_server, login
):
    settings.THEODOI_SOFFICE = ""  # no LibreOffice: the generation has no PDF
    letter_generate(letter, user=people["thuongtruc"], now=AFTER)
    page = login("thuongtruc").get(reverse("documents:letter", args=[letter.pk]))
    assert "chưa có bản PDF: thư sẽ kèm tệp Word (DOCX)" in page.content.decode()
    result = send_and_deliver(letter, people)
    assert not result.attached_pdf
    assert {m["To"] for m in smtp_server} == people_of(letter)
    for message in smtp_server:
        (attached,) = list(message.iter_attachments())
        assert attached.get_filename().endswith(".docx")
        assert attached.get_content()[:2] == b"PK"


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_sent_by_smtp_one_mail_per_person_with_the_pdf(
    letter, people, media, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the PDF task runs at once
        rendition = letter_generate(letter, user=people["thuongtruc"], number="15", now=AFTER)
    rendition.refresh_from_db()
    assert rendition.pdf and rendition.reference == "Số: 15/BCĐ-VP"
    result = send_and_deliver(letter, people)
    expected = people_of(letter)
    assert expected and result.messages == len(expected)
    assert sorted(m["To"] for m in smtp_server) == sorted(expected)  # one mail per person
    for message in smtp_server:
        assert message["Subject"].strip() == letter.subject
        (attached,) = list(message.iter_attachments())
        assert attached.get_content_type() == "application/pdf"
        assert attached.get_content().startswith(b"%PDF")
        text = message.get_body(("plain",)).get_content()
        assert "Số: 15/BCĐ-VP" in text
    letter.refresh_from_db()
    assert letter.state == LetterState.SENT and letter.sent_at == AFTER
    assert Notification.objects.filter(kind=Kind.LETTER).count() == len(expected)
    assert letter.history.first().history_change_reason == "documents.letter.sent"


def test_sending_twice_is_refused(letter, people, settings, media):
    settings.THEODOI_SOFFICE = ""
    letter_generate(letter, user=people["thuongtruc"], now=AFTER)
    first = letter_send(letter, user=people["thuongtruc"], now=AFTER)
    with pytest.raises(ValidationError, match="đã gửi"):
        letter_send(letter, user=people["thuongtruc"], now=AFTER)
    with pytest.raises(ValidationError, match="đã gửi"):
        letter_save(letter, data={}, user=people["thuongtruc"], seen_version="1")
    assert Notification.objects.count() == first.messages


def test_board_and_body_pages_list_the_letter(letter, period, people, login):  # noqa: F811
    assert letters_of_period(period) == [letter]
    finance = people["daumoi"].body
    assert letters_of_body(finance) == [letter]
    client = login("thuongtruc")
    board = client.get(reverse("reporting:board", args=[period.pk])).content.decode()
    assert letter.subject in board
    body = client.get(reverse("bodies:detail", args=[finance.pk])).content.decode()
    assert letter.subject in body
    # The body's own people see the letters sent to it, not the drafts.
    own = login("daumoi").get(reverse("bodies:detail", args=[finance.pk])).content.decode()
    assert letter.subject not in own


def test_the_board_offers_the_letter_after_the_cutoff(period, people, login):  # noqa: F811
    page = login("thuongtruc").get(reverse("reporting:board", args=[period.pk]))
    assert 'data-testid="letter-draft"' in page.content.decode()  # today is after March 2026
    response = login("thuongtruc").post(reverse("documents:letter_draft", args=[period.pk]))
    letter = Letter.objects.get()
    assert response.url == reverse("documents:letter", args=[letter.pk])


def test_the_pages_are_the_office_s(letter, period, login):  # noqa: F811
    for username in ("daumoi", "lanhdao", "chutich"):
        client = login(username)
        assert client.get(reverse("documents:letters")).status_code == 403
        assert client.get(reverse("documents:letter", args=[letter.pk])).status_code == 403
        url = reverse("documents:letter_draft", args=[period.pk])
        assert client.post(url).status_code == 403
    office = login("thuongtruc")
    assert letter.subject in office.get(reverse("documents:letters")).content.decode()


def test_the_page_edits_generates_and_sends(letter, login, settings, media):
    settings.THEODOI_SOFFICE = ""
    client = login("thuongtruc")
    url = reverse("documents:letter", args=[letter.pk])
    form = {
        "subject": "V/v đôn đốc báo cáo",
        "addressees": letter.addressees,
        "content": letter.content,
        "new_deadline": "10/07/2026",
        "seen_version": "1",
        "action": "save",
    }
    assert client.post(url, form).status_code == 302
    stale = client.post(url, {**form, "subject": "Khác"})
    assert stale.status_code == 400 and "Người khác vừa sửa" in stale.content.decode()
    assert client.post(url, {"action": "generate", "number": ""}).status_code == 302
    page = client.get(url).content.decode()
    assert 'data-testid="rendition"' in page and 'data-testid="send"' in page
    assert client.post(url, {"action": "send"}).status_code == 302
    letter.refresh_from_db()
    assert letter.state == LetterState.SENT and letter.new_deadline == date(2026, 7, 10)
    assert 'data-testid="send"' not in client.get(url).content.decode()
