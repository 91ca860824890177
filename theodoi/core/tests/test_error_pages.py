"""The error pages (403, 404, 500, a refused form) speak the visitor's language,
sit in the site's frame and offer a way back; the 500 page renders without the
database."""

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import path, reverse

import theodoi.config.urls
from theodoi.config.urls import handler403, handler404, handler500
from theodoi.core.access import public
from theodoi.core.views import error_500


@public
def broken(request):
    raise RuntimeError("a bug")


# This module is the URL configuration of the 500 tests: the site plus a broken page.
urlpatterns = [path("hong/", broken), *theodoi.config.urls.urlpatterns]
__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_a_missing_page_is_vietnamese_in_the_frame_with_a_way_home(login):
    client = login("chutich")
    response = client.get("/khong-co-trang-nay/", HTTP_REFERER="http://testserver/tong-quan/")
    page = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="vi">' in page and "Không tìm thấy trang này" in page
    assert 'data-testid="current-user"' in page  # the top bar of the site, signed in
    assert f'href="{reverse("home")}" data-testid="error-home"' in page
    assert 'href="http://testserver/tong-quan/" data-testid="error-back"' in page


def test_a_way_back_to_another_site_is_not_offered(client, db):
    response = client.get("/khong-co/", HTTP_REFERER="https://evil.example/")
    assert response.status_code == 404
    assert "evil.example" not in response.content.decode()


def test_a_missing_page_in_english(db):
    response = english(Client()).get("/khong-co/")
    page = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="en">' in page and "Page not found" in page


def test_a_refused_page_is_vietnamese_and_tells_whom_to_ask(login):
    response = login("daumoi").get(reverse("reporting:review"))  # the office's
    page = response.content.decode()
    assert response.status_code == 403
    assert "Anh/Chị không có quyền xem trang này" in page
    assert "liên hệ cơ quan thường trực" in page and 'data-testid="current-user"' in page
    assert "403 Forbidden" not in page


def test_a_refused_page_in_english(login):
    response = english(login("daumoi")).get(reverse("reporting:review"))
    assert response.status_code == 403
    assert "You are not allowed to see this page" in response.content.decode()


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    ("language", "words"),
    [("vi", "Hệ thống đang gặp sự cố"), ("en", "Something went wrong on our side")],
)
def test_a_broken_page_says_it_is_not_the_visitors_fault(db, language, words):
    client = Client()
    client.raise_request_exception = False
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/hong/")
    page = response.content.decode()
    assert response.status_code == 500
    assert f'<html lang="{language}">' in page and words in page
    assert 'class="topbar"' in page and f'href="{reverse("home")}"' in page


def test_the_500_page_renders_without_the_database():
    # No ``db`` fixture: any query would raise, as it would with the database down.
    response = error_500(RequestFactory().get("/hong/"))
    assert response.status_code == 500
    assert "Hệ thống đang gặp sự cố" in response.content.decode()


@pytest.mark.parametrize(
    ("language", "words"),
    [("vi", "Nội dung vừa nhập chưa được lưu."), ("en", "What you typed has not been saved.")],
)
def test_a_form_refused_for_its_stale_token_says_the_text_was_lost(db, language, words):
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    login = reverse("accounts:login")
    response = client.post(
        login, {"username": "x", "password": "y"}, HTTP_REFERER=f"http://testserver{login}"
    )
    page = response.content.decode()
    assert response.status_code == 403
    assert words in page and f'<html lang="{language}">' in page
    assert f'href="http://testserver{login}"' in page  # back to the form, to reload it
