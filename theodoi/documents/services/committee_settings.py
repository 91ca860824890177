"""The office edits what the committee's documents say of it (letterhead, number
series, signer, recipients); the settings page reads the committee's plans and shows
how its numbers and its place/date line read."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from theodoi.core import clock
from theodoi.core.audit import audit
from theodoi.core.concurrency import check_unchanged
from theodoi.plans.models import Plan

from ..models import Committee
from ..official import place_and_date
from .committees import issuer_key, reference

COMMITTEE_FIELDS = [
    "governing_body",
    "name",
    "form",
    "report_series",
    "letter_series",
    "place",
    "signer_authority",
    "signer_position",
    "signer_name",
    "recipients",
]


def recipients_error(text: str) -> str | None:
    """Why the "Nơi nhận" lines are refused, or None: the last line is the archive."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if not lines:
        return _("Hãy ghi nơi nhận, mỗi nơi một dòng; dòng cuối là “- Lưu: VT, …”.")
    if not lines[-1].startswith("- Lưu"):
        return _(
            "Dòng cuối của nơi nhận phải là nơi lưu văn bản, bắt đầu bằng “- Lưu”, "
            "ví dụ “- Lưu: VT, BCĐ.”."
        )
    return None


@transaction.atomic
def committee_save(committee: Committee, *, data: dict, user, seen_version) -> Committee:
    """Save the fields of ``data`` the page edits; a concurrent edit is refused
    (``EditConflict``), a "Nơi nhận" whose last line is not "- Lưu…" too."""
    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    check_unchanged(committee, seen_version)
    error = recipients_error(data.get("recipients", committee.recipients))
    if error:
        raise ValidationError({"recipients": error})
    changed = []
    for name in COMMITTEE_FIELDS:
        if name in data and getattr(committee, name) != data[name]:
            setattr(committee, name, data[name])
            changed.append(name)
    committee.full_clean()
    committee.version += 1
    audit(committee, user, "documents.committee.saved", fields=changed)
    committee.save()
    return committee


def committee_plans(committee: Committee) -> list[Plan]:
    """The plans issued by the committee (their issuer compared as ``committee_of`` does)."""
    return [
        plan
        for plan in Plan.objects.order_by("-year", "-created_at")
        if (issuer_key(plan.issuer) or f"plan-{plan.pk}") == committee.issuer_key
    ]


def committee_preview(committee: Committee, *, now=None) -> dict:
    """How the numbers and the place/date line of the committee's documents read."""
    return {
        "report_number": reference(committee, committee.report_series),
        "letter_number": reference(committee, committee.letter_series),
        "place_date": place_and_date(committee.place, clock.today(now)),
    }
