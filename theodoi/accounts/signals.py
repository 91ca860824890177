"""What the accounts area tells the areas above it (notify), which it may not import."""

from django.db import transaction
from django.dispatch import Signal

from .models import User

# Accounts were just created, by the office (one or a table of them); they have no
# password yet. Arguments: users, actor, now. Sent after commit (``accounts_created_send``).
accounts_created = Signal()


def accounts_created_send(users, *, actor, now=None) -> None:
    """Tell the areas above, once the accounts are committed, that ``users`` are new.

    ``send_robust``: a receiver that fails (the welcome e-mail) never undoes the
    accounts — Django logs the error (logger ``django.dispatch``).
    """
    users = list(users)
    transaction.on_commit(
        lambda: accounts_created.send_robust(sender=User, users=users, actor=actor, now=now)
    )
