"""Accounts in bulk from a CSV or XLSX file, with the welcome e-mail through the
outbox; a file with any refused row creates nothing (issue 12, point 7)."""

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from theodoi.accounts.models import Role, User
from theodoi.notify.models import EmailState, Kind, Notification
from theodoi.notify.services.delivery import deliver_all

HEADER = ["Họ và tên", "E-mail", "Điện thoại", "Đơn vị", "Vai trò"]
GOOD = [
    ["Nguyễn Thị Hoa", "hoa@xa.gov.vn", "0901234567", "Sở Y tế", "Đầu mối"],
    ["Lê Văn Bình", "Binh@Xa.gov.vn", "", "sở y tế tỉnh an giang", "lãnh đạo"],  # an alias
    ["Trần Minh", "minh@xa.gov.vn", "", "UBND tỉnh", "DAU MOI"],
]


def csv_file(rows, header=HEADER, name="tai-khoan.csv"):
    text = io.StringIO()
    csv.writer(text).writerows([header, *rows])
    return SimpleUploadedFile(name, text.getvalue().encode("utf-8-sig"), content_type="text/csv")


def xlsx_file(rows, header=HEADER):
    book = Workbook()
    for row in [header, *rows]:
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    return SimpleUploadedFile("tai-khoan.xlsx", data.getvalue())


def preview(client, upload):
    return client.post(reverse("accounts:import"), {"file": upload})


def confirm(client, response):
    table = re.search(r'name="table" value="([^"]+)"', response.content.decode()).group(1)
    return client.post(reverse("accounts:import"), {"table": table})


def test_a_valid_csv_creates_the_accounts_and_their_welcome_mail(
    login, smtp_server, settings, django_capture_on_commit_callbacks
):
    settings.THEODOI_BASE_URL = "https://theodoi.angiang.gov.vn"
    client = login("thuongtruc")
    before = User.objects.count()
    response = preview(client, csv_file(GOOD))
    assert response.status_code == 200 and "Sẽ tạo 3 tài khoản" in response.content.decode()
    assert User.objects.count() == before  # a preview creates nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(client, response)
    assert response.status_code == 302
    created = User.objects.filter(email__endswith="@xa.gov.vn")
    assert created.count() == 3 == User.objects.count() - before
    binh = created.get(email="binh@xa.gov.vn")
    assert (binh.role, binh.body.name, binh.last_name, binh.first_name) == (
        Role.HEAD,
        "Sở Y tế",
        "Lê Văn",
        "Bình",
    )
    assert not binh.has_usable_password()
    assert binh.history.first().history_change_reason == "accounts.user.imported"
    welcome = Notification.objects.filter(kind=Kind.WELCOME)
    assert welcome.count() == 3
    deliver_all()
    assert welcome.filter(email_state=EmailState.SENT).count() == 3
    assert sorted(m["To"] for m in smtp_server) == sorted(u.email for u in created)
    mail = next(m for m in smtp_server if m["To"] == "binh@xa.gov.vn")
    text = mail.get_body(("plain",)).get_content()
    assert "https://theodoi.angiang.gov.vn/dat-lai-mat-khau/" in text
    assert "binh@xa.gov.vn" in text and "Sở Y tế" in text and "Lãnh đạo đơn vị" in text


def test_an_xlsx_file_is_read_too(login):
    client = login("thuongtruc")
    response = confirm(client, preview(client, xlsx_file(GOOD[:2])))
    assert response.status_code == 302
    assert User.objects.filter(email__endswith="@xa.gov.vn").count() == 2


def test_a_phone_number_excel_kept_as_a_number_gets_its_leading_zero_back(login):
    client = login("thuongtruc")
    rows = [[*GOOD[0][:2], 912345678, *GOOD[0][3:]], [*GOOD[1][:2], "0296 3852 123", *GOOD[1][3:]]]
    confirm(client, preview(client, xlsx_file(rows)))
    phones = {u.email: u.phone for u in User.objects.filter(email__endswith="@xa.gov.vn")}
    assert sorted(phones.values()) == ["0296 3852 123", "0912345678"]


def test_one_bad_row_creates_nothing_and_names_the_row(login, people):
    client = login("thuongtruc")
    rows = [
        *GOOD,
        ["", "nobody@xa.gov.vn", "", "Sở Y tế", "đầu mối"],  # line 5: no name
        ["Ai Đó", "hoa@xa.gov.vn", "", "Sở Y tế", "đầu mối"],  # line 6: as line 2
        ["Ai Khác", people["daumoi"].email, "", "Sở Y tế", "đầu mối"],  # line 7: taken
        ["Người Lạ", "la@xa.gov.vn", "", "Bộ Khoa học", "đầu mối"],  # line 8: unknown body
        ["Người Mới", "moi@xa.gov.vn", "", "Sở Y tế", "chủ tịch"],  # line 9: bad role
        ["Sai Thư", "khong-phai-thu", "", "Sở Y tế", "đầu mối"],  # line 10: bad e-mail
    ]
    before = User.objects.count()
    response = preview(client, csv_file(rows))
    page = response.content.decode()
    # Lines 2 and 6 share an e-mail: both are refused, so that the office chooses.
    assert "7 dòng bị từ chối" in page and 'data-testid="import-confirm"' not in page
    for reason in [
        "Thiếu họ và tên.",
        "E-mail “hoa@xa.gov.vn” lặp lại trong tệp.",
        f"E-mail “{people['daumoi'].email}” đã có tài khoản.",
        "Không tìm thấy đơn vị “Bộ Khoa học” trong danh mục.",
        "Vai trò “chủ tịch” không rõ",
        "E-mail “khong-phai-thu” không hợp lệ.",
    ]:
        assert reason in page
    assert page.count("lặp lại trong tệp") == 2
    assert page.count('data-testid="refused-row"') == 7
    assert User.objects.count() == before and not Notification.objects.filter(kind=Kind.WELCOME)


def test_a_confirmation_checks_again_and_creates_nothing_if_a_row_went_bad(login):
    client = login("thuongtruc")
    response = preview(client, csv_file(GOOD))
    User.objects.create_user("hoa", "hoa@xa.gov.vn", role=Role.VIEWER)  # taken meanwhile
    before = User.objects.count()
    response = confirm(client, response)
    assert "Chưa tạo tài khoản nào: 1 dòng bị từ chối (dòng 2)." in response.content.decode()
    assert User.objects.count() == before


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("tai-khoan.pdf", b"%PDF-1.4"), "Chỉ nhận tệp .csv hoặc .xlsx."),
        (csv_file(GOOD, header=["Tên", "Thư", "Đơn vị"]), "Tệp thiếu cột: Họ và tên, E-mail"),
        (csv_file([]), "Tệp chỉ có dòng tiêu đề"),
    ],
)
def test_a_file_that_is_not_a_list_of_accounts_is_refused(login, upload, message):
    before = User.objects.count()
    response = preview(login("thuongtruc"), upload)
    assert message in response.content.decode() and User.objects.count() == before


def test_headers_are_read_whatever_their_case_and_accents(login):
    header = ["HO VA TEN", "email", "so dien thoai", "Cơ quan, đơn vị", "VAI TRÒ"]
    response = preview(login("thuongtruc"), csv_file(GOOD[:1], header=header))
    assert "Sẽ tạo 1 tài khoản" in response.content.decode()


def test_the_template_file_has_the_columns_the_import_reads(login):
    response = login("thuongtruc").get(reverse("accounts:import_template"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]][:5] == HEADER


def test_only_the_office_imports_accounts(login):
    assert login("lanhdao").get(reverse("accounts:import")).status_code == 403
