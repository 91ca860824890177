"""Background tasks of documents (the django.tasks API; ``theodoi worker`` runs them)."""

from django_tasks import task

from .services.renditions import rendition_pdf


@task()
def render_pdf(rendition_id: int) -> str | None:
    """Convert a generated DOCX to PDF; returns the rendition's PDF state."""
    rendition = rendition_pdf(rendition_id)
    return rendition.pdf_state if rendition else None
