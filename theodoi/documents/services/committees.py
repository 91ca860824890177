"""The committee a plan is issued by, and what its documents say of it.

A committee is found by the plan's issuer (case and spacing aside) and made on first
use with what the plan's text gives (its place, its signer): a province that deploys
on Monday gets a letterhead without a settings page; the office corrects it there.
"""

from theodoi.core.audit import audit
from theodoi.lib.text import fold_case, squash_spaces

from ..models import Committee, Form, Template, TemplateKind
from ..official import DEFAULT_TEMPLATE, Letterhead, Signature

DEFAULT_GOVERNING_BODY = "UBND TỈNH AN GIANG"
DEFAULT_PLACE = "An Giang"
PARTY_WORDS = ("tỉnh ủy", "đảng", "ban thường vụ")


def issuer_key(issuer: str) -> str:
    return fold_case(squash_spaces(issuer or ""))


def committee_of(plan, *, user=None) -> Committee:
    """The plan's committee, made from the plan when there is none yet."""
    key = issuer_key(plan.issuer) or f"plan-{plan.pk}"
    found = Committee.objects.filter(issuer_key=key).first()
    if found is not None:
        return found
    party = any(word in key for word in PARTY_WORDS)
    committee = Committee(
        issuer_key=key,
        name=squash_spaces(plan.issuer) or "BAN CHỈ ĐẠO",
        governing_body="ĐẢNG BỘ TỈNH AN GIANG" if party else DEFAULT_GOVERNING_BODY,
        form=Form.PARTY if party else Form.STATE,
        report_series="BC/BCĐ" if party else "BC-BCĐ",
        letter_series="CV/BCĐ" if party else "BCĐ-VP",
        place=squash_spaces(plan.place) or DEFAULT_PLACE,
        signer_authority="T/M BAN CHỈ ĐẠO" if party else "TM. BAN CHỈ ĐẠO",
        signer_position=squash_spaces(plan.signer_position) or "TRƯỞNG BAN",
        signer_name=squash_spaces(plan.signer_name),
        recipients="- Thường trực Tỉnh ủy;\n- Thường trực UBND tỉnh;\n"
        "- Thành viên Ban Chỉ đạo;\n- Lưu: VT, BCĐ.",
    )
    audit(committee, user, "documents.committee.created")
    committee.save()
    return committee


def reference(committee: Committee, series: str, number: int | str = "") -> str:
    """“Số: 12/BC-BCĐ” (state) or “Số 12-BC/BCĐ” (Party); without a number, a blank the
    clerk fills in when the document is registered."""
    shown = str(number) if number else "     "
    if committee.form == Form.PARTY:
        return f"Số {shown}-{series}"
    return f"Số: {shown}/{series}"


def letterhead(committee: Committee, number: str) -> Letterhead:
    return Letterhead(committee.governing_body, committee.name, number, committee.form)


def signature(committee: Committee) -> Signature:
    return Signature(committee.signer_authority, committee.signer_position, committee.signer_name)


def recipient_lines(committee: Committee, *, extra: list[str] = ()) -> list[str]:
    """The committee's "Nơi nhận" with ``extra`` lines first; the archive line last."""
    lines = [line.strip() for line in committee.recipients.splitlines() if line.strip()]
    archive = [line for line in lines if line.startswith("- Lưu")] or ["- Lưu: VT."]
    others = [line for line in lines if not line.startswith("- Lưu")]
    return [*extra, *others, archive[-1]]


def template_for(kind: str):
    """The file the documents of ``kind`` are rendered from: the newest active upload,
    else the package's default."""
    uploaded = Template.objects.filter(kind=kind, active=True).order_by("-uploaded_at", "-pk")
    found = uploaded.first()
    if found is not None:
        return found.file.path
    return DEFAULT_TEMPLATES[kind]


DEFAULT_TEMPLATES = {
    TemplateKind.REPORT: DEFAULT_TEMPLATE,
    TemplateKind.LETTER: DEFAULT_TEMPLATE.with_name("cong-van.docx"),
    TemplateKind.BODY_REPORT: DEFAULT_TEMPLATE,
}
