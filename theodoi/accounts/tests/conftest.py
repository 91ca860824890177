import pytest


@pytest.fixture(autouse=True)
def fresh_cache():
    """The password reset counts requests in Django's cache (a process's memory in
    tests): each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
