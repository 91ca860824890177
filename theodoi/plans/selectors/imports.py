"""Reads for the upload pages: recent imports, and what an import produced; the
structure the importer read, as the draft's review page shows it."""

from django.db.models import Q

from theodoi.importer.build.tables import GUESSED_BELOW

from ..models import Indicator, Plan, PlanImport, Task
from ..services.review import GRID_ACTIONS
from ..services.structure import BY_LABELS, KIND_LABELS, role_choices, structure_fingerprint


def recent_imports(limit: int = 20):
    """The latest uploads of new plans (amendments have their own pages)."""
    return (
        PlanImport.objects.filter(amends__isnull=True)
        .select_related("plan", "created_by")
        .order_by("-created_at", "-pk")[:limit]
    )


def import_counts(plan_import: PlanImport) -> dict | None:
    """Sections, tasks, KPIs and the importer's warnings of the draft it produced."""
    plan = plan_import.plan
    if plan is None:
        return None
    return {
        "sections": plan.sections.count(),
        "tasks": plan.tasks.count(),
        "indicators": plan.indicators.filter(parent__isnull=True).count(),
        "warnings": len(plan.warnings),
    }


def import_of(plan: Plan) -> PlanImport | None:
    """The upload the draft was read from (None for a plan made by hand or from Excel)."""
    return PlanImport.objects.filter(plan=plan, amends__isnull=True).order_by("-pk").first()


def reread_pending(plan: Plan) -> PlanImport | None:
    """The import reading the draft again with the office's corrections, while it is."""
    return PlanImport.objects.rereading().filter(plan=plan, amends__isnull=True).first()


def grid_edits(plan: Plan) -> int:
    """How many edits the review grid has saved on the draft (lost if it is read again)."""
    marks = Q(history_change_reason__in=GRID_ACTIONS)
    return (
        Plan.history.filter(marks, id=plan.pk).count()
        + Task.history.filter(marks, plan_id=plan.pk).count()
        + Indicator.history.filter(marks, plan_id=plan.pk).count()
    )


def _column(column: dict) -> dict:
    return {
        **column,
        "number": column["column"] + 1,
        "percent": round(float(column.get("confidence") or 0) * 100),
        "guessed": float(column.get("confidence") or 0) < GUESSED_BELOW,
        "how": BY_LABELS.get(column.get("by") or "", ""),
    }


def draft_structure(plan: Plan) -> dict | None:
    """What the review page shows of the structure the importer read: each table (a
    table that continues another is named with it) and its columns; None when the
    draft was not read from an upload."""
    plan_import = import_of(plan)
    if plan_import is None:
        return None
    tables = plan_import.tables or []
    shown = []
    for table in tables:
        if table.get("continues") is not None:
            continue
        shown.append(
            {
                **table,
                "number": table["table"] + 1,
                "kind_label": KIND_LABELS.get(table.get("kind"), ""),
                "more": [t["table"] + 1 for t in tables if t.get("continues") == table["table"]],
                "columns": [_column(column) for column in table.get("columns") or []],
            }
        )
    guessed = any(c["by"] != "header" for table in shown for c in table["columns"])
    return {
        "import": plan_import,
        "tables": shown,
        "guessed": guessed,
        "roles": role_choices(),
        "seen_version": structure_fingerprint(plan_import),
        "edits": grid_edits(plan),
    }
