"""The office's form of a chasing letter."""

from django import forms
from django.utils.translation import gettext_lazy as _

from theodoi.core.forms import GuardedForm

from .models import Letter
from .services.letters import LETTER_FIELDS

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class LetterForm(GuardedForm):
    tracked_fields = None  # the letter counts its saves (``version``)

    class Meta:
        model = Letter
        fields = LETTER_FIELDS
        widgets = {
            "subject": forms.TextInput(),
            "addressees": forms.Textarea(attrs={"rows": 4}),
            "content": forms.Textarea(attrs={"rows": 16}),
            "new_deadline": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}, format="%d/%m/%Y"),
        }
        help_texts = {
            "addressees": _("Mỗi dòng một cơ quan, đơn vị."),
            "content": _("Các đoạn cách nhau một dòng trống; đoạn cuối kết thúc bằng “./.”."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_deadline"].input_formats = DATE_FORMATS


class GenerateForm(forms.Form):
    number = forms.CharField(
        label=_("Số công văn"),
        max_length=20,
        required=False,
        help_text=_("Để trống nếu văn thư sẽ ghi số khi đăng ký văn bản."),
    )
