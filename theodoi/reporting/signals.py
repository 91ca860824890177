"""What the reporting area tells the areas above it (notify), which it may not import.

Each is sent once the step's transaction commits (``send_after_commit``), with
``send_robust``: a receiver that fails never undoes the report step — Django logs the
error (logger ``django.dispatch``) — and a step rolled back tells nobody.
"""

from django.db import transaction
from django.dispatch import Signal

# A report just reached its state (submitted, returned, approved, accepted).
# Arguments: report, actor, now.
report_moved = Signal()

# A submitted report waits for a head while nobody of its body can approve it.
# Arguments: report, actor, now.
report_without_approver = Signal()

# A comment was just written under a report item. Arguments: comment, now.
item_commented = Signal()


def send_after_commit(signal: Signal, sender, **arguments) -> None:
    """Send ``signal`` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: signal.send_robust(sender=sender, **arguments))
