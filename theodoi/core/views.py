from django.apps import apps
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from .access import office_only

# The objects whose history the office may read, by URL name.
AUDITED_MODELS = {
    "don-vi": "bodies.Body",
    "nhom": "bodies.Group",
    "tai-khoan": "accounts.User",
    "ke-hoach": "plans.Plan",
    "nhiem-vu": "plans.Task",
    "chi-tieu": "plans.Indicator",
    "nhap-ke-hoach": "plans.PlanImport",
    "nhac-viec": "notify.ReminderPolicy",
}


def history_entries(obj) -> list[dict]:
    """Each recorded change, newest first: who, when, what changed (old -> new)."""
    records = list(obj.history.select_related("history_user").order_by("-history_date"))
    entries = []
    for newer, older in zip(records, [*records[1:], None], strict=True):
        changes = []
        if older is not None:
            delta = newer.diff_against(older)
            changes = [(c.field, c.old, c.new) for c in delta.changes]
        entries.append({"record": newer, "changes": changes})
    return entries


@office_only
def object_history(request, kind, object_id):
    label = AUDITED_MODELS.get(kind)
    if label is None:
        raise Http404
    obj = get_object_or_404(apps.get_model(label), pk=object_id)
    context = {"object": obj, "entries": history_entries(obj)}
    return render(request, "core/history.html", context)
