"""The templates the office uploads (a .docx edited in Word) and goes back from.

An upload is accepted only when it renders what the province produces today: the
document of its kind built from the latest period of a published plan (or, without
one, a document with every kind of block from the committee's settings) must render
with it and open in Word. A refusal says what is wrong and changes nothing; the
template in use stays in use. Uploads are never deleted: going back to the default
makes them inactive.
"""

import io
import logging
import zipfile
from datetime import date
from pathlib import Path

import docx
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError

from theodoi.core import clock
from theodoi.core.audit import audit
from theodoi.lib.archives import ArchiveRefused, check_archive, read_member
from theodoi.lib.numbers import format_number
from theodoi.plans.models import PlanStatus
from theodoi.reporting.models import Period
from theodoi.reporting.selectors.compiled import report_compile

from ..models import Committee, Template, TemplateKind
from ..official import (
    BODY_MARKER,
    Heading,
    OfficialDocument,
    Paragraph,
    Table,
    context,
    render_docx,
)
from ..report import report_document
from .committees import (
    DEFAULT_GOVERNING_BODY,
    DEFAULT_PLACE,
    DEFAULT_TEMPLATES,
    committee_of,
    letterhead,
    recipient_lines,
    reference,
    signature,
)

log = logging.getLogger(__name__)

MAX_BYTES = 5 * 1024 * 1024
MAX_UNZIPPED_BYTES = 30 * 1024 * 1024  # a Word template is a few hundred KB unpacked
MAX_MEMBERS = 1000
# A DTD in a part of the package could declare entities that expand a thousandfold
# when python-docx (lxml) parses it; Word never writes one. In UTF-8 and in UTF-16.
DECLARATIONS = tuple(
    marker.encode(encoding)
    for marker in ("<!ENTITY", "<!DOCTYPE")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# --- What the page shows -----------------------------------------------------------


def template_choices() -> list[dict]:
    """Per kind: the upload in use (None: the package's default), whether the default
    exists, and every upload, newest first."""
    uploads = list(Template.objects.select_related("uploaded_by"))
    rows = []
    for kind in TemplateKind:
        of_kind = [t for t in uploads if t.kind == kind]
        default = Path(DEFAULT_TEMPLATES[kind])
        rows.append(
            {
                "kind": kind.value,
                "label": kind.label,
                "in_use": next((t for t in of_kind if t.active), None),
                "default_name": default.name,
                "default_exists": default.exists(),
                "uploads": of_kind,
            }
        )
    return rows


def template_in_use_file(kind: str) -> tuple[str, object] | None:
    """(file name, open binary file) of the template ``kind`` is rendered from now;
    None when there is no upload and the package's default is missing."""
    found = Template.objects.filter(kind=kind, active=True).first()
    if found is not None:
        return found.original_name, found.file.open("rb")
    default = Path(DEFAULT_TEMPLATES[kind])
    if not default.exists():
        return None
    return default.name, default.open("rb")


# --- Upload and reset --------------------------------------------------------------


def template_upload(kind: str, upload, *, user, now=None) -> Template:
    """Keep ``upload`` as the template of ``kind`` in use once it passes every check
    (``ValidationError`` otherwise, and nothing saved)."""
    content = _docx_content(upload)
    template_check(content, sample_document(kind, now=now))
    with transaction.atomic():
        template = Template(
            kind=kind,
            original_name=Path(upload.name).name[:255],
            uploaded_by=user,
            uploaded_at=clock.now(now),
        )
        template.file.save(f"mau-{kind}.docx", ContentFile(content), save=False)
        audit(template, user, "documents.template.uploaded", name=template.original_name)
        template.save()
    return template


@transaction.atomic
def template_reset(kind: str, *, user) -> int:
    """Go back to the package's default: every upload of ``kind`` made inactive (kept)."""
    count = 0
    for template in Template.objects.select_for_update().filter(kind=kind, active=True):
        template.active = False
        audit(template, user, "documents.template.reset")
        template.save()
        count += 1
    return count


def _docx_content(upload) -> bytes:
    name = Path(upload.name or "").name
    if not name.lower().endswith(".docx"):
        raise ValidationError(
            _(
                "Tệp “%(name)s” không phải tệp Word .docx: hãy mở mẫu trong Word, lưu dưới dạng "
                ".docx rồi tải lên lại."
            )
            % {"name": name}
        )
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("Tệp “%(name)s” nặng %(size)s MB, quá giới hạn 5 MB của một mẫu văn bản.")
            % {"name": name, "size": format_number(upload.size / 1024 / 1024, 1)}
        )
    content = upload.read()
    try:
        check_archive(content, max_unzipped_bytes=MAX_UNZIPPED_BYTES, max_members=MAX_MEMBERS)
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = set(archive.namelist())
            _refuse_declarations(archive, name)
    except ArchiveRefused as refused:
        if refused.limit != "corrupt":
            raise ValidationError(_archive_text(refused, name)) from refused
        parts = set()
    except zipfile.BadZipFile:
        parts = set()
    if "word/document.xml" not in parts:
        raise ValidationError(
            _(
                "Tệp “%(name)s” không phải văn bản Word thật (có thể là tệp khác được đổi đuôi "
                "thành .docx)."
            )
            % {"name": name}
        )
    return content


