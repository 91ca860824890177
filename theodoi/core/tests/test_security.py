"""What every response carries whatever the view (theodoi/core/middleware.py): the
Content-Security-Policy with no inline script left to need it, HSTS and the https://
redirect, no-store on signed-in pages and files, the request size refused before it is
read, the client's address behind the proxy; and a refused page logged in one line."""

import logging
import re
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.urls import reverse

from theodoi.core.middleware import PrivacyHeadersMiddleware
from theodoi.reporting.models import EvidenceFile
from theodoi.reporting.services.reports import report_open
from theodoi.reporting.tests.conftest import period, plan  # noqa: F401 (fixtures)

PACKAGE = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(PACKAGE.glob("**/templates/**/*.html"))


# Content-Security-Policy


def test_every_page_forbids_scripts_but_the_sites_own(client, db):
    policy = client.get(reverse("accounts:login"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["default-src"] == "'self'" and directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path.relative_to(PACKAGE)))
def test_no_template_has_an_inline_script(template):
    """What the policy would refuse: <script> without src, on…= handlers, javascript:
    links, and what htmx evaluates as code (hx-on, [filters] in hx-trigger, js: values)."""
    text = template.read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text)
    assert not re.search(r"\son[a-z]+\s*=", text)
    assert "javascript:" not in text and "hx-on" not in text
    assert not re.search(r'hx-trigger="[^"]*\[', text)
    assert not re.search(r"hx-(vals|headers)=[\"']\s*(js|javascript):", text)


def test_htmx_is_told_not_to_evaluate_code():
    site = (PACKAGE / "static" / "theodoi" / "site.js").read_text()
    assert "htmx.config.allowEval = false" in site


# HSTS, https:// and caches


@pytest.fixture
def https(settings):
    """The documented production settings' HTTPS part (THEODOI_HTTPS=1 behind the proxy)."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


def test_under_https_plain_http_is_redirected_and_https_is_remembered(https, db):
    login = reverse("accounts:login")
    response = Client().get(login, HTTP_X_FORWARDED_PROTO="http")
    assert response.status_code == 301 and response["Location"] == f"https://testserver{login}"
    response = Client().get(login, HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_a_signed_in_page_is_never_stored(login):
    response = login("daumoi").get(reverse("home"), follow=True)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_an_evidence_file_is_never_stored(login, people, period, media):  # noqa: F811
    item = report_open(period=period, body=people["daumoi"].body).items.get()
    client = login("daumoi")
    url = reverse("reporting:evidence_upload", args=[item.report.body_id, item.pk])
    pdf = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"
    client.post(url, {"file": SimpleUploadedFile("a.pdf", pdf)}, HTTP_HX_REQUEST="true")
    evidence = EvidenceFile.objects.get(item=item)
    response = client.get(
        reverse("reporting:evidence_file", args=[item.report.body_id, evidence.pk])
    )
    assert response.status_code == 200 and b"".join(response.streaming_content) == pdf
    assert "no-store" in response["Cache-Control"]


def test_a_downloaded_file_is_never_stored_even_without_a_session():
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse

    def download(request):
        response = HttpResponse(b"x")
        response["Content-Disposition"] = 'attachment; filename="x.csv"'
        return response

    request = RequestFactory().get("/x.csv")
    request.user = AnonymousUser()
    assert "no-store" in PrivacyHeadersMiddleware(download)(request)["Cache-Control"]


# Request size


class NeverRead:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def test_a_request_above_the_limit_is_refused_before_its_body_is_read(login, settings):
    response = login("thuongtruc").generic(
        "POST",
        reverse("plans:upload"),
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(500 * 1024 * 1024),
        **{"wsgi.input": NeverRead()},
    )
    assert response.status_code == 413
    assert "Dữ liệu gửi lên quá lớn (tối đa 21 MB)" in response.content.decode()
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= settings.THEODOI_REQUEST_MAX_BYTES


def test_an_ordinary_upload_under_the_limit_still_goes_through(login, people, period, media):  # noqa: F811
    item = report_open(period=period, body=people["daumoi"].body).items.get()
    url = reverse("reporting:evidence_upload", args=[item.report.body_id, item.pk])
    pdf = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n" + b"0" * (2 * 1024 * 1024)
    response = login("daumoi").post(
        url, {"file": SimpleUploadedFile("bien-ban.pdf", pdf)}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "bien-ban.pdf" in response.content.decode()
    assert EvidenceFile.objects.get(item=item).size == len(pdf)


# The client's address behind the proxy


def _fail_login(**headers):
    Client().post(reverse("accounts:login"), {"username": "daumoi", "password": "sai"}, **headers)
    return AccessAttempt.objects.get().ip_address


def test_behind_the_proxy_a_failed_login_is_counted_for_the_client(people, settings):
    settings.THEODOI_BEHIND_PROXY = True
    # The first address is the client's own claim; the last the one the proxy saw.
    forwarded = "6.6.6.6, 203.0.113.9"
    assert _fail_login(HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="127.0.0.1") == "203.0.113.9"


def test_without_the_proxy_the_forwarded_header_is_ignored(people, settings):
    settings.THEODOI_BEHIND_PROXY = False
    assert _fail_login(HTTP_X_FORWARDED_FOR="203.0.113.9", REMOTE_ADDR="10.0.0.5") == "10.0.0.5"


# A refused page in the log


def test_a_refused_page_is_logged_in_one_line_without_a_traceback(login, caplog):
    client = login("daumoi")
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(reverse("reporting:review"))
    assert response.status_code == 403
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    line = record.getMessage()
    assert record.exc_info is None and record.exc_text is None
    assert "\n" not in line and "Traceback" not in caplog.text
    assert line.startswith("Forbidden: GET /")
    assert (
        reverse("reporting:review") in line
        and "user=daumoi" in line
        and "reason=raised at " in line
    )
