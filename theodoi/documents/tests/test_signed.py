"""The signed PDF of a body's report: pyHanko's verdict on a PDF signed here with a
certificate made here (self-signed, as a province's own CA is to the server), the
same PDF altered, an unsigned one; what the upload refuses; who may upload; the panel.
"""

import io
from datetime import UTC, datetime, timedelta

import asn1crypto.keys
import asn1crypto.x509
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.writer import PdfFileWriter
from pyhanko.sign import signers

from theodoi.core.audit import ACTIONS
from theodoi.documents.models import SignatureState, SignedReport
from theodoi.documents.services.signed import MAX_SIZE, signed_upload
from theodoi.documents.signatures import BROKEN, UNSIGNED, VALID, PdfUnreadable, pdf_signature
from theodoi.documents.tests.test_body_report import filled_report
from theodoi.reporting.tests.conftest import vn

pytestmark = pytest.mark.django_db

SIGNER = "Lê Văn Hùng"
NOW = vn(2026, 3, 24, 15, 30)


def unsigned_pdf() -> bytes:
    """A one-page A4 PDF written by pyHanko."""
    writer = PdfFileWriter()
    box = generic.ArrayObject(generic.NumberObject(n) for n in (0, 0, 595, 842))
    page = generic.DictionaryObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/Page"),
            generic.NameObject("/MediaBox"): box,
        }
    )
    writer.insert_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def self_signed(name: str):
    """A key and a self-signed certificate for ``name``, as pyHanko's signer."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    moment = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(moment - timedelta(days=1))
        .not_valid_after(moment + timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    der_key = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return signers.SimpleSigner(
        signing_cert=asn1crypto.x509.Certificate.load(
            certificate.public_bytes(serialization.Encoding.DER)
        ),
        signing_key=asn1crypto.keys.PrivateKeyInfo.load(der_key),
        cert_registry=None,
    )


@pytest.fixture(scope="module")
def signed_pdf() -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(unsigned_pdf()))
    meta = signers.PdfSignatureMetadata(field_name="ChuKy")
    return signers.sign_pdf(writer, meta, signer=self_signed(SIGNER)).getvalue()


def tampered(data: bytes) -> bytes:
    """The page's size changed inside the signed byte range."""
    changed = data.replace(b"595", b"596", 1)
    assert changed != data
    return changed


def updated_after_signing(data: bytes) -> bytes:
    """An incremental update appended after the signature: the page turned."""
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page[generic.NameObject("/Rotate")] = generic.NumberObject(90)
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def report(people, media):
    return filled_report(people)


def upload(data: bytes, name="bao-cao-da-ky.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


# --- pdf_signature -------------------------------------------------------------------


def test_a_signed_pdf_is_valid_with_its_signer(signed_pdf):
    found = pdf_signature(signed_pdf)
    assert found.state == VALID and found.signer == SIGNER
    assert abs(found.signed_at - datetime.now(UTC)) < timedelta(minutes=10)
    assert found.detail == "chứng thư chưa được xác minh với tổ chức cấp"


def test_bytes_changed_inside_the_signed_range_break_it(signed_pdf):
    found = pdf_signature(tampered(signed_pdf))
    assert found.state == BROKEN and found.signer == SIGNER
    assert found.detail == "nội dung tệp không còn khớp với chữ ký"


def test_a_document_modified_after_signing_is_broken(signed_pdf):
    found = pdf_signature(updated_after_signing(signed_pdf))
    assert found.state == BROKEN and found.detail == "tài liệu đã bị sửa sau khi ký"


def test_an_unsigned_pdf_is_unsigned_and_a_damaged_one_unreadable(signed_pdf):
    assert pdf_signature(unsigned_pdf()).state == UNSIGNED
    with pytest.raises(PdfUnreadable):
        pdf_signature(signed_pdf[:300])


# --- signed_upload -----------------------------------------------------------------------


def test_upload_keeps_the_file_and_the_verdict(report, people, signed_pdf):
    signed = signed_upload(report, upload(signed_pdf), user=people["lanhdao"], now=NOW)
    signed.refresh_from_db()
    assert signed.signature == SignatureState.VALID and signed.signer == SIGNER
    assert signed.uploaded_at == NOW and signed.size == len(signed_pdf)
    assert signed.file.read() == signed_pdf
    record = signed.history.get()
    assert record.history_change_reason == "documents.signed.uploaded"
    assert record.history_user == people["lanhdao"] and record.history_date == NOW
    assert record.action_data["name"] == "bao-cao-da-ky.pdf"
    assert "documents.signed.uploaded" in ACTIONS


def test_an_unsigned_pdf_is_kept_as_unsigned(report, people):
    signed = signed_upload(report, upload(unsigned_pdf()), user=people["daumoi"])
    assert signed.signature == SignatureState.UNSIGNED and signed.signer == ""


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bao-cao.docx", b"PK\x03\x04word", "không phải PDF"),
        ("bao-cao.pdf", b"PK\x03\x04word/document.xml", "nội dung không phải PDF"),
        ("bao-cao.pdf", b"%PDF-1.7\n" + b"0" * 200, "bị hỏng"),
        ("bao-cao.pdf", b"%PDF-1.7\n" + b"0" * MAX_SIZE, "quá lớn (tối đa 20 MB)"),
    ],
    ids=["docx", "docx-renamed-pdf", "damaged", "too-large"],
)
def test_refused_uploads_save_nothing(report, people, name, data, message):
    with pytest.raises(ValidationError) as refusal:
        signed_upload(report, upload(data, name), user=people["daumoi"])
    assert message in " ".join(refusal.value.messages)
    assert not SignedReport.objects.exists()


