from django import forms
from django.core.exceptions import ValidationError

from .concurrency import fingerprint


class FingerprintForm(forms.ModelForm):
    """A model form that remembers the version of the object it showed."""

    seen = forms.CharField(widget=forms.HiddenInput, required=False)
    tracked_fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["seen"] = fingerprint(self.instance, self.tracked_fields)


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show on the form what a service refused: on its field when the error names
    one the form has, otherwise at the top of the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
