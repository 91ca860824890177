"""Nobody grants a role above his own; changing a role needs the administrator
(issue 16: the office made itself administrator, then unlocked a period)."""

import pytest
from django.test import Client

from conftest import PASSWORD
from theodoi.accounts.models import Role, User
from theodoi.bodies.models import Body
from theodoi.reporting.services.periods import can_unlock

CHANGE_ROLE = "Chỉ quản trị hệ thống được đổi vai trò của tài khoản."
ABOVE = "Không thể cấp vai trò cao hơn vai trò của chính mình."


def form_data(client, url, **changes):
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: v for k, v in data.items() if v not in (None, False)}
    data.update(changes)
    return data


@pytest.fixture
def admin(people):
    return User.objects.create_user("quantri", "quantri@theodoi.local", PASSWORD, role=Role.ADMIN)


def signed_in(user):
    client = Client()
    client.force_login(user, backend="theodoi.accounts.backends.UsernameOrEmailBackend")
    return client


def test_the_office_cannot_make_itself_administrator(login, people):
    office = people["thuongtruc"]
    client = login("thuongtruc")  # (signing in records last_login)
    records = office.history.count()
    url = f"/tai-khoan/{office.pk}/sua/"
    response = client.post(url, form_data(client, url, role="admin"))
    assert response.status_code == 200
    assert ABOVE in response.content.decode()
    office.refresh_from_db()
    assert office.role == Role.OFFICE and not can_unlock(office)
    assert office.history.count() == records  # nothing saved, nothing recorded


def test_the_office_cannot_create_an_administrator(login, people):
    response = login("thuongtruc").post(
        "/tai-khoan/them/",
        {"username": "x", "email": "x@example.org", "role": "admin", "is_active": "on"},
    )
    assert ABOVE in response.content.decode()
    assert not User.objects.filter(username="x").exists()


def test_the_office_cannot_change_a_role_even_below_its_own(login, people):
    client = login("thuongtruc")
    focal = people["daumoi"]
    url = f"/tai-khoan/{focal.pk}/sua/"
    response = client.post(url, form_data(client, url, role="head"))
    assert CHANGE_ROLE in response.content.decode()
    focal.refresh_from_db()
    assert focal.role == Role.FOCAL


def test_the_office_cannot_edit_the_administrator(login, admin):
    client = login("thuongtruc")
    url = f"/tai-khoan/{admin.pk}/sua/"
    response = client.post(url, form_data(client, url, email="office@example.org"))
    assert "Chỉ quản trị hệ thống được sửa tài khoản" in response.content.decode()
    admin.refresh_from_db()
    assert admin.email == "quantri@theodoi.local"


def test_the_office_still_edits_and_creates_accounts_of_bodies(login, people):
    client = login("thuongtruc")
    url = f"/tai-khoan/{people['daumoi'].pk}/sua/"
    assert client.post(url, form_data(client, url, position="Chuyên viên")).status_code == 302
    body = Body.objects.get(name="Sở Y tế")
    response = client.post(
        "/tai-khoan/them/",
        {
            "username": "tt2",
            "email": "tt2@example.org",
            "role": "office",
            "body": body.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(username="tt2").role == Role.OFFICE


def test_the_administrator_changes_a_role_and_it_is_recorded(admin, people):
    client = signed_in(admin)
    focal = people["daumoi"]
    url = f"/tai-khoan/{focal.pk}/sua/"
    assert client.post(url, form_data(client, url, role="head")).status_code == 302
    focal.refresh_from_db()
    assert focal.role == Role.HEAD
    record = focal.history.latest()
    assert record.history_user == admin and record.history_change_reason == "accounts.user.saved"


def test_the_office_still_imports_accounts_of_bodies_in_bulk(people):
    from theodoi.accounts.bulk import accounts_create, accounts_read

    table = [
        ["Họ và tên", "E-mail", "Đơn vị", "Vai trò"],
        ["Nguyễn Văn An", "an@example.org", "Sở Y tế", "thường trực"],
        ["Trần Thị Bé", "be@example.org", "Sở Y tế", "đầu mối"],
    ]
    created = accounts_create(rows=accounts_read(table), user=people["thuongtruc"])
    assert [u.role for u in created] == [Role.OFFICE, Role.FOCAL]
