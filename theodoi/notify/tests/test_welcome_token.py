"""The welcome e-mail carries a link that sets the new account's password: a
credential. The outbox (its row, its page, a dump of the table) never holds it;
the link is made when the e-mail is built, and the one received works."""

import re

from django.contrib.auth.tokens import default_token_generator
from django.core import serializers
from django.test import Client
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode

from theodoi.accounts.models import User
from theodoi.bodies.models import Body
from theodoi.notify.models import EmailState, Kind, Notification

# What Django's tokens look like: a base-36 time stamp, a dash, a hexadecimal hash.
TOKEN = re.compile(r"[0-9a-z]{1,13}-[0-9a-f]{20,}")
LINK = re.compile(r"/dat-lai-mat-khau/([A-Za-z0-9_-]+)/([A-Za-z0-9-]+)/")


def valid_tokens(text: str, user) -> list[str]:
    return [t for t in TOKEN.findall(text) if default_token_generator.check_token(user, t)]


def test_the_outbox_keeps_no_password_link_and_the_mail_has_a_working_one(
    login, smtp_server, django_capture_on_commit_callbacks
):
    office = login("thuongtruc")
    with django_capture_on_commit_callbacks(execute=True):  # the worker delivers at once
        response = office.post(
            "/tai-khoan/them/",
            {
                "username": "lan.syt",
                "email": "lan@syt.angiang.gov.vn",
                "body": Body.objects.get(name="Sở Y tế").pk,
                "role": "focal",
                "is_active": "on",
            },
        )
    assert response.status_code == 302
    account = User.objects.get(username="lan.syt")
    welcome = Notification.objects.get(kind=Kind.WELCOME, recipient=account)
    assert welcome.email_state == EmailState.SENT

    # At rest: the row, a dump of the table, the office's outbox pages.
    at_rest = [
        serializers.serialize("json", Notification.objects.filter(recipient=account)),
        office.get("/thong-bao/hop-thu-di/").content.decode(),
        office.get(f"/thong-bao/hop-thu-di/{welcome.pk}/").content.decode(),
    ]
    assert "Đặt mật khẩu" in at_rest[2] or "đặt mật khẩu" in at_rest[2]  # the preview is shown
    for text in at_rest:
        assert not LINK.search(text)
        assert valid_tokens(text, account) == []

    # In the mail: a link that opens the form to set a password, for this account.
    [mail] = [m for m in smtp_server if m["To"] == "lan@syt.angiang.gov.vn"]
    body = mail.get_body(preferencelist=("plain",)).get_content()
    uid, token = LINK.search(body).groups()
    assert force_str(urlsafe_base64_decode(uid)) == str(account.pk)
    assert default_token_generator.check_token(account, token)
    page = Client().get(LINK.search(body).group(0), follow=True)
    assert page.status_code == 200
    assert 'name="new_password1"' in page.content.decode()
