"""Background tasks of plans (the django.tasks API; ``theodoi worker`` runs them)."""

from django_tasks import task

from .services.imports import plan_import_run


@task()
def parse_plan_import(import_id: int) -> str | None:
    """Read an uploaded plan document into a draft plan (an amendment: into the plan JSON
    its preview shows); returns the import's status."""
    plan_import = plan_import_run(import_id=import_id)
    return plan_import.status if plan_import else None
