"""What the reporting area does when the plans area (below it) tells it something.

Thin: each receiver calls a reporting service, where the rule lives. Connected in
``ReportingConfig.ready``; they run inside the plan's transaction.
"""

from .services.periods import plan_reporting_setup, rules_follow_amendment


def on_plan_published(sender, *, plan, user, now=None, **kwargs) -> None:
    plan_reporting_setup(plan=plan, user=user, now=now)


def on_plan_amended(sender, *, plan, duties_before, user, now=None, **kwargs) -> None:
    rules_follow_amendment(plan=plan, duties_before=duties_before, user=user, now=now)
