"""A subject stays on one line whatever was stored (issue 16: a body named with
CR/LF made every e-mail about it fail 20 times)."""

from theodoi.core import clock
from theodoi.notify.models import EmailState, Kind, Notification
from theodoi.notify.services.delivery import deliver_all
from theodoi.notify.services.outbox import new_notification, outbox_add


def test_a_line_break_stored_in_a_subject_never_stops_the_e_mail(people, mailoutbox):
    moment = clock.now()
    user = people["daumoi"]
    notice = new_notification(
        kind=Kind.WELCOME,
        recipient=user,
        day=clock.today(moment),
        moment=moment,
        subject="Nhắc báo cáo: Sở Tài\r\nBcc: x@example.org — Tháng 3",
        context={"username": user.username, "body": "Sở Tài\r\nchính", "role": "Đầu mối"},
    )
    outbox_add([notice])
    deliver_all()
    notice = Notification.objects.get(key=notice.key)
    assert notice.email_state == EmailState.SENT, notice.last_error
    assert mailoutbox[0].subject == "Nhắc báo cáo: Sở Tài Bcc: x@example.org — Tháng 3"
    assert mailoutbox[0].to == [user.email] and not mailoutbox[0].bcc
