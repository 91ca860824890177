"""An uploaded table (.xlsx) is measured before openpyxl opens it: a zip bomb, a
workbook of thousands of parts, a sheet that claims a million rows or sixteen
thousand columns are refused with a message naming the limit, and nothing changes."""

import io
import re
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from theodoi.bodies.models import Body
from theodoi.bodies.services import COLUMNS, HEADERS

HEADER = [HEADERS[c] for c in COLUMNS]
SHEET = "xl/worksheets/sheet1.xml"


def workbook(rows=(HEADER, ["Sở Ngoại vụ", "SNgV", "department", "", "có"])) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rewritten(content: bytes, change=None, extra=()) -> bytes:
    """``content`` with its sheet's XML changed by ``change`` and members ``extra`` added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source:
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                data = source.read(item.filename)
                if item.filename == SHEET and change:
                    data = change(data)
                target.writestr(item, data)
            for name, data in extra:
                target.writestr(name, data)
    return out.getvalue()


def dimension(ref: str):
    return lambda xml: re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), xml)


def no_dimension_rows_to(last: int):
    """No <dimension>, and one more filled row far below the table."""

    def change(xml: bytes) -> bytes:
        xml = re.sub(rb"<dimension[^>]*/>", b"", xml)
        row = f'<row r="{last}"><c r="A{last}" t="inlineStr"><is><t>x</t></is></c></row>'
        return xml.replace(b"</sheetData>", row.encode() + b"</sheetData>")

    return change


def registry_upload(client, name, content):
    response = client.post(
        "/don-vi/nhap/", {"file": SimpleUploadedFile(name, content)}, follow=True
    )
    return response.content.decode()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            lambda: rewritten(workbook(), extra=[("xl/media/bom.bin", bytes(51 * 1024 * 1024))]),
            "giới hạn 50 MB",
        ),
        (
            lambda: rewritten(workbook(), extra=[(f"xl/x{n}.xml", b"") for n in range(2001)]),
            "vượt giới hạn 2.000",
        ),
        (lambda: rewritten(workbook(), dimension("A1:E1048576")), "hơn 20.000 dòng"),
        (lambda: rewritten(workbook(), dimension("A1:XFD2")), "hơn 200 cột"),
        (lambda: rewritten(workbook(), no_dimension_rows_to(1_000_000)), "hơn 20.000 dòng"),
    ],
    ids=["unzipped", "members", "rows", "columns", "rows-without-dimension"],
)
def test_an_oversized_workbook_is_refused_by_the_registry_import(login, content, message):
    before = list(Body.objects.values_list("name", "aliases"))
    data = content()
    started = time.monotonic()
    page = registry_upload(login("thuongtruc"), "danh-muc.xlsx", data)
    assert time.monotonic() - started < 5
    assert message in page
    assert list(Body.objects.values_list("name", "aliases")) == before


def test_a_table_within_the_limits_still_reads_without_a_dimension(login):
    content = rewritten(workbook(), lambda xml: re.sub(rb"<dimension[^>]*/>", b"", xml))
    page = registry_upload(login("thuongtruc"), "danh-muc.xlsx", content)
    assert "1 đơn vị mới" in page or "1 đơn vị cập nhật" in page
    assert Body.objects.get(name="Sở Ngoại vụ").aliases == ["SNgV"]


def test_the_accounts_import_refuses_a_sheet_of_a_million_rows(login):
    content = rewritten(workbook([["Họ và tên", "Thư điện tử"]]), dimension("A1:B1048576"))
    response = login("thuongtruc").post(
        reverse("accounts:import"), {"file": SimpleUploadedFile("tai-khoan.xlsx", content)}
    )
    assert "hơn 20.000 dòng" in response.content.decode()
