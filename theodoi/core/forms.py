from django import forms

from .concurrency import fingerprint


class FingerprintForm(forms.ModelForm):
    """A model form that remembers the version of the object it showed."""

    seen = forms.CharField(widget=forms.HiddenInput, required=False)
    tracked_fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["seen"] = fingerprint(self.instance, self.tracked_fields)
