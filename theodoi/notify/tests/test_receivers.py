"""notify reacts to the steps of the areas below it once they are committed
(``notify.receivers``): a failure to notify never undoes the step and is logged, and a
step rolled back tells nobody."""

import logging

import pytest
from django.db import transaction

from theodoi.accounts.models import Role, User
from theodoi.accounts.signals import accounts_created_send
from theodoi.bodies.models import Body
from theodoi.notify import receivers
from theodoi.notify.models import Kind, Notification
from theodoi.reporting.models import ItemComment, Report, ReportState
from theodoi.reporting.services import workflow
from theodoi.reporting.services.comments import item_comment_add
from theodoi.reporting.services.reports import report_open
from theodoi.reporting.tests.conftest import vn

pytestmark = pytest.mark.django_db

MOMENT = vn(2026, 3, 20, 10, 0)


class Broken(Exception):
    pass


def broken(**kwargs):
    raise Broken("the outbox is unreachable")


class RolledBack(Exception):
    pass


def failures(caplog) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.name == "django.dispatch" and record.levelno == logging.ERROR
    ]


@pytest.fixture
def item(period, people):
    report = report_open(period=period, body=people["daumoi"].body)
    return report.items.get(assignment__task__code="1", assignment__role="lead")


def test_nothing_is_told_before_the_step_commits(
    report, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.report_submit(report=report, user=people["daumoi"], now=MOMENT)
        assert not Notification.objects.exists()  # the step is not committed yet
    assert Notification.objects.get().kind == Kind.SUBMITTED


def test_a_report_step_is_kept_when_notifying_fails_and_the_failure_is_logged(
    report, people, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    monkeypatch.setattr(receivers, "report_step_notify", broken)
    version, recorded = report.version, report.history.count()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.report_submit(report=report, user=people["daumoi"], now=MOMENT)

    report.refresh_from_db()
    assert (report.state, report.version) == (ReportState.SUBMITTED, version + 1)
    assert report.history.count() == recorded + 1  # the step is in the report's history
    assert not Notification.objects.exists()
    assert len(failures(caplog)) == 1 and "on_report_moved" in failures(caplog)[0]
    assert "the outbox is unreachable" in failures(caplog)[0]


def test_a_comment_is_kept_when_notifying_fails_and_the_failure_is_logged(
    item, people, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    monkeypatch.setattr(receivers, "item_comment_notify", broken)
    with django_capture_on_commit_callbacks(execute=True):
        item_comment_add(item, people["chutich"], "Đề nghị đẩy nhanh tiến độ", now=MOMENT)

    assert ItemComment.objects.get(item=item).text == "Đề nghị đẩy nhanh tiến độ"
    assert not Notification.objects.exists()
    assert len(failures(caplog)) == 1 and "on_item_commented" in failures(caplog)[0]


def test_a_notice_half_made_is_undone_with_the_failure(
    report, people, django_capture_on_commit_callbacks, monkeypatch
):
    """The receiver runs in a transaction of its own: a failure after some notices were
    written leaves none of them."""
    real = receivers.report_step_notify

    def notify_then_fail(**arguments):
        real(**arguments)
        assert Notification.objects.exists()
        raise Broken

    monkeypatch.setattr(receivers, "report_step_notify", notify_then_fail)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.report_submit(report=report, user=people["daumoi"], now=MOMENT)
    assert not Notification.objects.exists()
    assert Report.objects.get(pk=report.pk).state == ReportState.SUBMITTED


def test_a_report_step_rolled_back_tells_nobody(report, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RolledBack), transaction.atomic():
            workflow.report_submit(report=report, user=people["daumoi"], now=MOMENT)
            raise RolledBack
    assert callbacks == []
    assert Report.objects.get(pk=report.pk).state == ReportState.DRAFT
    assert not Notification.objects.exists()


def test_a_comment_rolled_back_tells_nobody(item, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RolledBack), transaction.atomic():
            item_comment_add(item, people["chutich"], "Đề nghị đẩy nhanh tiến độ", now=MOMENT)
            raise RolledBack
    assert callbacks == []
    assert not ItemComment.objects.exists() and not Notification.objects.exists()


def test_an_account_is_kept_when_its_welcome_fails_and_the_failure_is_logged(
    login, mailoutbox, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    monkeypatch.setattr(receivers, "welcome_queue", broken)
    with django_capture_on_commit_callbacks(execute=True):
        response = login("thuongtruc").post(
            "/tai-khoan/them/",
            {
                "username": "daumoi.yte2",
                "email": "lan@syt.angiang.gov.vn",
                "body": Body.objects.get(name="Sở Y tế").pk,
                "role": "focal",
                "is_active": "on",
            },
        )
    assert response.status_code == 302
    assert User.objects.filter(username="daumoi.yte2").exists()
    assert not Notification.objects.exists() and mailoutbox == []
    assert len(failures(caplog)) == 1 and "on_accounts_created" in failures(caplog)[0]


def test_accounts_rolled_back_get_no_welcome(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RolledBack), transaction.atomic():
            account = User.objects.create(username="tam", email="tam@xa.gov.vn", role=Role.VIEWER)
            accounts_created_send([account], actor=people["thuongtruc"])
            raise RolledBack
    assert callbacks == []
    assert not Notification.objects.exists()


def test_new_accounts_get_their_welcome_once_committed(people, django_capture_on_commit_callbacks):
    account = User.objects.create(username="tam", email="tam@xa.gov.vn", role=Role.VIEWER)
    with django_capture_on_commit_callbacks(execute=True):
        accounts_created_send([account], actor=people["thuongtruc"], now=MOMENT)
        assert not Notification.objects.exists()
    welcome = Notification.objects.get()
    assert (welcome.kind, welcome.recipient, welcome.created_at) == (Kind.WELCOME, account, MOMENT)
