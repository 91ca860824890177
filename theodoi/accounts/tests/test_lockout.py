"""The lock-out counts failures against the account, however its name was typed
(issue 16: after 5 failures for ``chutich``, ``cHutich`` or the e-mail got in)."""

import pytest
from django.conf import settings
from django.test import Client

from conftest import PASSWORD
from theodoi.accounts.backends import lockout_username

LOGIN = "/dang-nhap/"


def sign_in(client, username, password=PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


def fail(times, *spellings):
    client = Client()
    for attempt in range(times):
        sign_in(client, spellings[attempt % len(spellings)], "sai")  # the last one locks


@pytest.mark.parametrize(
    "spelling", ["chutich", "cHutich", "ChuTich", "CHUTICH", "chutich@theodoi.local"]
)
def test_failures_under_one_spelling_lock_every_spelling_and_the_e_mail(people, spelling):
    fail(settings.AXES_FAILURE_LIMIT, "chutich")
    response = sign_in(Client(), spelling)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Tài khoản tạm khóa" in page and "Đăng nhập sai quá nhiều lần" in page
    assert Client().get("/").status_code == 302  # nobody signed in


def test_failures_under_several_spellings_add_up(people):
    fail(settings.AXES_FAILURE_LIMIT, "chutich", "ChuTich", "ChuTich@TheoDoi.local")
    assert sign_in(Client(), "chutich").status_code == 429


def test_a_right_password_under_a_variant_never_clears_the_lock(people):
    fail(settings.AXES_FAILURE_LIMIT, "ChuTich")
    assert sign_in(Client(), "cHutich").status_code == 429
    assert sign_in(Client(), "chutich").status_code == 429  # still locked


def test_a_success_before_the_lock_clears_the_count_only_with_the_password(people):
    fail(settings.AXES_FAILURE_LIMIT - 1, "chutich")
    fail(1, "CHUTICH")  # the last failure, under another spelling, completes the count
    assert sign_in(Client(), "cHuTiCh").status_code == 429
    assert sign_in(Client(), "daumoi").status_code == 302  # another account is free


def test_the_lock_out_key_is_the_account_name_or_the_typed_text_folded(people):
    assert lockout_username(None, {"username": " ChuTich "}) == "chutich"
    assert lockout_username(None, {"username": "CHUTICH@theodoi.local"}) == "chutich"
    assert lockout_username(None, {"username": "NoBody"}) == "nobody"
    assert lockout_username(None, {"username": None}) == ""
