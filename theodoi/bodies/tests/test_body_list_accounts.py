"""Who has an account: the body list and a body's page say, per body, how many focal
officers and heads it has, and the office filters those without (issue 12, point 7)."""

import re

from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from theodoi.accounts.models import Role, User
from theodoi.bodies.models import Body, HeadApproval


def rows(page: str) -> dict[str, tuple[str, str]]:
    """Body name → (focal cell, head cell) as the list shows them."""
    found = {}
    for row in re.findall(r'<tr[^>]*data-testid="body-row">(.*?)</tr>', page, re.S):
        name = re.search(r"<a [^>]*>([^<]+)</a>", row).group(1)
        focal = re.search(r'data-testid="focal-count">(.*?)</td>', row, re.S).group(1)
        head = re.search(r'data-testid="head-count">(.*?)</td>', row, re.S).group(1)
        found[name] = (re.sub("<[^>]+>", "", focal).strip(), re.sub("<[^>]+>", "", head).strip())
    return found


def test_the_list_shows_focal_officers_and_heads_per_body(login, people):
    User.objects.create_user(
        "cu", "cu@x.vn", role=Role.HEAD, body=people["daumoi"].body, is_active=False
    )
    shown = rows(login("thuongtruc").get(reverse("bodies:list")).content.decode())
    assert len(shown) == Body.objects.count()
    for body in Body.objects.all():
        active = User.objects.filter(body=body, is_active=True)
        focal, head = (active.filter(role=role).count() for role in (Role.FOCAL, Role.HEAD))
        assert shown[body.name] == (str(focal or "chưa có"), str(head or "chưa có")), body.name
    assert shown["Sở Tài chính"] == ("1", "1")  # the inactive head is not counted


def test_the_filter_keeps_the_bodies_without_any_account(login, people):
    client = login("thuongtruc")
    page = client.get(reverse("bodies:list"), {"tai-khoan": "chua-co"}).content.decode()
    with_account = User.objects.filter(is_active=True, role__in=[Role.FOCAL, Role.HEAD])
    expected = Body.objects.exclude(pk__in=with_account.values("body_id"))
    assert set(rows(page)) == set(expected.values_list("name", flat=True))
    assert "Sở Tài chính" not in rows(page) and "Sở Y tế" not in rows(page)
    page = client.get(reverse("bodies:list"), {"tai-khoan": "thieu-lanh-dao"}).content.decode()
    heads = User.objects.filter(is_active=True, role=Role.HEAD).values("body_id")
    assert "Sở Y tế" in rows(page) and "Sở Tài chính" not in rows(page)
    assert len(rows(page)) == Body.objects.exclude(pk__in=heads).count()


def test_the_list_is_read_in_a_fixed_number_of_queries(login, people):
    client = login("thuongtruc")
    url = reverse("bodies:list")
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as one:
        assert len(rows(client.get(url, {"q": "Sở Y tế"}).content.decode())) == 1
    with CaptureQueriesContext(connection) as every:
        page = client.get(url).content.decode()
    assert len(rows(page)) == Body.objects.count() > 100
    assert len(every.captured_queries) == len(one.captured_queries) <= 8


def test_a_bodys_page_says_how_many_officers_it_has(login, people):
    body = people["daumoi.xa"].body
    page = login("thuongtruc").get(body.get_absolute_url()).content.decode()
    assert "Đầu mối: 1 · Lãnh đạo: 0" in page
    page = login("thuongtruc").get(Body.objects.get(name="Sở Tư pháp").get_absolute_url())
    assert "chưa có đầu mối" in page.content.decode()


def test_the_office_sets_head_approval_on_the_body_form_and_it_is_recorded(login, people):
    client = login("thuongtruc")
    body = people["daumoi.xa"].body
    form = client.get(reverse("bodies:edit", args=[body.pk])).context["form"]
    data = {k: form[k].value() for k in ["name", "kind", "code", "seen_version"]}
    data.update(active="on", aliases="\n".join(body.aliases), head_approval="required")
    assert client.post(reverse("bodies:edit", args=[body.pk]), data).status_code == 302
    body.refresh_from_db()
    assert body.head_approval == HeadApproval.REQUIRED
    last = body.history.first()
    assert last.history_user == people["thuongtruc"] and last.head_approval == "required"


def test_the_office_and_the_head_delegate_from_the_bodys_page(login, people):
    body = people["daumoi"].body
    url = reverse("bodies:delegate", args=[body.pk, people["daumoi"].pk])
    assert login("daumoi").post(url, {"allowed": "1"}).status_code == 403
    assert not User.objects.get(username="daumoi").can_approve
    login("lanhdao").post(url, {"allowed": "1"})
    assert User.objects.get(username="daumoi").can_approve
    page = login("thuongtruc").get(body.get_absolute_url()).content.decode()
    assert "được ủy quyền duyệt" in page and "Thôi ủy quyền duyệt" in page
    login("thuongtruc").post(url, {"allowed": "0"})
    assert not User.objects.filter(Q(can_approve=True)).exists()
