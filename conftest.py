"""Fixtures shared by the whole suite: the registry and one persona per role.

Like healthchecks' test base: Alice-style personas with the demo's names, so a
test reads as a story ("daumoi of Sở Tài chính opens Sở Y tế's page").
"""

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM
# refuses to run next to one unless told it is safe (it is: one thread).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "theodoi-demo"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the registry once into the test database; each test rolls back to it."""
    from theodoi.bodies.services import registry_load_defaults

    with django_db_blocker.unblock():
        registry_load_defaults()


@pytest.fixture(autouse=True)
def vietnamese_after_each_test():
    """A request in English leaves English active in the thread; the next test starts
    in Vietnamese again, whatever order the tests run in."""
    yield
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded files in a folder of the test's own, never in var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def registry(db):
    """The province's bodies and groups (reloaded after a test that flushed them)."""
    from theodoi.bodies.models import Body
    from theodoi.bodies.services import registry_load_defaults

    if not Body.objects.exists():
        registry_load_defaults()


@pytest.fixture
def people(registry):
    """The demo accounts (office, focal, head, commune focal, chair) plus an
    officer of another department and a member who oversees one body."""
    from theodoi.accounts.models import Role, User
    from theodoi.bodies.models import Body
    from theodoi.devtools.demo import demo_load

    demo_load()
    users = {u.username: u for u in User.objects.all()}
    other = User.objects.create_user(
        "daumoi.yte",
        "daumoi.yte@theodoi.local",
        PASSWORD,
        role=Role.FOCAL,
        body=Body.objects.get(name="Sở Y tế"),
    )
    member = User.objects.create_user(
        "thanhvien", "thanhvien@theodoi.local", PASSWORD, role=Role.VIEWER
    )
    member.overseen_bodies.set([Body.objects.get(name="Sở Y tế")])
    users.update({"daumoi.yte": other, "thanhvien": member})
    return users


@pytest.fixture
def login(client, people):
    """``login("daumoi")`` signs the test client in as that persona."""

    def sign_in(username):
        client.force_login(
            people[username], backend="theodoi.accounts.backends.UsernameOrEmailBackend"
        )
        return client

    return sign_in


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback (aiosmtpd); Django sends to it.

    Yields the list of received messages (``email.message.EmailMessage``).
    """
    import email
    import email.policy
    import socket

    from aiosmtpd.controller import Controller

    received = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            received.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield received
    finally:
        controller.stop()
