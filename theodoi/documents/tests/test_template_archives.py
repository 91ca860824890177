"""A template upload is measured before python-docx opens it: a zip bomb and a part
that declares XML entities (a "billion laughs") are refused with a Vietnamese message,
and nothing is saved."""

import io
import time
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from theodoi.documents.models import Template, TemplateKind
from theodoi.documents.services.committees import DEFAULT_TEMPLATES
from theodoi.documents.services.templates import DOCX_TYPE

pytestmark = pytest.mark.django_db

REPORT = TemplateKind.REPORT
LAUGHS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)


def default_with(change=None, extra=()) -> bytes:
    """The package's default template, its parts changed by ``change(name, data)``."""
    out = io.BytesIO()
    with zipfile.ZipFile(Path(DEFAULT_TEMPLATES[REPORT])) as source:
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                data = source.read(item.filename)
                target.writestr(item, change(item.filename, data) if change else data)
            for name, data in extra:
                target.writestr(name, data)
    return out.getvalue()


def declaring(part: str, encoding="utf-8"):
    """``part`` with a DTD of nested entities in front of its root element."""

    def change(name: str, data: bytes) -> bytes:
        if name != part:
            return data
        text = data.decode("utf-8")
        root = text.index("<", text.index("?>"))
        return (LAUGHS + text[root:]).replace('encoding="UTF-8"', "").encode(encoding)

    return change


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        pytest.param(
            lambda: default_with(extra=[("word/media/bom.bin", bytes(31 * 1024 * 1024))]),
            "vượt giới hạn 30 MB",
            id="zip-bomb",
        ),
        pytest.param(
            lambda: default_with(extra=[(f"word/x{n}.xml", b"<x/>") for n in range(1001)]),
            "vượt giới hạn 1.000",
            id="many-parts",
        ),
        pytest.param(
            lambda: default_with(declaring("word/document.xml")),
            "khai báo thực thể XML",
            id="entities-in-the-document",
        ),
        pytest.param(
            lambda: default_with(declaring("word/styles.xml", "utf-16")),
            "word/styles.xml",
            id="entities-in-utf-16-styles",
        ),
    ],
)
def test_a_hostile_template_is_refused_before_it_is_opened(login, media, content, reason):
    data = content()
    started = time.monotonic()
    response = login("thuongtruc").post(
        reverse("documents:template_upload", args=[REPORT]),
        {"file": SimpleUploadedFile("mau.docx", data, content_type=DOCX_TYPE)},
    )
    assert time.monotonic() - started < 5
    assert response.status_code == 400
    assert reason in response.content.decode()
    assert not Template.objects.exists()
