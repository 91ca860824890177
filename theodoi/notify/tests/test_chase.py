"""The office's "Nhắc ngay" on a period's board: the ticked bodies' focal officers
and heads are told in the app and by e-mail through the outbox, recorded with
who pressed and when; a body with no account is named, not silently skipped."""

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from theodoi.bodies.models import Body
from theodoi.notify.models import Kind, Notification
from theodoi.notify.services.chase import period_chase
from theodoi.notify.services.delivery import deliver_all
from theodoi.reporting.models import Report, ReportState
from theodoi.reporting.tests.conftest import vn

pytestmark = pytest.mark.django_db

MOMENT = vn(2026, 3, 27, 9, 0)  # two days after the cut-off


def told():
    return sorted(
        Notification.objects.filter(kind=Kind.CHASE).values_list("recipient__username", flat=True)
    )


@pytest.fixture
def bodies(people, period):
    """Sở Tài chính (focal officer and head), the commune of ``daumoi.xa`` (focal
    officer only), and a commune with no account at all."""
    commune = people["daumoi.xa"].body
    nobody = (
        Body.objects.filter(assignments__plan=period.plan, kind="commune", users__isnull=True)
        .exclude(pk=commune.pk)
        .distinct()
        .first()
    )
    return {"finance": Body.objects.get(name="Sở Tài chính"), "commune": commune, "nobody": nobody}


def test_each_focal_officer_and_head_is_told_in_the_app_and_by_e_mail(people, period, bodies):
    result = period_chase(
        period=period,
        body_ids=[b.pk for b in bodies.values()],
        user=people["thuongtruc"],
        now=MOMENT,
    )
    assert told() == ["daumoi", "daumoi.xa", "lanhdao"]
    assert result.messages == Notification.objects.count() == 3
    assert result.reminded == [bodies["commune"].name, "Sở Tài chính"]  # the board's order
    assert result.without_account == [bodies["nobody"].name]
    for notice in Notification.objects.all():  # the record: who pressed, when, which body
        assert notice.actor == people["thuongtruc"] and notice.created_at == MOMENT
        assert notice.period == period and notice.recipient.body_id == notice.body_id
        assert notice.link == reverse("reporting:report", args=[notice.body_id, period.pk])

    deliver_all(MOMENT)
    assert sorted(address for m in mail.outbox for address in m.to) == [
        "daumoi.xa@theodoi.local",
        "daumoi@theodoi.local",
        "lanhdao@theodoi.local",
    ]
    message = next(m for m in mail.outbox if m.to == ["lanhdao@theodoi.local"])
    assert message.subject.startswith(
        "Thường trực đề nghị gửi báo cáo: Sở Tài chính — Tháng 3/2026"
    )
    assert people["thuongtruc"].display_name in message.body
    assert "đã quá hạn" in message.body
    assert "Kỳ báo cáo: Tháng 3/2026" in message.body
    html = message.alternatives[0][0]
    assert "đề nghị đơn vị gửi báo cáo kỳ <strong>Tháng 3/2026</strong>" in html
    assert set(Notification.objects.values_list("email_state", flat=True)) == {"sent"}


def test_the_person_told_sees_it_under_the_bell(login, people, period, bodies):
    period_chase(
        period=period, body_ids=[bodies["finance"].pk], user=people["thuongtruc"], now=MOMENT
    )
    page = login("daumoi").get(reverse("notify:list")).content.decode()
    assert "Thường trực nhắc báo cáo" in page
    assert "Thường trực đề nghị gửi báo cáo: Sở Tài chính" in page


def test_a_body_that_sent_its_report_is_not_chased(people, period, bodies):
    Report.objects.create(
        period=period, body=bodies["finance"], state=ReportState.SUBMITTED, version=2
    )
    result = period_chase(
        period=period,
        body_ids=[bodies["finance"].pk, bodies["commune"].pk],
        user=people["thuongtruc"],
        now=MOMENT,
    )
    assert result.already_sent == ["Sở Tài chính"]
    assert told() == ["daumoi.xa"]


