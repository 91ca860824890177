"""Reads for the upload pages: recent imports, and what an import produced."""

from .models import PlanImport


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
