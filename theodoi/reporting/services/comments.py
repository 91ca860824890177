"""Comments on a report item ("ý kiến chỉ đạo"): a short thread under each item.

Who may write is who may read the body's report (``core.access.can_see_body``):
the office, a chair or member who oversees the body, the body's own focal
officer and head. A comment is written once and never edited; once it is committed,
the other participants are told in-app and by e-mail (``signals.item_commented``).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from theodoi.core import clock
from theodoi.core.access import can_see_body
from theodoi.core.audit import audit

from ..models import ItemComment, ReportItem
from ..signals import item_commented, send_after_commit

MAX_LENGTH = 2000


def may_comment(user, item: ReportItem) -> bool:
    return user.is_authenticated and can_see_body(user, item.report.body)


@transaction.atomic
def item_comment_add(item: ReportItem, user, text: str, now=None) -> ItemComment:
    """Add ``user``'s comment to the item's thread (the others are told after commit);
    an empty or over-long text is refused and nothing is written."""
    if not may_comment(user, item):
        raise PermissionDenied
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Hãy nhập nội dung ý kiến."), code="empty")
    if len(text) > MAX_LENGTH:
        raise ValidationError(
            _("Ý kiến dài %(length)s ký tự; tối đa %(max)s ký tự.")
            % {"length": len(text), "max": MAX_LENGTH},
            code="too_long",
        )
    comment = ItemComment(item=item, author=user, text=text, created_at=clock.now(now))
    audit(comment, user, "reporting.item_comment.added")
    comment.save()
    send_after_commit(item_commented, ItemComment, comment=comment, now=now)
    return comment
