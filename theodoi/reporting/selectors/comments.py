"""Reads of the comment threads of report items ("ý kiến chỉ đạo")."""

from django.db.models import Prefetch

from ..models import ItemComment


def comments_prefetch() -> Prefetch:
    """Every listed item's thread, oldest first, with its authors, in one query:
    ``items.prefetch_related(comments_prefetch())`` before rendering
    ``reporting/reports/_comments.html`` for each item."""
    return Prefetch("comments", ItemComment.objects.select_related("author").order_by("created_at"))
