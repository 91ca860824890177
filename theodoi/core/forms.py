from django import forms
from django.core.exceptions import ValidationError

from .concurrency import SEEN_FIELD, edit_version


class GuardedForm(forms.ModelForm):
    """A model form that shows, in the hidden ``seen_version``, the version of the
    object it showed (``core.concurrency``); the service refuses a stale one."""

    seen_version = forms.CharField(widget=forms.HiddenInput, required=False)
    tracked_fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial[SEEN_FIELD] = edit_version(self.instance, self.tracked_fields)

    @property
    def seen(self) -> str:
        """The version the page was showing (empty when none was posted: refused)."""
        return (self.data.get(SEEN_FIELD) or "").strip()


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show on the form what a service refused: on its field when the error names
    one the form has, otherwise at the top of the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def refusal_text(error: ValidationError) -> str:
    """A service's refusal as one line, for a page without a form (a flash message,
    a card sent back by htmx)."""
    return " ".join(error.messages)
