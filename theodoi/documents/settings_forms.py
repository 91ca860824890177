from django import forms
from django.utils.translation import gettext_lazy as _

from theodoi.core.forms import GuardedForm

from .models import Committee
from .services.committee_settings import COMMITTEE_FIELDS, recipients_error


class CommitteeForm(GuardedForm):
    """Every field of the committee; its ``version`` counter guards the edit."""

    tracked_fields = None  # the model counts its saves (``Committee.version``)

    class Meta:
        model = Committee
        fields = COMMITTEE_FIELDS
        widgets = {"recipients": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "signer_authority": _("Ví dụ: TM. BAN CHỈ ĐẠO, KT. TRƯỞNG BAN, T/M BAN CHỈ ĐẠO"),
            "recipients": _("Mỗi nơi nhận một dòng; dòng cuối là nơi lưu, ví dụ “- Lưu: VT, BCĐ.”"),
        }

    def clean_recipients(self):
        text = self.cleaned_data["recipients"]
        error = recipients_error(text)
        if error:
            raise forms.ValidationError(error)
        return text
