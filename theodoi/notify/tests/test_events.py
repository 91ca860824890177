"""A report's steps tell the next person: submitted → head, returned → focal officers,
approved → office, accepted → the body. Made once the step is committed (``notify.receivers``;
a step refused or rolled back tells nobody, ``test_receivers``)."""

import pytest
from django.core import mail

from theodoi.notify.models import Kind, Notification
from theodoi.notify.services.delivery import deliver_all
from theodoi.reporting.services import workflow
from theodoi.reporting.tests.conftest import vn

pytestmark = pytest.mark.django_db

MOMENT = vn(2026, 3, 20, 10, 0)


def told(kind):
    return sorted(
        Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True)
    )


def test_each_step_tells_the_next_person_and_not_the_one_who_acted(
    report, people, django_capture_on_commit_callbacks
):
    def step(service, **arguments):
        with django_capture_on_commit_callbacks(execute=True):  # each step commits
            service(report=report, now=MOMENT, **arguments)

    step(workflow.report_submit, user=people["daumoi"])
    assert told(Kind.SUBMITTED) == ["lanhdao"]
    step(workflow.report_return, user=people["lanhdao"], comment="Thiếu số liệu")
    assert told(Kind.RETURNED) == ["daumoi"]
    step(workflow.report_submit, user=people["daumoi"])
    assert told(Kind.SUBMITTED) == ["lanhdao", "lanhdao"]  # the same day, a second time
    step(workflow.report_approve, user=people["lanhdao"])
    assert told(Kind.APPROVED) == ["thuongtruc"]
    step(workflow.report_accept, user=people["thuongtruc"])
    assert told(Kind.ACCEPTED) == ["daumoi", "lanhdao"]

    deliver_all(MOMENT)
    returned = next(m for m in mail.outbox if m.subject.startswith("Báo cáo bị trả lại"))
    assert returned.to == ["daumoi@theodoi.local"]
    assert "Lý do trả lại: Thiếu số liệu" in returned.body
    assert "Lê Văn Hùng đã trả lại báo cáo kỳ Tháng 3/2026" in returned.body
    assert len(mail.outbox) == Notification.objects.count() == 6


def test_a_refused_step_tells_no_one(report, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(workflow.ValidationError):
        workflow.report_approve(report=report, user=people["lanhdao"], now=MOMENT)  # a draft
    assert not Notification.objects.exists()


def test_the_delivery_is_asked_for_when_the_step_commits(
    report, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.report_submit(report=report, user=people["daumoi"], now=MOMENT)
    # The immediate task backend of the tests delivered it at once.
    assert [m.to for m in mail.outbox] == [["lanhdao@theodoi.local"]]
    assert Notification.objects.get().sent_at == MOMENT
