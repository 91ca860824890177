"""What the plans area tells the areas above it, which it may not import.

Both are sent inside the plan's transaction, with ``send`` (not ``send_robust``): a
receiver that fails undoes the publication or the amendment — the reporting periods
are made with the plan, or neither is.
"""

from django.dispatch import Signal

# A draft was just published. Arguments: plan, user, now.
plan_published = Signal()

# An amendment was just applied to a published plan; its reporting duties are the new
# document's. Arguments: plan, duties_before (the ReportingDuty rows the plan had
# before, no longer in the database), user, now.
plan_amended = Signal()
