"""The office corrects the structure the importer guessed, then the document is read again.

The importer says which role it read in each column of each table, and how
sure it is (``tables`` of the plan JSON, kept on the ``PlanImport``). The
office gives a column another role, or flips a row between section and task;
``plan_import_correct`` checks the roles, adds the fix to the corrections made
so far and queues the import again: the worker reads the stored file with them
and replaces the draft (``imports.plan_import_run``), in one transaction. Edits
made on the review grid are not carried over: the page says so before.
"""

import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext as _

from theodoi.core import clock
from theodoi.core.audit import audit
from theodoi.core.concurrency import EditConflict
from theodoi.importer import ROLE_LABELS, ROLES, table_kind

from ..models import ImportStatus, Plan, PlanImport, Section, Task
from .imports import REREAD, import_enqueue
from .review import locked_draft, note_on_plan

BY_LABELS = {
    "header": gettext_lazy("theo tiêu đề"),
    "words": gettext_lazy("theo từ khóa trong tiêu đề"),
    "cells": gettext_lazy("đoán theo nội dung"),
    "office": gettext_lazy("do Văn phòng chỉnh"),
}
KIND_LABELS = {
    "tasks": pgettext_lazy("loại bảng", "nhiệm vụ"),
    "indicators": pgettext_lazy("loại bảng", "chỉ tiêu"),
    "members": pgettext_lazy("loại bảng", "thành viên"),
}
# What a table of each kind cannot be read without: one column of each group.
REQUIRED = {
    "tasks": (("code",), ("title",)),
    "indicators": (("code",), ("indicator", "title")),
    "members": (("name",),),
}
REPEATABLE = {"note"}  # a role more than one column may have


def role_label(role: str | None) -> str:
    """The importer's label of a role, in the page's language."""
    if role is None:
        return _("(không đọc)")
    english = (get_language() or "").startswith("en")
    return ROLE_LABELS[role][1 if english else 0]


def role_choices() -> list[tuple[str, str]]:
    """The roles a column may be given, as (value, label); "" is "not read"."""
    return [("", role_label(None)), *((role, role_label(role)) for role in ROLES)]


