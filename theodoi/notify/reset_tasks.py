"""The background task of a password reset (``services.reset``); the worker runs it."""

from django_tasks import task

from .services.reset import reset_queue


@task(queue_name="email")
def password_reset_queue(email: str) -> int:
    """Look the address up and put its reset e-mails in the outbox."""
    return reset_queue(email)