def test_a_returned_report_is_chased_again(people, period, bodies):
    Report.objects.create(
        period=period, body=bodies["finance"], state=ReportState.RETURNED, version=3
    )
    period_chase(
        period=period, body_ids=[bodies["finance"].pk], user=people["thuongtruc"], now=MOMENT
    )
    assert told() == ["daumoi", "lanhdao"]


def test_a_disabled_account_is_not_told(people, period, bodies):
    people["lanhdao"].is_active = False
    people["lanhdao"].save()
    period_chase(
        period=period, body_ids=[bodies["finance"].pk], user=people["thuongtruc"], now=MOMENT
    )
    assert told() == ["daumoi"]


def test_a_body_outside_the_plan_refuses_the_whole_chase(people, period, bodies):
    outside = Body.objects.exclude(assignments__plan=period.plan).first()
    with pytest.raises(ValidationError, match="không thuộc kế hoạch"):
        period_chase(
            period=period,
            body_ids=[bodies["finance"].pk, outside.pk],
            user=people["thuongtruc"],
            now=MOMENT,
        )
    assert not Notification.objects.exists()


@pytest.mark.parametrize("username", ["daumoi", "chutich"])
def test_only_the_office_chases(people, period, bodies, username):
    with pytest.raises(ValidationError):
        period_chase(
            period=period, body_ids=[bodies["finance"].pk], user=people[username], now=MOMENT
        )
    assert not Notification.objects.exists()


def test_pressing_twice_in_the_same_minute_sends_once(people, period, bodies):
    for _press in range(2):
        period_chase(
            period=period, body_ids=[bodies["finance"].pk], user=people["thuongtruc"], now=MOMENT
        )
    assert told() == ["daumoi", "lanhdao"]


# --- The button on the board -----------------------------------------------------


def chase(client, period, body_ids, **filters):
    data = {"don-vi": body_ids, "loc": "&".join(f"{k}={v}" for k, v in filters.items())}
    return client.post(reverse("reporting:board_chase", args=[period.pk]), data)


def test_the_board_button_chases_and_says_who_could_not_be_told(login, period, bodies):
    client = login("thuongtruc")
    ids = [b.pk for b in bodies.values()]
    response = chase(client, period, ids, muon="1")
    assert response.status_code == 302
    assert response["Location"] == reverse("reporting:board", args=[period.pk]) + "?muon=1"
    said = [str(m) for m in get_messages(response.wsgi_request)]
    names = f"{bodies['commune'].name}; Sở Tài chính"
    assert said[0] == f"Đã nhắc 2 đơn vị (3 người nhận): {names}."
    assert said[1] == f"1 đơn vị chưa có tài khoản nên không nhắc được: {bodies['nobody'].name}."
    assert told() == ["daumoi", "daumoi.xa", "lanhdao"]

    board = client.get(reverse("reporting:board", args=[period.pk])).context["board"]
    reminded = {row.body.pk for row in board.rows if row.last_reminded}
    assert reminded == {bodies["finance"].pk, bodies["commune"].pk}
    assert reminded == set(Notification.objects.values_list("body_id", flat=True))


def test_the_board_offers_a_box_only_for_bodies_that_have_not_sent(login, period, bodies):
    Report.objects.create(
        period=period, body=bodies["finance"], state=ReportState.ACCEPTED, version=3
    )
    page = login("thuongtruc").get(reverse("reporting:board", args=[period.pk])).content.decode()
    assert "Nhắc ngay" in page and "Chọn tất cả chưa gửi" in page
    assert f'name="don-vi" value="{bodies["commune"].pk}"' in page
    assert f'name="don-vi" value="{bodies["finance"].pk}"' not in page


def test_pressing_with_nothing_ticked_says_so_and_sends_nothing(login, period):
    response = chase(login("thuongtruc"), period, [])
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert said == ["Chưa chọn đơn vị nào để nhắc."]
    assert not Notification.objects.exists()