def structure_fingerprint(plan_import: PlanImport) -> str:
    """What the office saw of the structure: its draft, its corrections, its state."""
    state = [
        plan_import.pk,
        plan_import.plan_id,
        plan_import.status,
        plan_import.corrections,
        plan_import.requested,
    ]
    data = json.dumps(state, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()[:32]


def _column_name(table: dict, index: int) -> str:
    header = (table["columns"][index].get("header") or "").strip()
    return f"“{header}”" if header else _("số %d") % (index + 1)


def _check_table(table: dict, roles: list, changed: list[int]) -> None:
    """The table, with the roles the office chose, can still be read: it stays a table
    of tasks, indicators or members, with the columns that kind needs, and no role
    the office gave is on two columns."""
    number = table["table"] + 1
    kind = table_kind(roles)
    if kind is None:
        raise ValidationError(
            _(
                "Với các vai trò đã chọn, bảng %(n)d không còn là bảng nhiệm vụ, chỉ tiêu hay "
                "thành viên: cần một cột “nội dung nhiệm vụ” và một cột cơ quan chủ trì, phối "
                "hợp, thời hạn hoặc sản phẩm."
            )
            % {"n": number}
        )
    for group in REQUIRED[kind]:
        if not any(role in roles for role in group):
            raise ValidationError(
                _("Bảng %(n)d không còn cột nào là “%(role)s”; hãy chọn vai trò này cho một cột.")
                % {"n": number, "role": role_label(group[0])}
            )
    for index in changed:
        role = roles[index]
        twin = next((i for i, r in enumerate(roles) if r == role and i != index), None)
        if role and role not in REPEATABLE and twin is not None:
            first, second = sorted((index, twin))
            raise ValidationError(
                _(
                    "Cột %(a)s và cột %(b)s của bảng %(n)d cùng là “%(role)s”; mỗi vai trò "
                    "chỉ chọn cho một cột."
                )
                % {
                    "a": _column_name(table, first),
                    "b": _column_name(table, second),
                    "n": number,
                    "role": role_label(role),
                }
            )


def column_fixes(tables: list[dict], chosen: dict[tuple[int, int], str | None]) -> list[dict]:
    """The corrections the office's choice of roles makes: one per column whose role
    changes. Refused with one message when a role is unknown, a column is not one the
    importer reported, or a table could no longer be read."""
    shown = {t["table"]: t for t in tables if t.get("continues") is None}
    for table, column in chosen:
        columns = shown.get(table, {}).get("columns") or []
        if not 0 <= column < len(columns):
            raise ValidationError(_("Bảng %(n)d không có cột này.") % {"n": table + 1})
    for role in chosen.values():
        if role is not None and role not in ROLES:
            raise ValidationError(_("Vai trò “%s” không có trong danh sách.") % role)
    fixes = []
    for table in shown.values():
        roles = [c.get("role") for c in table["columns"]]
        changed = []
        for i, role in enumerate(roles):
            new = chosen.get((table["table"], i), role)
            if new != role:
                roles[i] = new
                changed.append(i)
                fixes.append({"table": table["table"], "column": i, "role": new})
        if changed:
            _check_table(table, roles, changed)
    return fixes


def _row_fix(plan: Plan, flip: tuple[str, int]) -> dict:
    """The correction that reads a section row as a task, or a task row as a section."""
    kind, pk = flip
    model = {"section": Section, "task": Task}.get(kind)
    row = model.objects.filter(plan=plan, pk=pk).first() if model else None
    origin = getattr(row, "origin", None)
    if not origin:
        raise ValidationError(_("Dòng này không đọc từ bảng của văn bản; không đổi được."))
    return {
        "table": origin["table"],
        "row": origin["row"],
        "as": "task" if kind == "section" else "section",
    }


def merged(corrections: dict, columns: list[dict], rows: list[dict]) -> dict:
    """The corrections so far with the new ones; a new fix of a column or a row
    replaces the earlier fix of it."""
    by_column = {(f["table"], f["column"]): f for f in corrections.get("columns") or []}
    by_column |= {(f["table"], f["column"]): f for f in columns}
    by_row = {(f["table"], f["row"]): f for f in corrections.get("rows") or []}
    by_row |= {(f["table"], f["row"]): f for f in rows}
    return {
        "columns": sorted(by_column.values(), key=lambda f: (f["table"], f["column"])),
        "rows": sorted(by_row.values(), key=lambda f: (f["table"], f["row"])),
    }


@clock.dated
@transaction.atomic
def plan_import_correct(
    *,
    plan: Plan,
    user,
    seen_version: str | None,
    columns: dict[tuple[int, int], str | None] | None = None,
    flip: tuple[str, int] | None = None,
    now=None,
) -> PlanImport:
    """Record the office's corrections of the draft's structure and queue the re-read.

    ``columns`` maps (table, column) to the role chosen (None: not read); ``flip``
    is ("section" | "task", pk) of a row to read as the other. Refused, with
    nothing changed, when the plan is no longer a draft, is being read again, was
    not read from an upload, when the structure changed since the office saw it
    (``seen_version``), or when the roles cannot be read. The worker replaces the draft.
    """
    plan = locked_draft(plan)
    plan_import = (
        PlanImport.objects.select_for_update().filter(plan=plan, amends__isnull=True).first()
    )
    if plan_import is None:
        raise ValidationError(_("Bản nháp này không đọc từ tệp nào, nên không đọc lại được."))
    if seen_version is None or structure_fingerprint(plan_import) != seen_version:
        raise EditConflict()
    column_list = column_fixes(plan_import.tables or [], columns or {})
    row_list = [_row_fix(plan, flip)] if flip else []
    if not column_list and not row_list:
        raise ValidationError(_("Chưa đổi vai trò cột nào; bản nháp giữ nguyên."))
    plan_import.requested = merged(plan_import.corrections or {}, column_list, row_list)
    plan_import.requested_by = user
    plan_import.status, plan_import.progress, plan_import.attempts = ImportStatus.QUEUED, 0, 0
    plan_import.message = plan_import.message_en = ""
    plan_import.started_at = plan_import.finished_at = None
    audit(plan_import, user, REREAD)
    plan_import.save()
    note_on_plan(plan, user, REREAD)
    transaction.on_commit(lambda: import_enqueue(plan_import.pk))
    return plan_import
