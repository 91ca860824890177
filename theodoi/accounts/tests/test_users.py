from theodoi.accounts.models import User
from theodoi.bodies.models import Body


def form_data(client, url, **changes):
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: v for k, v in data.items() if v not in (None, False)}
    data.update(changes)
    return data


def test_the_office_creates_a_focal_officer_who_gets_a_link_to_set_a_password(
    login, mailoutbox, django_capture_on_commit_callbacks
):
    client = login("thuongtruc")
    body = Body.objects.get(name="Sở Y tế")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/tai-khoan/them/",
            {
                "username": "daumoi.yte2",
                "last_name": "Nguyễn Thị",
                "first_name": "Lan",
                "email": "lan@syt.angiang.gov.vn",
                "body": body.pk,
                "role": "focal",
                "is_active": "on",
            },
        )
    assert response.status_code == 302
    user = User.objects.get(username="daumoi.yte2")
    assert user.body == body and not user.has_usable_password()
    assert user.display_name == "Nguyễn Thị Lan"
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["lan@syt.angiang.gov.vn"]
    assert "/dat-lai-mat-khau/" in mailoutbox[0].body
    assert user.history.first().history_user.username == "thuongtruc"


def test_a_body_role_without_a_body_is_refused_and_nothing_is_saved(login, mailoutbox):
    client = login("thuongtruc")
    response = client.post(
        "/tai-khoan/them/",
        {"username": "x", "email": "x@example.org", "role": "head", "is_active": "on"},
    )
    assert "Vai trò này cần chọn cơ quan, đơn vị." in response.content.decode()
    assert not User.objects.filter(username="x").exists() and mailoutbox == []


def test_the_office_gives_a_member_the_bodies_he_oversees(login, people):
    client = login("thuongtruc")
    member = people["thanhvien"]
    url = f"/tai-khoan/{member.pk}/sua/"
    bodies = [Body.objects.get(name="Sở Y tế").pk, Body.objects.get(name="Sở Tài chính").pk]
    assert client.post(url, form_data(client, url, overseen_bodies=bodies)).status_code == 302
    assert set(member.overseen_bodies.values_list("pk", flat=True)) == set(bodies)


def test_a_concurrent_edit_of_an_account_is_refused(login, people):
    client = login("thuongtruc")
    url = f"/tai-khoan/{people['daumoi'].pk}/sua/"
    stale = form_data(client, url)
    assert client.post(url, {**stale, "position": "Chuyên viên chính"}).status_code == 302
    response = client.post(url, {**stale, "position": "Trưởng phòng"})
    assert "Người khác vừa sửa mục này" in response.content.decode()
    assert User.objects.get(pk=people["daumoi"].pk).position == "Chuyên viên chính"
