"""The client's address, behind the reverse proxy of docs/deploy.md or not."""

from django.conf import settings


def client_address(request) -> str | None:
    """The address of whoever sent the request.

    Without a proxy, the connection's own address. Behind the proxy
    (``THEODOI_BEHIND_PROXY``), every request comes from the proxy: the client is the
    *last* address of ``X-Forwarded-For``, the one the proxy appended itself
    (``$proxy_add_x_forwarded_for``); the addresses before it are whatever the client
    chose to send and are never trusted.
    """
    meta = request.META
    if settings.THEODOI_BEHIND_PROXY:
        forwarded = [part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if forwarded[-1]:
            return forwarded[-1]
    return meta.get("REMOTE_ADDR")
