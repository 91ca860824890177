"""A message with a file (a chasing letter's PDF) carries it to the SMTP server."""

import pytest
from django.core.files.base import ContentFile

from theodoi.notify.models import EmailState
from theodoi.notify.services.delivery import deliver_all

from .test_inbox import START
from .test_outbox_page import reminder  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def test_the_attachment_arrives_with_its_name_and_type(reminder, smtp_server, media):  # noqa: F811
    pdf = b"%PDF-1.4 the letter\n%%EOF"
    reminder.attachment.save("cong-van.pdf", ContentFile(pdf), save=False)
    reminder.attachment_name = "Công văn đôn đốc.pdf"
    reminder.save()

    assert deliver_all(START) == 1

    reminder.refresh_from_db()
    assert reminder.email_state == EmailState.SENT
    (message,) = smtp_server
    (attached,) = list(message.iter_attachments())
    assert attached.get_filename() == "Công văn đôn đốc.pdf"
    assert attached.get_content_type() == "application/pdf"
    assert attached.get_content() == pdf


def test_a_message_without_a_file_has_no_attachment(reminder, smtp_server):  # noqa: F811
    deliver_all(START)
    (message,) = smtp_server
    assert list(message.iter_attachments()) == []
