"""The "06 rõ" check — pure rules, no database (only the labels are translated).

rõ người (a lead body), rõ việc (a task text), rõ thời gian (a due date, a
recurrence or an explicit condition), rõ trách nhiệm (one accountable lead, not
only a vague group), rõ sản phẩm (a deliverable), rõ thẩm quyền (a basis: the
task's own or the plan's).
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

SIX_CLEAR = {
    "who": _("Rõ người"),
    "what": _("Rõ việc"),
    "when": _("Rõ thời gian"),
    "responsible": _("Rõ trách nhiệm"),
    "deliverable": _("Rõ sản phẩm"),
    "authority": _("Rõ thẩm quyền"),
}


@dataclass(frozen=True)
class TaskFacts:
    title: str
    lead_count: int  # lead items (bodies or groups) the task names
    lead_only_vague: bool  # every lead item is a vague group or unresolved
    due: date | None
    recurrence: str
    condition: str
    deliverable: str
    basis: str
    plan_has_basis: bool


def six_clear_gaps(facts: TaskFacts) -> list[str]:
    """The keys of ``SIX_CLEAR`` the task does not meet, in order."""
    met = {
        "who": facts.lead_count > 0,
        "what": bool(facts.title.strip()),
        "when": bool(facts.due or facts.recurrence or facts.condition.strip()),
        "responsible": facts.lead_count == 1 and not facts.lead_only_vague,
        "deliverable": bool(facts.deliverable.strip()),
        "authority": bool(facts.basis.strip()) or facts.plan_has_basis,
    }
    return [key for key, ok in met.items() if not ok]