def _refuse_declarations(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse a package whose XML parts declare a DTD or entities; each part is read
    bounded (``read_member``), whatever size its directory claims."""
    budget = MAX_UNZIPPED_BYTES
    for member in archive.infolist():
        if not member.filename.lower().endswith((".xml", ".rels")):
            continue
        data = read_member(archive, member.filename, max_bytes=budget)
        budget -= len(data)
        if any(marker in data for marker in DECLARATIONS):
            raise ValidationError(
                _(
                    "Tệp “%(name)s” chứa khai báo thực thể XML (<!ENTITY hoặc <!DOCTYPE, ở phần "
                    "%(part)s) mà Word không bao giờ tạo; không nhận mẫu này. Hãy mở mẫu trong "
                    "Word, lưu lại dưới dạng .docx rồi tải lên lại."
                )
                % {"name": name, "part": member.filename}
            )


def _archive_text(refused: ArchiveRefused, name: str) -> str:
    if refused.limit == "members":
        return _(
            "Tệp “%(name)s” có %(count)s thành phần nén, vượt giới hạn %(limit)s của một mẫu "
            "văn bản."
        ) % {
            "name": name,
            "count": format_number(refused.value),
            "limit": format_number(refused.allowed),
        }
    return _(
        "Tệp “%(name)s” khi giải nén nặng %(size)s MB, vượt giới hạn %(limit)s MB của một mẫu "
        "văn bản."
    ) % {
        "name": name,
        "size": format_number(refused.value / 1024 / 1024, 1),
        "limit": format_number(refused.allowed / 1024 / 1024),
    }


# --- The checks --------------------------------------------------------------------


def template_check(content: bytes, document: OfficialDocument) -> None:
    """Refuse (``ValidationError``) a template that does not render ``document``: a
    jinja syntax error, a variable the data does not have, no ``{{ body }}``
    paragraph, or a failure while the document is built or opened."""
    data = context(document, BODY_MARKER)
    environment = Environment(undefined=StrictUndefined, autoescape=True)
    template = DocxTemplate(io.BytesIO(content))
    try:
        template.render(data, jinja_env=environment)
    except TemplateSyntaxError as error:
        raise ValidationError(_syntax_text(error)) from error
    except UndefinedError as error:
        raise ValidationError(_unknown_text(content, data, error)) from error
    except TemplateError as error:
        raise ValidationError(
            _("Mẫu không dựng được văn bản: %(error)s") % {"error": error}
        ) from error
    except Exception as error:  # a zip that is no Word package fails in python-docx or lxml
        log.info("template refused: %r", error)
        raise ValidationError(
            _("Không mở được tệp mẫu như một văn bản Word (%(error)s).") % {"error": error}
        ) from error
    rendered = io.BytesIO()
    template.save(rendered)
    rendered.seek(0)
    if not any(p.text.strip() == BODY_MARKER for p in docx.Document(rendered).paragraphs):
        raise ValidationError(
            _(
                "Mẫu thiếu đoạn chỉ ghi {{ body }}: nội dung văn bản được đặt vào chỗ đoạn đó. "
                "Hãy thêm một đoạn riêng chỉ có {{ body }} (như mẫu mặc định)."
            )
        )
    try:
        docx.Document(io.BytesIO(render_docx(document, template=io.BytesIO(content))))
    except Exception as error:  # a file from Word can fail in python-docx or lxml in any way
        log.info("template refused: %r", error)
        raise ValidationError(
            _(
                "Mẫu không dựng được văn bản với số liệu hiện có (%(error)s). Hãy giữ các kiểu "
                "đoạn của mẫu mặc định (Heading 1, Heading 2, Normal, Table Grid, Table Text)."
            )
            % {"error": error}
        ) from error


def _syntax_text(error: TemplateSyntaxError) -> str:
    """Jinja's reason (it names the tag) and the text of the paragraphs around it."""
    reason = (error.message or "").rstrip(".")
    near = " … ".join(
        text.strip() for text in getattr(error, "docx_context", None) or () if text.strip()
    )
    if near:
        return _(
            "Mẫu có lỗi cú pháp ở thẻ {%% … %%} hoặc {{ … }}: %(error)s. Gần đoạn: “%(near)s”."
        ) % {
            "error": reason,
            "near": near[:300],
        }
    return _("Mẫu có lỗi cú pháp ở thẻ {%% … %%} hoặc {{ … }}: %(error)s.") % {"error": reason}


def _unknown_text(content: bytes, data: dict, error: UndefinedError) -> str:
    """Name every top-level variable the data lacks; else (``letterhead.nobody``) what
    jinja said."""
    unknown = DocxTemplate(io.BytesIO(content)).get_undeclared_template_variables(
        Environment(autoescape=True), data
    )
    if not unknown:
        return _("Mẫu dùng một trường không có trong dữ liệu (%(error)s).") % {"error": error}
    names = ", ".join("{{ " + name + " }}" for name in sorted(unknown))
    return _("Mẫu dùng biến %(names)s không có trong dữ liệu.") % {"names": names}


# --- The document a kind produces --------------------------------------------------


def sample_document(kind: str, *, now=None) -> OfficialDocument:
    """What ``kind`` renders with today's data: the committee's report of the latest
    period of a published plan; otherwise (and for letters and bodies' reports) a
    document with every kind of block, from the committee's settings."""
    period = _latest_period(now)
    day = clock.today(now)
    if kind == TemplateKind.REPORT and period is not None:
        compiled = report_compile(period.plan, period=period, now=now)
        return report_document(compiled, committee=committee_of(period.plan), day=day)
    committee = committee_of(period.plan) if period else _any_committee()
    return _representative(committee, kind, day)


def _latest_period(now) -> Period | None:
    published = Period.objects.filter(plan__status=PlanStatus.PUBLISHED).select_related("plan")
    begun = published.filter(starts_on__lte=clock.today(now)).order_by("-starts_on", "-pk")
    return begun.first() or published.order_by("starts_on", "pk").first()


def _any_committee() -> Committee:
    """The first committee, or (none yet) one with the defaults, not saved."""
    return Committee.objects.order_by("pk").first() or Committee(
        name="BAN CHỈ ĐẠO",
        governing_body=DEFAULT_GOVERNING_BODY,
        report_series="BC-BCĐ",
        letter_series="BCĐ-VP",
        place=DEFAULT_PLACE,
        signer_authority="TM. BAN CHỈ ĐẠO",
        signer_position="TRƯỞNG BAN",
        signer_name="",
        recipients="- Thành viên Ban Chỉ đạo;\n- Lưu: VT, BCĐ.",
    )


def _representative(committee: Committee, kind: str, day: date) -> OfficialDocument:
    letter = kind == TemplateKind.LETTER
    series = committee.letter_series if letter else committee.report_series
    text = "Nội dung mẫu để kiểm tra mẫu văn bản: đoạn văn dài, có dấu & và <ngoặc>. " * 4
    return OfficialDocument(
        letterhead=letterhead(committee, reference(committee, series)),
        place=committee.place,
        date=day,
        kind="CÔNG VĂN" if letter else "BÁO CÁO",
        subject="Kiểm tra mẫu văn bản",
        body=[
            Heading("I. PHẦN THỨ NHẤT"),
            Heading("1. Mục nhỏ", level=2),
            Paragraph(text),
            Table(["STT", "Cơ quan", "Số liệu"], [[1, "Sở Tài chính", "14,5"]]),
            Heading("II. PHẦN THỨ HAI"),
            Paragraph(text),
            Table(
                ["STT", "Mã", "Nhiệm vụ", "Chủ trì", "Hạn", "Số ngày quá hạn"],
                [[1, "1.1", "Nhiệm vụ mẫu", "Sở Tài chính", "30/06/2026", 3]],
                title="Phụ lục 1: Bảng mẫu khổ ngang",
                landscape=True,
            ),
        ],
        signature=signature(committee),
        recipients=recipient_lines(committee),
    )
