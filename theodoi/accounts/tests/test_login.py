import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD

LOGIN = "/dang-nhap/"


def sign_in(client, username, password=PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


def test_the_login_page_is_in_vietnamese(db):
    page = Client().get(LOGIN).content.decode()
    assert "Đăng nhập" in page and "Tên đăng nhập hoặc e-mail" in page
    assert '<html lang="vi">' in page


def test_the_login_page_switches_to_english(db):
    client = Client()
    client.post(reverse("set_language"), {"language": "en", "next": LOGIN})
    page = client.get(LOGIN).content.decode()
    assert '<html lang="en">' in page
    assert "User name or e-mail" in page and "Log in" in page


def test_every_interface_message_has_its_english():
    from pathlib import Path

    po = Path(__file__).resolve().parents[2] / "locale/en/LC_MESSAGES/django.po"
    entries = po.read_text("utf-8").split("\n\n")[1:]  # the first is the header
    untranslated = [e for e in entries if re.search(r'^msgstr ""$(?!\n")', e, re.M)]
    assert entries and untranslated == []


@pytest.mark.parametrize(
    ("username", "home"),
    [
        ("thuongtruc", "/thuong-truc/"),
        ("daumoi", "/don-vi/{sotaichinh}/"),
        ("lanhdao", "/don-vi/{sotaichinh}/"),
        ("chutich", "/tong-quan/"),
    ],
)
def test_each_role_lands_on_its_own_home_page(people, username, home):
    client = Client()
    assert sign_in(client, username).status_code == 302
    response = client.get("/")
    assert response["Location"] == home.format(sotaichinh=people["daumoi"].body_id)


def test_the_commune_officer_lands_on_his_commune(people):
    client = Client()
    sign_in(client, "daumoi.xa")
    body = people["daumoi.xa"].body
    assert body.kind == "commune"
    assert client.get("/")["Location"] == f"/don-vi/{body.pk}/"


def test_one_signs_in_with_the_e_mail_address_too(people):
    client = Client()
    assert sign_in(client, "DaUmoi@theodoi.local").status_code == 302
    assert client.get("/")["Location"].startswith("/don-vi/")


def test_a_wrong_password_gets_a_clear_message_in_vietnamese(people):
    response = sign_in(Client(), "daumoi", "sai-mat-khau")
    assert response.status_code == 200
    assert "mật khẩu không đúng" in response.content.decode()


def test_repeated_failures_lock_the_account_even_for_the_right_password(people):
    client = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "daumoi", "sai-mat-khau")
    response = sign_in(client, "daumoi")
    assert response.status_code == 429
    assert "tạm khóa" in response.content.decode()
    assert Client().get("/").status_code == 302  # still not signed in


def test_the_lock_is_per_account(people):
    client = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "daumoi", "sai-mat-khau")
    assert sign_in(Client(), "lanhdao").status_code == 302


def test_an_idle_session_ends(people):
    assert 0 < settings.SESSION_COOKIE_AGE <= 8 * 3600
    client = Client()
    sign_in(client, "daumoi")
    session = client.session
    session.set_expiry(-1)
    session.save()
    assert client.get("/")["Location"].startswith(LOGIN)


def test_activity_moves_the_sessions_end_at_most_every_five_minutes(people, settings):
    """Not a session write per request (the 25th's rush): a request moves the end on
    only when the last move is ``THEODOI_SESSION_REFRESH`` seconds old."""
    from django.contrib.sessions.models import Session

    settings.THEODOI_SESSION_REFRESH = 300  # production's (the tests' is 0)

    client = Client()
    sign_in(client, "daumoi")
    key = client.cookies[settings.SESSION_COOKIE_NAME].value

    def end():
        return Session.objects.get(session_key=key).expire_date

    client.get("/")  # the first request marks the moment
    first = end()
    client.get("/")
    assert end() == first  # a minute later: nothing written
    session = client.session
    session["_refreshed"] -= settings.THEODOI_SESSION_REFRESH  # five minutes have passed
    session.save()
    Session.objects.filter(session_key=key).update(expire_date=first)
    client.get("/")
    assert end() > first


# The password reset: test_password_reset.py.


def test_words_with_two_meanings_have_two_english_translations(db):
    from django.utils import translation

    from theodoi.accounts.forms import UserForm

    with translation.override("en"):
        assert str(UserForm().fields["first_name"].label) == "Given name"
        assert translation.gettext("Tên") == "Name"  # of a body, a day off
        assert translation.gettext("Duyệt") == "Approve"  # a report
        assert translation.pgettext("kiểm tra bản nháp kế hoạch", "Duyệt") == "Review"
