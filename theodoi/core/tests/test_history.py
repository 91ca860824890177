"""The history of a row: every recorded change, newest first, and none for a row never
changed; each with who did it and the action's label, in Vietnamese and in English."""

from django.conf import settings

from theodoi.bodies.models import Body
from theodoi.bodies.services import body_alias_add
from theodoi.core.history import history_rows


def test_a_row_with_no_recorded_change_has_an_empty_history(registry):
    body = Body.objects.first()
    body.history.all().delete()
    assert history_rows(body) == []


def test_each_change_is_listed_newest_first_with_what_it_changed(registry):
    body = Body.objects.get(name="Sở Tài chính")
    body.history.all().delete()
    for name in ("Sở Tài chính (1)", "Sở Tài chính (2)"):
        body.name = name
        body.save()
    entries = history_rows(body)
    assert [e["record"].name for e in entries] == ["Sở Tài chính (2)", "Sở Tài chính (1)"]
    assert entries[0]["changes"] == [("tên chính thức", "Sở Tài chính (1)", "Sở Tài chính (2)")]
    assert entries[1]["changes"] == []
    assert entries[0]["action"] == "Sửa"  # no action code: the kind of change


def test_a_choice_a_flag_and_the_bookkeeping_are_shown_as_a_reader_reads_them(registry):
    body = Body.objects.get(name="Sở Tài chính")
    body.history.all().delete()
    body.save()
    body.active, body.head_approval = False, "required"
    body.save()
    changes = {name: (old, new) for name, old, new in history_rows(body)[0]["changes"]}
    assert changes == {
        "đang hoạt động": ("có", "không"),
        "Lãnh đạo đơn vị duyệt báo cáo": (
            "Tự động: cần khi đơn vị có tài khoản lãnh đạo",
            "Bắt buộc",
        ),
    }


def test_the_history_page_names_who_did_what_in_vietnamese_and_in_english(login, people):
    body = Body.objects.get(name="Sở Y tế")
    body_alias_add(body=body, name="SYT An Giang", user=people["thuongtruc"])
    record = body.history.latest()
    assert (record.history_change_reason, record.action_data) == (
        "bodies.body.alias_add",
        {"alias": "SYT An Giang"},
    )
    client = login("thuongtruc")
    page = client.get(f"/lich-su/don-vi/{body.pk}/").content.decode()
    assert "Thêm tên gọi khác: SYT An Giang" in page
    assert people["thuongtruc"].display_name in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/lich-su/don-vi/{body.pk}/").content.decode()
    assert "Alias added: SYT An Giang" in page
