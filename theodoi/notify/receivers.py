"""What notify does when an area below it tells it something: the notices, after commit.

Thin: each receiver calls a notify service, in a transaction of its own, so that a
failure leaves no notice half-made (and, sent robustly, never undoes the step).
Connected in ``NotifyConfig.ready``.
"""

from django.db import transaction

from .services.events import item_comment_notify, report_no_approver_notify, report_step_notify
from .services.welcome import welcome_queue


@transaction.atomic
def on_report_moved(sender, *, report, actor, now=None, **kwargs) -> None:
    report_step_notify(report=report, actor=actor, now=now)


@transaction.atomic
def on_report_without_approver(sender, *, report, actor, now=None, **kwargs) -> None:
    report_no_approver_notify(report=report, actor=actor, now=now)


@transaction.atomic
def on_item_commented(sender, *, comment, now=None, **kwargs) -> None:
    item_comment_notify(comment=comment, now=now)


@transaction.atomic
def on_accounts_created(sender, *, users, actor, now=None, **kwargs) -> None:
    welcome_queue(users, actor=actor, now=now)
