"""A body's name holds no control characters, typed or imported (issue 16: a name
with CR/LF made every e-mail about the body fail 20 times)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from theodoi.bodies.models import Body
from theodoi.bodies.services import COLUMNS, HEADERS, RegistryFileError, registry_import
from theodoi.bodies.validators import has_control_characters, without_control_characters

REFUSED = "Tên không được chứa ký tự điều khiển"
HEADER = [HEADERS[c] for c in COLUMNS]


@pytest.mark.parametrize("name", ["Sở Mới\r\nBcc: x@example.org", "Sở\nMới", "Sở\x1bMới"])
def test_the_form_refuses_a_body_name_with_a_control_character(login, name):
    count = Body.objects.count()
    response = login("thuongtruc").post(
        "/don-vi/them/", {"name": name, "kind": "department", "code": "", "active": "on"}
    )
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert Body.objects.count() == count


def test_the_form_refuses_an_alias_with_a_control_character(login):
    response = login("thuongtruc").post(
        "/don-vi/them/",
        {"name": "Sở Mới", "aliases": "SM\x07", "kind": "department", "active": "on"},
    )
    assert REFUSED in response.content.decode()
    assert not Body.objects.filter(name="Sở Mới").exists()


def test_an_imported_name_with_a_line_break_refuses_the_file(login):
    content = f'{",".join(HEADER)}\r\n"Sở\r\nMới",,department,,có\r\n'.encode()
    response = login("thuongtruc").post(
        "/don-vi/nhap/", {"file": SimpleUploadedFile("d.csv", content)}, follow=True
    )
    assert REFUSED in response.content.decode()
    assert not Body.objects.filter(name__startswith="Sở\r").exists()


def test_the_service_refuses_it_whatever_the_file_format(registry):
    with pytest.raises(RegistryFileError) as refused:
        registry_import([HEADER, ["Sở\u2028Mới", "", "department", "", "có"]])
    assert REFUSED in " ".join(refused.value.messages)


def test_control_characters_are_told_and_taken_out():
    assert has_control_characters("a\rb") and has_control_characters("a\tb")
    assert not has_control_characters("Sở Tài chính")
    assert without_control_characters("Sở\r\nTài\tchính ") == "Sở Tài chính"
