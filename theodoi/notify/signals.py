"""What the notify area tells the areas above it (the dashboard), which it may not import.

Sent with ``send_robust``: a receiver that fails never stops the scheduler — Django
logs the error (logger ``django.dispatch``).
"""

from django.dispatch import Signal

# The scheduler's tick just ended (``services.schedule.tick``). Arguments: now.
tick_done = Signal()
