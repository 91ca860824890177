"""Settings for the test suite: the same as production but faster hashing."""

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
THEODOI_DEMO = True
# The personas fixture runs demo_load; tests start without the demo's sample
# plans unless they turn this on (theodoi/plans/tests/test_demo_plans.py).
THEODOI_DEMO_PLANS = False
# Every request writes the session again, as the counts of queries the tests assert were
# made with: whether a request falls on a 5-minute refresh does not change them
# (accounts/tests/test_login.py sets the production value to test the refresh itself).
THEODOI_SESSION_REFRESH = 0
# Unit tests run tasks at once; the few end-to-end tests start a real worker.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", "email"],
    }
}

# The end-to-end tests start a real worker process, which must see the test
# database: on SQLite it is a file (one per test process, removed at the end)
# rather than Django's in-memory default; no fsync, as nothing must survive.
# PostgreSQL needs nothing: its test database is already shared.
if "sqlite" in DATABASES["default"]["ENGINE"]:  # noqa: F405
    import os
    import tempfile

    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"theodoi-test-{os.getpid()}.sqlite3")  # noqa: F405
    }
    DATABASES["default"]["OPTIONS"]["init_command"] = (  # noqa: F405
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;"
    )
