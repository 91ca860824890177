"""A person's names hold no control characters, typed or imported (issue 16: a line
break in a name broke every e-mail header it went into)."""

import pytest

from theodoi.accounts.bulk import accounts_read
from theodoi.accounts.models import User
from theodoi.bodies.models import Body

REFUSED = "Tên không được chứa ký tự điều khiển"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("last_name", "Nguyễn\r\nBcc: x@example.org"),
        ("first_name", "Lan\x07"),
        ("username", "a\nb"),
    ],
)
def test_a_name_with_a_control_character_is_refused_in_the_form(login, people, field, value):
    body = Body.objects.get(name="Sở Y tế")
    data = {
        "username": "lan.yte",
        "last_name": "Nguyễn Thị",
        "first_name": "Lan",
        "email": "lan@example.org",
        "body": body.pk,
        "role": "focal",
        "is_active": "on",
        field: value,
    }
    response = login("thuongtruc").post("/tai-khoan/them/", data)
    assert response.status_code == 200
    if field != "username":  # a user name has Django's own rule (letters, digits, @.+-_)
        assert REFUSED in response.content.decode()
    assert not User.objects.filter(email="lan@example.org").exists()


def test_an_imported_name_with_a_control_character_refuses_its_row(people):
    table = [
        ["Họ và tên", "E-mail", "Đơn vị", "Vai trò"],
        ["Nguyễn\x1bLan", "lan@example.org", "Sở Y tế", "đầu mối"],
        ["Trần Minh", "minh@example.org", "Sở Y tế", "đầu mối"],
    ]
    rows = accounts_read(table)
    assert REFUSED in rows[0].error and rows[1].error == ""
