import pytest
from django.core.management import CommandError, call_command

from theodoi.accounts.models import User
from theodoi.bodies.models import Body


def snapshot():
    return (
        sorted(User.objects.values_list("username", "password", "role", "body_id")),
        Body.objects.count(),
        Body.history.count(),
        User.history.count(),
    )


def test_demo_creates_one_account_per_role(db):
    call_command("demo")
    roles = dict(User.objects.values_list("username", "role"))
    assert roles == {
        "thuongtruc": "office",
        "daumoi": "focal",
        "lanhdao": "head",
        "daumoi.xa": "focal",
        "chutich": "viewer",
        "uyvien": "viewer",
    }
    assert User.objects.get(username="daumoi").body.name == "Sở Tài chính"
    assert User.objects.get(username="thuongtruc").body.name == "Sở Khoa học và Công nghệ"
    assert User.objects.get(username="daumoi").check_password("theodoi-demo")


def test_demo_twice_changes_nothing(db):
    call_command("demo")
    before = snapshot()
    call_command("demo")
    assert snapshot() == before


def test_demo_refuses_when_demo_mode_is_off(db, settings):
    settings.THEODOI_DEMO = False
    with pytest.raises(CommandError, match="THEODOI_DEMO"):
        call_command("demo")
    assert not User.objects.exists()
