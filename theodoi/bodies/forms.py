from django import forms
from django.utils.translation import gettext_lazy as _

from theodoi.core.forms import GuardedForm

from .models import Body, BodyKind, Group
from .services import BODY_FIELDS, GROUP_FIELDS


class NamesField(forms.CharField):
    """A list of names, one per line in the form."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        lines = (value or "").replace(";", "\n").splitlines()
        return list(dict.fromkeys(line.strip() for line in lines if line.strip()))


class BodyForm(GuardedForm):
    aliases = NamesField(label=_("Tên viết tắt, tên khác (mỗi dòng một tên)"), required=False)
    tracked_fields = BODY_FIELDS

    class Meta:
        model = Body
        fields = BODY_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["head_approval"].required = False

    def clean_head_approval(self):
        """A form that does not send the setting keeps it as it is."""
        return self.cleaned_data.get("head_approval") or self.instance.head_approval


class GroupForm(GuardedForm):
    aliases = NamesField(label=_("Cách viết khác (mỗi dòng một cách)"), required=False)
    kinds = forms.MultipleChoiceField(
        label=_("Loại đơn vị (khi nhóm gồm mọi đơn vị thuộc loại)"),
        choices=BodyKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tracked_fields = GROUP_FIELDS

    class Meta:
        model = Group
        fields = GROUP_FIELDS
        widgets = {"members": forms.SelectMultiple(attrs={"size": 10})}


class RegistryUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp danh mục (.csv hoặc .xlsx)"), error_messages={"empty": _("Tệp trống.")}
    )
