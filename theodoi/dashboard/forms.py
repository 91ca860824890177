from django import forms
from django.utils.translation import gettext_lazy as _

from theodoi.core.forms import GuardedForm

from .models import DashboardSettings
from .services.scorecard import SETTINGS_FIELDS


class SettingsForm(GuardedForm):
    """The public page and the scorecard's weights; the ``version`` counter guards it."""

    tracked_fields = None  # the model counts its saves (``DashboardSettings.version``)

    class Meta:
        model = DashboardSettings
        fields = SETTINGS_FIELDS
        help_texts = {
            "public": _("Trang công khai: chỉ tiêu và phân loại nhiệm vụ, không có tên người."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in SETTINGS_FIELDS[1:]:
            self.fields[name].widget.attrs.update({"min": 0, "max": 100, "inputmode": "numeric"})


class YearForm(forms.Form):
    nam = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100, required=False)
