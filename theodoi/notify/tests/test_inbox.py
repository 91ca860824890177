"""One's own notifications: the bell's count, the list, marking read, opening one,
the preferences. Nobody reads or changes another person's notification."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from theodoi.notify.models import Kind, Notification, Preference
from theodoi.notify.services import inbox
from theodoi.notify.services.outbox import new_notification
from theodoi.reporting.tests.conftest import vn

pytestmark = pytest.mark.django_db

START = vn(2026, 3, 2, 7, 30)
HTMX = {"HX-Request": "true"}


def notices(user, count, *, start=START, kind=Kind.BEFORE, link="/bao-cao/", **fields):
    """``count`` notifications of ``user``, one a day from ``start`` (the newest last)."""
    rows = [
        new_notification(
            kind=kind,
            recipient=user,
            day=(start + timedelta(days=i)).date(),
            moment=start + timedelta(days=i),
            link=link,
            **{"subject": f"Nhắc báo cáo số {i + 1}", **fields},
        )
        for i in range(count)
    ]
    Notification.objects.bulk_create(rows)
    return list(Notification.objects.filter(recipient=user).order_by("created_at"))


def queries_of(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_list_shows_ones_own_notifications_newest_first_unread_marked(login, people):
    _first, second, third = notices(people["daumoi"], 3)
    notices(people["daumoi.yte"], 1, start=vn(2026, 3, 20, 7, 30))
    inbox.mark_read(people["daumoi"], second.pk, now=vn(2026, 3, 5, 9, 0))

    page = login("daumoi").get(reverse("notify:list")).content.decode()

    assert page.index("Nhắc báo cáo số 3") < page.index("Nhắc báo cáo số 2")
    assert page.index("Nhắc báo cáo số 2") < page.index("Nhắc báo cáo số 1")
    assert page.count('data-testid="notification"') == 3  # not Sở Y tế's officer's
    assert page.count("Chưa đọc") == 2 and page.count("Đánh dấu đã đọc") == 2
    assert "Nhắc trước hạn" in page  # the kind's label
    assert "07:30 04/03/2026" in page  # datetime_vn, the province's time
    assert reverse("notify:open", args=[third.pk]) in page


def test_the_list_pages_by_fifty_with_the_same_queries_for_5_and_50_rows(
    login, people, django_assert_num_queries
):
    client = login("daumoi")
    notices(people["daumoi"], 5)
    few = queries_of(client, reverse("notify:list"))
    notices(people["daumoi"], 45, start=START + timedelta(days=10))
    with django_assert_num_queries(few):
        page = client.get(reverse("notify:list")).content.decode()
    assert page.count('data-testid="notification"') == 50

    notices(people["daumoi"], 1, start=START + timedelta(days=100))
    second = client.get(reverse("notify:list") + "?trang=2").content.decode()
    assert second.count('data-testid="notification"') == 1
    assert "Nhắc báo cáo số 1<" in second  # the oldest is on the second page
    assert "Trang 2/2" in second


def test_the_bell_shows_the_unread_count_for_a_screen_reader_too(login, people):
    notices(people["daumoi"], 2)
    notices(people["daumoi.yte"], 4)
    client = login("daumoi")

    home = client.get(reverse("notify:list")).content.decode()
    assert f'hx-get="{reverse("notify:bell")}"' in home
    assert 'hx-trigger="load, every 60s, notify-read from:body"' in home

    bell = client.get(reverse("notify:bell")).content.decode()
    assert 'aria-label="2 thông báo chưa đọc"' in bell
    assert '<span class="bell-count" data-testid="bell-count" aria-hidden="true">2</span>' in bell

    Notification.objects.filter(recipient=people["daumoi"]).update(read_at=START)
    bell = client.get(reverse("notify:bell")).content.decode()
    assert 'aria-label="0 thông báo chưa đọc"' in bell and "bell-count" not in bell


def test_the_bell_in_english(login, people):
    notices(people["daumoi"], 1)
    client = login("daumoi")
    client.cookies["django_language"] = "en"
    bell = client.get(reverse("notify:bell")).content.decode()
    assert 'aria-label="1 unread notification"' in bell


def test_the_bells_poll_does_not_keep_an_idle_session_alive(login, people):
    client = login("daumoi")
    client.get(reverse("notify:list"))  # a page: the session's expiry moves
    earlier = Session.objects.get().expire_date - timedelta(minutes=10)
    Session.objects.update(expire_date=earlier)  # as if the page was opened 10 minutes ago

    assert client.get(reverse("notify:bell")).status_code == 200
    assert Session.objects.get().expire_date == earlier  # the poll is not activity

    Session.objects.update(expire_date=vn(2000, 1, 1, 0, 0))  # idle too long
    assert client.get(reverse("notify:bell")).status_code == 302  # to the login page


def test_marking_one_read_with_htmx_redraws_it_and_tells_the_bell(login, people):
    first, _second = notices(people["daumoi"], 2)
    client = login("daumoi")

    response = client.post(reverse("notify:read", args=[first.pk]), headers=HTMX)

    assert response.status_code == 200
    assert response["HX-Trigger"] == "notify-read"
    html = response.content.decode()
    assert f'id="notification-{first.pk}"' in html and "Chưa đọc" not in html
    first.refresh_from_db()
    assert first.read_at is not None
    assert (
        'aria-label="1 thông báo chưa đọc"' in client.get(reverse("notify:bell")).content.decode()
    )

    read_at = first.read_at  # reading it again keeps the first time
    client.post(reverse("notify:read", args=[first.pk]), headers=HTMX)
    first.refresh_from_db()
    assert first.read_at == read_at


def test_marking_read_without_javascript_goes_back_to_the_same_page(login, people):
    (notification,) = notices(people["daumoi"], 1)
    response = login("daumoi").post(reverse("notify:read", args=[notification.pk]), {"trang": "2"})
    assert response.status_code == 302
    assert response["Location"] == reverse("notify:list") + "?trang=2"


def test_marking_all_read(login, people):
    notices(people["daumoi"], 3)
    notices(people["daumoi.yte"], 2)
    client = login("daumoi")

    response = client.post(reverse("notify:read_all"), headers=HTMX)

    assert response["HX-Trigger"] == "notify-read"
    assert response.content.decode().count('data-testid="notification"') == 3
    assert "Chưa đọc" not in response.content.decode()
    assert inbox.unread_count(people["daumoi"]) == 0
    assert inbox.unread_count(people["daumoi.yte"]) == 2  # someone else's stay unread

    notices(people["daumoi"], 1, start=START + timedelta(days=30))
    response = client.post(reverse("notify:read_all"), follow=True)
    assert "Đã đánh dấu 1 thông báo là đã đọc." in response.content.decode()


def test_opening_one_marks_it_read_and_goes_to_its_page(login, people):
    (notification,) = notices(people["daumoi"], 1, link="/bao-cao/3/7/")
    client = login("daumoi")

    response = client.get(reverse("notify:open", args=[notification.pk]))

    assert response.status_code == 302 and response["Location"] == "/bao-cao/3/7/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert client.post(reverse("notify:open", args=[notification.pk])).status_code == 302


@pytest.mark.parametrize("link", ["", "https://example.com/x", "//example.com/x"])
def test_a_notification_without_a_page_of_the_site_opens_the_list(login, people, link):
    (notification,) = notices(people["daumoi"], 1, link=link)
    response = login("daumoi").get(reverse("notify:open", args=[notification.pk]))
    assert response["Location"] == reverse("notify:list")


def test_someone_elses_notification_is_not_found(login, people):
    (theirs,) = notices(people["daumoi.yte"], 1)
    client = login("daumoi")
    assert client.get(reverse("notify:open", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("notify:read", args=[theirs.pk]), headers=HTMX).status_code == 404
    assert login("thuongtruc").get(reverse("notify:open", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_preferences_turn_the_digest_off_and_on_with_the_author_recorded(login, people):
    client = login("thuongtruc")
    page = client.get(reverse("notify:preferences")).content.decode()
    assert "nhận bản tổng hợp hằng tuần" in page.lower()
    assert "không tắt được" in page
    assert 'name="digest"' in page and "checked" in page  # the default: on
    assert not Preference.objects.exists()

    response = client.post(reverse("notify:preferences"), {})  # the box unticked
    assert response.status_code == 302
    preference = Preference.objects.get(user=people["thuongtruc"])
    assert preference.digest is False
    assert preference.history.get().history_user == people["thuongtruc"]

    client.post(reverse("notify:preferences"), {"digest": "on"})
    preference.refresh_from_db()
    assert preference.digest is True
    assert Preference.objects.count() == 1
    assert [h.digest for h in preference.history.order_by("history_date")] == [False, True]


def test_a_focal_officer_is_told_only_the_office_receives_the_digest(login):
    page = login("daumoi").get(reverse("notify:preferences")).content.decode()
    assert "Bản tổng hợp hằng tuần chỉ gửi cho thường trực" in page
    office = login("thuongtruc").get(reverse("notify:preferences")).content.decode()
    assert "chỉ gửi cho thường trực" not in office
