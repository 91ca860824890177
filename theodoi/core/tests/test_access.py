"""Every view is guarded, and an officer of one body never sees another's pages.

The test walks the project's URL patterns, so a view added later without an
access rule fails here.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from theodoi.bodies.models import Body, Group

# Third-party areas with their own guards (Django admin: staff only; set_language).
OUTSIDE = ("quan-tri/", "i18n/")


def project_patterns(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(OUTSIDE):
            continue
        if isinstance(entry, URLResolver):
            namespace = f"{entry.namespace}:" if entry.namespace else ""
            for name, inner_route, view in project_patterns(entry, route):
                yield (namespace + name if name else None), inner_route, view
        elif isinstance(entry, URLPattern):
            yield entry.name, route, entry.callback


ALL_VIEWS = sorted(project_patterns(), key=lambda p: p[1])


def url_for(name, route, body, group):
    kwargs = {}
    if "<int:body_id>" in route:
        kwargs["body_id"] = body.pk
    if "<int:group_id>" in route:
        kwargs["group_id"] = group.pk
    if "<int:object_id>" in route:
        kwargs.update(kind="don-vi", object_id=body.pk)
    if "<str:fmt>" in route:
        kwargs["fmt"] = "csv"
    if "<uidb64>" in route:
        kwargs.update(uidb64="x", token="y")
    return reverse(name, kwargs=kwargs)


def test_every_view_declares_who_may_see_it():
    unguarded = [route for _name, route, view in ALL_VIEWS if not hasattr(view, "access")]
    assert unguarded == []


@pytest.mark.parametrize(("name", "route", "view"), ALL_VIEWS, ids=[p[1] for p in ALL_VIEWS])
def test_an_officer_of_one_body_is_refused_every_other_bodys_page_and_office_pages(
    login, name, route, view
):
    client = login("daumoi")  # Sở Tài chính
    other_body = Body.objects.get(name="Sở Y tế")
    response = client.get(url_for(name, route, other_body, Group.objects.first()))
    if view.access in {"body", "office"}:
        assert response.status_code == 403
    else:
        assert response.status_code in {200, 302, 405}  # 405: log-out takes POST only


@pytest.mark.parametrize(("name", "route", "view"), ALL_VIEWS, ids=[p[1] for p in ALL_VIEWS])
def test_the_office_opens_every_page(login, name, route, view):
    client = login("thuongtruc")
    response = client.get(
        url_for(name, route, Body.objects.get(name="Sở Y tế"), Group.objects.first())
    )
    assert response.status_code in {200, 302, 405}


def test_an_anonymous_visitor_is_sent_to_the_login_page(people):
    from django.test import Client

    for name, route, view in ALL_VIEWS:
        if view.access == "public":
            continue
        response = Client().get(url_for(name, route, Body.objects.first(), Group.objects.first()))
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"], route


def test_an_officer_sees_his_own_body(login, people):
    response = login("daumoi").get(reverse("bodies:detail", args=[people["daumoi"].body_id]))
    assert response.status_code == 200
    assert "Sở Tài chính" in response.content.decode()


def test_a_member_sees_only_the_bodies_he_oversees(login):
    client = login("thanhvien")
    assert (
        client.get(reverse("bodies:detail", args=[Body.objects.get(name="Sở Y tế").pk])).status_code
        == 200
    )
    assert (
        client.get(
            reverse("bodies:detail", args=[Body.objects.get(name="Sở Tài chính").pk])
        ).status_code
        == 403
    )


def test_the_chair_sees_every_body(login):
    client = login("chutich")
    for body in Body.objects.all()[:20]:
        assert client.get(reverse("bodies:detail", args=[body.pk])).status_code == 200
