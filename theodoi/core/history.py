"""The history of a row as every history page shows it (``core/_history.html``).

``history_rows(instance)``: each recorded change, newest first — who, when, the
action's label (``core.audit``) and the fields it changed, old -> new, named and
shown as the pages name and show them (the field's label, a choice's label, a
moment as hh:mm dd/mm/yyyy, a flag as có/không).
"""

from datetime import date, datetime

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

from .audit import action_label
from .formatting import format_date, format_datetime

# Bookkeeping fields a reader of the history does not need.
HIDDEN = frozenset({"version", "updated_at"})


def _field(model, name: str):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _label(model, name: str) -> str:
    field = _field(model, name)
    return str(getattr(field, "verbose_name", name) or name)


def _shown(field, value):
    if isinstance(value, bool):
        return _("có") if value else _("không")
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return format_date(value)
    choices = getattr(field, "flatchoices", None)
    if choices and isinstance(value, str | int):
        return str(dict(choices).get(value, value))
    return value


def _action(record, model) -> str:
    """The action's label, its field named as the page names it; without a code
    (a change recorded outside a service), what kind of change it was."""
    code = getattr(record, "history_change_reason", None)
    if code:
        data = dict(getattr(record, "action_data", None) or {})
        if isinstance(data.get("field"), str):
            data["field"] = _label(model, data["field"])
        return action_label(code, data)
    return {"+": _("Tạo"), "-": _("Xóa")}.get(record.history_type, _("Sửa"))


def history_rows(instance, *, hidden=()) -> list[dict]:
    """Each recorded change of ``instance``, newest first: ``record`` (who, when),
    ``action`` (its label) and ``changes`` [(field label, old, new)]."""
    model = type(instance)
    skipped = HIDDEN | set(hidden)
    records = list(
        instance.history.select_related("history_user").order_by("-history_date", "-history_id")
    )
    rows = []
    for index, newer in enumerate(records):
        older = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if older is not None:
            for change in newer.diff_against(older).changes:
                if change.field in skipped:
                    continue
                field = _field(model, change.field)
                changes.append(
                    (
                        _label(model, change.field),
                        _shown(field, change.old),
                        _shown(field, change.new),
                    )
                )
        rows.append({"record": newer, "action": _action(newer, model), "changes": changes})
    return rows
