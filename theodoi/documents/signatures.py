"""What a PDF's digital signatures say, read with pyHanko, offline.

What matters to the committee is that the report was signed by the body's head and
not changed since: the signature is *intact* (the signed bytes hash to what was
signed, and nothing but allowed updates were added after it). Whether the certificate
chains to a known authority is not decided here: a province's own CA (Ban Cơ yếu
Chính phủ) is not in the system's trust store, so the server trusts no root
(``trust_roots=[]``) and fetches nothing (``allow_fetching=False``): an intact signature
is "valid", with a note that its certificate was not verified with its issuer.
"""

import io
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import ModificationLevel
from pyhanko_certvalidator import ValidationContext

UNSIGNED, VALID, BROKEN = "unsigned", "valid", "broken"


class PdfUnreadable(Exception):
    """Not a PDF pyHanko can read (damaged, truncated, or something else named .pdf)."""


@dataclass(frozen=True)
class SignatureInfo:
    state: str  # UNSIGNED, VALID or BROKEN (``models.SignatureState``)
    signer: str = ""
    signed_at: datetime | None = None
    detail: str = ""


def _signer(embedded) -> str:
    try:
        subject = embedded.signer_cert.subject.native
    except (ValueError, KeyError, AttributeError):
        return ""
    return subject.get("common_name") or ""


def _check(embedded) -> SignatureInfo:
    """One signature: broken when its bytes changed or the file was modified after it."""
    signer, signed_at = _signer(embedded), embedded.self_reported_timestamp
    try:
        status = validate_pdf_signature(
            embedded, ValidationContext(trust_roots=[], allow_fetching=False)
        )
    except (PdfError, ValueError) as error:  # pyHanko's validation errors are ValueErrors
        return SignatureInfo(BROKEN, signer, signed_at, str(error))
    if not (status.intact and status.valid):
        return SignatureInfo(BROKEN, signer, signed_at, _("nội dung tệp không còn khớp với chữ ký"))
    if status.modification_level == ModificationLevel.OTHER or status.docmdp_ok is False:
        return SignatureInfo(BROKEN, signer, signed_at, _("tài liệu đã bị sửa sau khi ký"))
    detail = "" if status.trusted else _("chứng thư chưa được xác minh với tổ chức cấp")
    return SignatureInfo(VALID, signer, signed_at, detail)


def pdf_signature(data: bytes) -> SignatureInfo:
    """The state of the PDF's signatures: unsigned, valid (every one intact) or broken
    (the first that is not); ``PdfUnreadable`` when the file cannot be read."""
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except (PdfError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise PdfUnreadable(str(error)) from None
    if not embedded:
        return SignatureInfo(UNSIGNED)
    found = [_check(signature) for signature in embedded]
    broken = next((info for info in found if info.state == BROKEN), None)
    if broken is not None:
        return broken
    signers = ", ".join(dict.fromkeys(info.signer for info in found if info.signer))
    return SignatureInfo(VALID, signers, found[0].signed_at, found[0].detail)
