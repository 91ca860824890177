"""“Quên mật khẩu” through the outbox: the same answer and the same work for a known
or an unknown address, no e-mail sent in the request, and a limit per address and
per client (issue 16: 37 ms against 5 ms told which addresses exist)."""

import re

import pytest
from django.test import Client
from django_tasks_db.models import DBTaskResult

from conftest import PASSWORD
from theodoi.notify.models import EmailState, Kind, Notification
from theodoi.notify.services.reset import reset_limit

RESET = "/quen-mat-khau/"
DONE = "/quen-mat-khau/da-gui/"


def ask(client, email):
    return client.post(RESET, {"email": email})


def test_known_and_unknown_addresses_get_the_same_answer(people):
    known, unknown = ask(Client(), "daumoi@theodoi.local"), ask(Client(), "nobody@example.org")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == DONE
    assert known.content == unknown.content


def test_the_request_only_queues_the_same_task_for_any_address(people, settings, mailoutbox):
    """As in production (a database queue): the request looks nothing up and sends
    nothing; a known and an unknown address each leave one task for the worker."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "email"]}
    }
    for email in ["daumoi@theodoi.local", "nobody@example.org"]:
        before = DBTaskResult.objects.count()
        ask(Client(), email)
        assert DBTaskResult.objects.count() == before + 1
    assert not Notification.objects.filter(kind=Kind.RESET).exists() and mailoutbox == []


def test_the_reset_mail_goes_through_the_outbox_and_its_link_works(
    people, smtp_server, django_capture_on_commit_callbacks
):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        assert ask(client, "DaUmoi@theodoi.local")["Location"] == DONE
    notice = Notification.objects.get(kind=Kind.RESET)
    assert notice.recipient == people["daumoi"] and notice.email_state == EmailState.SENT
    assert "dat-lai-mat-khau" not in notice.link  # the office reads the outbox: no token kept
    assert len(smtp_server) == 1
    message = smtp_server[0]
    assert message["To"] == "daumoi@theodoi.local" and "Đặt lại mật khẩu" in message["Subject"]
    body = message.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"https?://[^/\s]+(/dat-lai-mat-khau/\S+/)", body).group(1)
    form = client.get(link, follow=True)
    new = "mat-khau-moi-2026!"
    response = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    assert Client().post("/dang-nhap/", {"username": "daumoi", "password": new}).status_code == 302
    login = {"username": "daumoi", "password": PASSWORD}
    assert Client().post("/dang-nhap/", login).status_code == 200


def test_an_unknown_address_gets_nothing(people, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ask(Client(), "nobody@example.org")
    assert not Notification.objects.filter(kind=Kind.RESET).exists() and mailoutbox == []


@pytest.mark.parametrize("address", ["daumoi@theodoi.local", "nobody@example.org"])
def test_the_sixth_request_in_an_hour_for_one_address_is_refused_politely(
    people, mailoutbox, django_capture_on_commit_callbacks, address
):
    answers = []
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(reset_limit() + 1):
            answers.append(ask(Client(REMOTE_ADDR=f"10.0.0.{n}"), address))
    assert {(a.status_code, a["Location"]) for a in answers} == {(302, DONE)}
    sent = len(mailoutbox)
    assert sent == (reset_limit() if address.startswith("daumoi") else 0)
    assert Notification.objects.filter(kind=Kind.RESET).count() == sent


def test_the_sixth_request_in_an_hour_from_one_client_is_refused(
    people, mailoutbox, django_capture_on_commit_callbacks
):
    client = Client(REMOTE_ADDR="10.0.0.9")
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(reset_limit()):
            ask(client, f"someone{n}@example.org")
        answer = ask(client, "daumoi@theodoi.local")
    assert answer.status_code == 302 and answer["Location"] == DONE
    assert mailoutbox == [] and not Notification.objects.filter(kind=Kind.RESET).exists()
    with django_capture_on_commit_callbacks(execute=True):
        ask(Client(REMOTE_ADDR="10.0.0.10"), "daumoi@theodoi.local")  # another client may
    assert len(mailoutbox) == 1
