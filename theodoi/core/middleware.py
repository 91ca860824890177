"""What every response needs whatever the view: the client's address behind the
proxy, the request size refused before it is read, and the headers that keep a
signed-in page out of caches and scripts to the site's own files."""

import time

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from .proxy import client_address


class ClientAddressMiddleware:
    """``REMOTE_ADDR`` becomes the client's address (``proxy.client_address``), so the
    lock-out and the logs see each client, not the proxy's 127.0.0.1."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        address = client_address(request)
        if address:
            request.META["REMOTE_ADDR"] = address
        return self.get_response(request)


class RequestSizeLimitMiddleware:
    """Refuses (413) a request whose ``Content-Length`` is above
    ``THEODOI_REQUEST_MAX_BYTES`` before any middleware or view reads its body: a
    500 MB upload is not written to a temporary file only to be refused afterwards.
    (The server refuses a body without Content-Length above the same size:
    ``theodoi serve``, or the proxy's client_max_body_size.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.THEODOI_REQUEST_MAX_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            message = _("Dữ liệu gửi lên quá lớn (tối đa %(size)s MB).") % {
                "size": limit // (1024 * 1024)
            }
            response = HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
            response["Connection"] = "close"  # the unread body is not waited for
            return response
        return self.get_response(request)


class PrivacyHeadersMiddleware:
    """The Content-Security-Policy on every page, and ``Cache-Control: no-store`` on
    every response to a signed-in user and on every downloaded file, so that neither a
    shared computer's browser cache nor a proxy keeps a report or an evidence file."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", settings.THEODOI_CONTENT_SECURITY_POLICY)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        download = response.get("Content-Disposition", "").startswith("attachment")
        if signed_in or download:
            add_never_cache_headers(response)
        return response


class SessionRefreshMiddleware:
    """An active session's end is pushed back at most every ``THEODOI_SESSION_REFRESH``
    seconds (5 minutes), not on every request: ``SESSION_SAVE_EVERY_REQUEST`` wrote the
    session again on each save of the 25th's rush, a second write per request. A
    session thus ends between ``SESSION_COOKIE_AGE`` less 5 minutes and
    ``SESSION_COOKIE_AGE`` after the last request."""

    KEY = "_refreshed"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty() or session.modified:
            return response
        now = int(time.time())
        if now - session.get(self.KEY, 0) >= settings.THEODOI_SESSION_REFRESH:
            session[self.KEY] = now  # modified: SessionMiddleware saves it, a new end
        return response
