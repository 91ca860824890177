import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from theodoi.bodies.models import Body
from theodoi.bodies.services import COLUMNS, HEADERS

HEADER = [HEADERS[c] for c in COLUMNS]


def upload(client, name, content):
    return client.post("/don-vi/nhap/", {"file": SimpleUploadedFile(name, content)}, follow=True)


def csv_bytes(rows):
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def test_the_office_exports_the_registry_as_xlsx_with_every_body(login):
    response = login("thuongtruc").get("/don-vi/xuat.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    assert len(rows) - 1 == Body.objects.count()
    assert sheet.freeze_panes == "A2"


def test_an_exported_csv_imports_back_without_changing_anything(login):
    client = login("thuongtruc")
    exported = client.get("/don-vi/xuat.csv").content
    history_before = Body.history.count()
    response = upload(client, "danh-muc.csv", exported)
    assert "0 đơn vị mới, 0 đơn vị cập nhật" in response.content.decode()
    assert Body.history.count() == history_before


def test_an_xlsx_import_adds_and_updates_bodies(login):
    book = Workbook()
    book.active.append(HEADER)
    book.active.append(["Sở Ngoại vụ", "SNgV; Sở NG", "department", "", "có"])
    book.active.append(["Sở Y tế", "SYT", "department", "", "có"])
    content = io.BytesIO()
    book.save(content)
    response = upload(login("thuongtruc"), "danh-muc.xlsx", content.getvalue())
    assert "1 đơn vị mới, 1 đơn vị cập nhật" in response.content.decode()
    assert Body.objects.get(name="Sở Ngoại vụ").aliases == ["SNgV", "Sở NG"]
    assert Body.objects.get(name="Sở Y tế").aliases == ["SYT"]


def test_an_import_with_one_bad_row_changes_nothing(login):
    before = list(Body.objects.values_list("name", "aliases", "kind"))
    rows = [
        HEADER,
        ["Sở Ngoại vụ", "", "department", "", "có"],
        ["Sở Lạ", "", "hành tinh", "", "có"],
    ]
    response = upload(login("thuongtruc"), "danh-muc.csv", csv_bytes(rows))
    page = response.content.decode()
    assert "Dòng 3: loại “hành tinh” không hợp lệ" in page
    assert list(Body.objects.values_list("name", "aliases", "kind")) == before


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("anh.png", b"\x89PNG\r\n\x1a\n...", "Chỉ nhận tệp .csv hoặc .xlsx"),
        ("hong.xlsx", b"PK\x03\x04 not really a zip", "Không đọc được tệp Excel"),
        ("latin.csv", "Tên,Loại\nSở Y tế,department\n".encode("utf-16"), "UTF-8"),
        ("rong.csv", b"", "Tệp trống"),
    ],
)
def test_a_file_of_the_wrong_kind_is_refused_with_a_clear_message(login, name, content, message):
    count = Body.objects.count()
    response = upload(login("thuongtruc"), name, content)
    assert message in response.content.decode()
    assert Body.objects.count() == count


def test_an_edit_is_recorded_with_who_and_what(login, people):
    client = login("thuongtruc")
    body = Body.objects.get(name="Sở Y tế")
    form = client.get(f"/don-vi/{body.pk}/sua/").context["form"]
    data = {**{k: form[k].value() for k in ["name", "kind", "code"]}, "active": "on"}
    data.update(aliases="SYT\nSở Y tế tỉnh An Giang", seen_version=form["seen_version"].value())
    assert client.post(f"/don-vi/{body.pk}/sua/", data).status_code == 302
    record = body.history.latest()
    assert record.history_user == people["thuongtruc"]
    page = client.get(f"/lich-su/don-vi/{body.pk}/").content.decode()
    assert "tên viết tắt, tên khác" in page and "SYT" in page  # the field as the form names it
    assert people["thuongtruc"].display_name in page


def test_a_concurrent_edit_is_refused_not_overwritten(login):
    client = login("thuongtruc")
    body = Body.objects.get(name="Sở Y tế")
    form = client.get(f"/don-vi/{body.pk}/sua/").context["form"]
    seen = form["seen_version"].value()
    base = {"name": body.name, "kind": body.kind, "code": "", "active": "on", "seen_version": seen}
    assert client.post(f"/don-vi/{body.pk}/sua/", {**base, "aliases": "Một"}).status_code == 302
    response = client.post(f"/don-vi/{body.pk}/sua/", {**base, "aliases": "Hai"})
    assert response.status_code == 200
    assert "Người khác vừa sửa mục này" in response.content.decode()
    body.refresh_from_db()
    assert body.aliases == ["Một"]


def test_a_form_with_an_error_saves_nothing(login):
    client = login("thuongtruc")
    body = Body.objects.get(name="Sở Y tế")
    seen = client.get(f"/don-vi/{body.pk}/sua/").context["form"]["seen_version"].value()
    response = client.post(
        f"/don-vi/{body.pk}/sua/",
        {"name": "Sở Tài chính", "kind": "department", "aliases": "X", "seen_version": seen},
    )
    assert response.status_code == 200
    body.refresh_from_db()
    assert body.name == "Sở Y tế" and body.aliases != ["X"]


def test_the_resolve_preview_answers_an_htmx_request_with_a_fragment(login):
    response = login("thuongtruc").get(
        "/don-vi/tra-cuu/", {"cell": "Các Sở ngành liên quan"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert "<html" not in page and "cần chọn đơn vị cụ thể" in page
