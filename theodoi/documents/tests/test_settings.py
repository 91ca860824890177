"""The committee's settings page: every field saved and audited, the archive line of
"Nơi nhận" required, a stale edit refused, the office only."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from theodoi.core.concurrency import EditConflict
from theodoi.documents.models import Committee
from theodoi.documents.services.committee_settings import COMMITTEE_FIELDS, committee_save
from theodoi.documents.services.committees import committee_of
from theodoi.plans.services.drafts import plan_draft_create
from theodoi.reporting.tests.conftest import SMALL_PLAN

pytestmark = pytest.mark.django_db

RECIPIENTS = "- Thường trực Tỉnh ủy;\n- Các thành viên BCĐ;\n- Lưu: VT, BCĐ."


@pytest.fixture
def plan(people):
    return plan_draft_create(data={**SMALL_PLAN, "document": {**SMALL_PLAN["document"]}})


@pytest.fixture
def committee(plan, people):
    return committee_of(plan, user=people["thuongtruc"])


def posted(committee, **changes) -> dict:
    data = {name: getattr(committee, name) for name in COMMITTEE_FIELDS}
    data.update(seen_version=str(committee.version), **changes)
    return data


def test_the_office_saves_every_field_and_the_change_is_audited(login, committee):
    client = login("thuongtruc")
    data = posted(
        committee,
        governing_body="ĐẢNG BỘ TỈNH AN GIANG",
        name="Ban Chỉ đạo 57 tỉnh",
        form="party",
        report_series="BC/BCĐ",
        letter_series="CV/BCĐ",
        place="Long Xuyên",
        signer_authority="T/M BAN CHỈ ĐẠO",
        signer_position="PHÓ TRƯỞNG BAN",
        signer_name="Trần Thị Bình",
        recipients=RECIPIENTS,
    )
    response = client.post(reverse("documents:committee", args=[committee.pk]), data)
    assert response.status_code == 302
    saved = Committee.objects.get(pk=committee.pk)
    assert saved.version == committee.version + 1
    assert (saved.place, saved.signer_name, saved.form) == ("Long Xuyên", "Trần Thị Bình", "party")
    record = saved.history.first()
    assert record.history_change_reason == "documents.committee.saved"
    assert record.history_user.username == "thuongtruc"
    assert "place" in record.action_data["fields"]
    assert "report_series" in record.action_data["fields"]
    page = client.get(reverse("documents:committee", args=[committee.pk])).content.decode()
    assert "Số      -BC/BCĐ" in page  # the Party's number, dots left for the clerk
    assert "Long Xuyên, ngày" in page
    assert "Sửa thông tin ban hành văn bản" in page  # the history


def test_the_page_shows_the_number_the_place_and_the_plans(login, committee, plan):
    page = login("thuongtruc").get(reverse("documents:committee", args=[committee.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "/BC-BCĐ" in text and "/BCĐ-VP" in text
    assert f"{committee.place}, ngày" in text
    assert plan.get_absolute_url() in text


def test_the_last_recipient_line_must_be_the_archive(login, committee):
    client = login("thuongtruc")
    data = posted(
        committee, recipients="- Lưu: VT, BCĐ.\n- Thường trực Tỉnh ủy;", place="X", signer_name="Y"
    )
    response = client.post(reverse("documents:committee", args=[committee.pk]), data)
    assert response.status_code == 200
    assert "Dòng cuối của nơi nhận phải là nơi lưu" in response.content.decode()
    assert Committee.objects.get(pk=committee.pk).place == committee.place
    with pytest.raises(ValidationError, match="Dòng cuối"):
        committee_save(
            committee,
            data={"recipients": "- Thường trực Tỉnh ủy;"},
            user=None,
            seen_version=str(committee.version),
        )


def test_a_stale_edit_is_refused(login, committee, people):
    committee_save(
        committee,
        data={"place": "Châu Đốc", "signer_name": "Nguyễn Văn An"},
        user=people["thuongtruc"],
        seen_version=str(committee.version),
    )
    client = login("thuongtruc")
    data = posted(
        committee, place="Long Xuyên", signer_name="Trần Thị Bình"
    )  # the version the page showed before
    response = client.post(reverse("documents:committee", args=[committee.pk]), data)
    assert response.status_code == 200
    assert "Người khác vừa sửa mục này" in response.content.decode()
    assert Committee.objects.get(pk=committee.pk).place == "Châu Đốc"
    with pytest.raises(EditConflict):
        committee_save(committee, data={"place": "Y"}, user=None, seen_version="1")


@pytest.mark.parametrize("username", ["daumoi", "lanhdao", "chutich", "uyvien"])
def test_only_the_office_opens_the_settings(login, committee, username):
    client = login(username)
    assert client.get(reverse("documents:committee", args=[committee.pk])).status_code == 403
    assert client.get(reverse("documents:templates")).status_code == 403
    response = client.post(reverse("documents:committee", args=[committee.pk]), posted(committee))
    assert response.status_code == 403