@pytest.mark.parametrize("username", ["uyvien", "chutich", "daumoi.yte", "daumoi.xa"])
def test_only_the_bodys_people_and_the_office_upload(report, people, username):
    with pytest.raises(PermissionDenied):
        signed_upload(report, upload(unsigned_pdf()), user=people[username])
    signed_upload(report, upload(unsigned_pdf()), user=people["thuongtruc"])


# --- the views -----------------------------------------------------------------------


def post(client, report, data, name="bao-cao-da-ky.pdf"):
    url = reverse("documents:signed_upload", args=[report.pk])
    return client.post(url, {"file": upload(data, name)}, HTTP_HX_REQUEST="true")


def test_the_panel_shows_each_state(report, login, signed_pdf):
    client = login("lanhdao")
    response = post(client, report, signed_pdf)
    page = response.content.decode()
    assert response.status_code == 200 and "Đã lưu “bao-cao-da-ky.pdf”" in page
    post(client, report, tampered(signed_pdf), "sua.pdf")
    post(client, report, unsigned_pdf(), "chua-ky.pdf")
    signed = SignedReport.objects.get(original_name="bao-cao-da-ky.pdf")
    at = signed.signed_at.astimezone(vn(2026, 1, 1).tzinfo).strftime("%d/%m/%Y %H:%M")
    page = client.get(reverse("documents:body_report_panel", args=[report.pk])).content.decode()
    assert f"Đã ký số bởi {SIGNER} lúc {at} — chữ ký còn nguyên vẹn" in page
    assert "chữ ký không hợp lệ: nội dung tệp không còn khớp với chữ ký" in page
    assert "không có chữ ký số" in page
    assert page.count('data-testid="signed-pdf"') == 3
    assert reverse("documents:body_report_docx", args=[report.pk]) in page


def test_a_refusal_is_shown_in_the_panel(report, login):
    response = post(login("daumoi"), report, b"PK\x03\x04word", "bao-cao.pdf")
    assert response.status_code == 200
    assert "nội dung không phải PDF" in response.content.decode()
    assert not SignedReport.objects.exists()


def test_upload_and_download_are_refused_to_others(report, login, people, signed_pdf):
    assert post(login("uyvien"), report, signed_pdf).status_code == 403  # reads, never acts
    assert post(login("daumoi.yte"), report, signed_pdf).status_code == 403
    page = login("uyvien").get(reverse("documents:body_report_panel", args=[report.pk]))
    assert page.status_code == 200 and "hx-post" not in page.content.decode()
    signed = signed_upload(report, upload(signed_pdf), user=people["daumoi"])
    url = reverse("documents:signed_file", args=[signed.pk])
    for username in ("daumoi", "uyvien", "thuongtruc"):
        response = login(username).get(url)
        assert response.status_code == 200, username
        assert b"".join(response.streaming_content) == signed_pdf
    assert login("daumoi.yte").get(url).status_code == 403


def test_the_report_page_loads_the_panel(report, login):
    url = reverse("reporting:report", args=[report.body_id, report.period_id])
    page = login("daumoi").get(url).content.decode()
    panel = reverse("documents:body_report_panel", args=[report.pk])
    assert f'hx-get="{panel}" hx-trigger="load"' in page
