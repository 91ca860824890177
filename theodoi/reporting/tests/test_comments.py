"""Comments on a report item ("ý kiến chỉ đạo"): who may write, what is refused, who
is told (in-app and by e-mail through the outbox, once the comment is committed), and
the htmx thread."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from theodoi.accounts.models import User
from theodoi.notify.models import Kind, Notification
from theodoi.notify.services.delivery import deliver_all
from theodoi.reporting.models import ItemComment
from theodoi.reporting.services.comments import MAX_LENGTH, item_comment_add
from theodoi.reporting.services.reports import report_open
from theodoi.reporting.tests.conftest import vn

pytestmark = pytest.mark.django_db

MOMENT = vn(2026, 3, 28, 9, 0)


@pytest.fixture
def item(period, people):
    """The lead item of Sở Tài chính (``daumoi``, ``lanhdao``) on task 1."""
    report = report_open(period=period, body=people["daumoi"].body)
    return report.items.get(assignment__task__code="1", assignment__role="lead")


def told() -> list[str]:
    return sorted(
        Notification.objects.filter(kind=Kind.COMMENT).values_list("recipient__username", flat=True)
    )


@pytest.mark.parametrize("username", ["thuongtruc", "lanhdao", "daumoi", "chutich", "uyvien"])
def test_the_office_the_body_and_its_overseers_may_comment(item, people, username):
    comment = item_comment_add(item, people[username], "  Đề nghị bổ sung số liệu  ", now=MOMENT)
    assert comment.text == "Đề nghị bổ sung số liệu"
    record = comment.history.get()
    assert record.history_user == people[username]
    assert record.history_change_reason == "reporting.item_comment.added"


@pytest.mark.parametrize("username", ["daumoi.yte", "thanhvien", "daumoi.xa"])
def test_anyone_else_is_refused_and_nothing_is_written(
    item, people, username, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        item_comment_add(item, people[username], "Ý kiến", now=MOMENT)
    assert not ItemComment.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("   ", "Hãy nhập nội dung ý kiến."),
        ("x" * (MAX_LENGTH + 1), f"Ý kiến dài {MAX_LENGTH + 1} ký tự; tối đa {MAX_LENGTH} ký tự."),
    ],
)
def test_an_empty_or_too_long_comment_is_refused_in_vietnamese(
    item, people, text, message, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValidationError) as refusal,
    ):
        item_comment_add(item, people["chutich"], text, now=MOMENT)
    assert refusal.value.messages == [message]
    assert not ItemComment.objects.exists()
    assert not Notification.objects.exists()


def test_each_comment_tells_the_body_the_office_and_earlier_commenters_not_its_author(
    item, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # notify acts after commit
        item_comment_add(item, people["chutich"], "Đề nghị đẩy nhanh tiến độ", now=MOMENT)
    body = item.report.body
    independent = sorted(
        User.objects.filter(role__in=["focal", "head"], body=body).values_list(
            "username", flat=True
        )
    ) + list(User.objects.filter(role="office").values_list("username", flat=True))
    assert told() == sorted(independent) == ["daumoi", "lanhdao", "thuongtruc"]

    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        item_comment_add(item, people["lanhdao"], "Sở sẽ hoàn thành trong tháng 4", now=MOMENT)
    assert told() == ["chutich", "daumoi", "thuongtruc"]  # the chair wrote before
    notice = Notification.objects.get(recipient=people["chutich"])
    assert notice.link == (
        reverse("reporting:report", args=[body.pk, item.report.period_id]) + f"#item-{item.pk}"
    )
    assert notice.subject == "Ý kiến chỉ đạo về báo cáo: Sở Tài chính — Tháng 3/2026"


def test_the_comment_goes_out_by_email_through_the_outbox(
    item, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        item_comment_add(item, people["chutich"], "Đề nghị đẩy nhanh tiến độ", now=MOMENT)
    deliver_all(MOMENT)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "daumoi@theodoi.local",
        "lanhdao@theodoi.local",
        "thuongtruc@theodoi.local",
    ]
    message = mail.outbox[0]
    assert "Hồ Văn Mừng đã cho ý kiến về nhiệm vụ 1. Xây dựng kho dữ liệu" in message.body
    assert "Đề nghị đẩy nhanh tiến độ" in message.body
    assert f"#item-{item.pk}" in message.body
    html = message.alternatives[0][0]
    assert "Đề nghị đẩy nhanh tiến độ" in html and "{%" not in html and "{{" not in html


def test_the_thread_is_posted_with_htmx_and_comes_back_updated(item, login, people):
    url = reverse("reporting:item_comment_add", args=[item.report.body_id, item.pk])
    client = login("uyvien")
    response = client.post(url, {"text": "Ý kiến của Tổ công tác"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ý kiến của Tổ công tác" in page and "Đỗ Thị Lan" in page
    assert f'id="comments-{item.pk}"' in page
    assert ItemComment.objects.filter(item=item, author=people["uyvien"]).count() == 1

    refused = client.post(url, {"text": " "}, HTTP_HX_REQUEST="true")
    assert "Hãy nhập nội dung ý kiến." in refused.content.decode()
    assert ItemComment.objects.count() == 1


def test_a_body_outside_the_readers_reach_is_refused(item, login):
    url = reverse("reporting:item_comment_add", args=[item.report.body_id, item.pk])
    assert login("daumoi.yte").post(url, {"text": "Ý kiến"}).status_code == 403
    assert login("daumoi.yte").get(url).status_code == 403
    assert not ItemComment.objects.exists()


def test_the_report_page_shows_the_thread_under_the_item(item, login, people):
    item_comment_add(item, people["chutich"], "Đề nghị đẩy nhanh tiến độ", now=MOMENT)
    page = login("lanhdao").get(
        reverse("reporting:report", args=[item.report.body_id, item.report.period_id])
    )
    text = page.content.decode()
    assert "Đề nghị đẩy nhanh tiến độ" in text
    assert "Ý kiến chỉ đạo (1)" in text
