"""Forms of the office's calendar and period screens."""

from django import forms
from django.utils.translation import gettext_lazy as _

from theodoi.core.forms import GuardedForm

from .models import Holiday, ReportingRule
from .services.calendar import HOLIDAY_FIELDS
from .services.periods import RULE_FIELDS

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
MOMENT_FORMATS = ["%H:%M %d/%m/%Y", "%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M"]


# Text inputs, not the browser's date pickers: those show the browser's own
# format (mm/dd/yyyy, 04:00 PM), the province writes dd/mm/yyyy and 16:00.
def _date_widget():
    return forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}, format="%d/%m/%Y")


class HolidayForm(forms.ModelForm):
    class Meta:
        model = Holiday
        fields = HOLIDAY_FIELDS
        widgets = {"date": _date_widget()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].input_formats = DATE_FORMATS


class RuleForm(GuardedForm):
    tracked_fields = RULE_FIELDS

    class Meta:
        model = ReportingRule
        fields = RULE_FIELDS
        widgets = {
            "due_time": forms.TimeInput(attrs={"placeholder": "16:00"}, format="%H:%M"),
            "due_date": _date_widget(),
            "due_day": forms.NumberInput(attrs={"min": 1, "max": 31}),
            "window_start_day": forms.NumberInput(attrs={"min": 1, "max": 28}),
        }
        help_texts = {
            "due_time": _("Để trống: hạn là hết ngày (23:59:59)."),
            "due_date": _("Chỉ dùng cho báo cáo một lần."),
            "window_start_day": _(
                "Số liệu kỳ tháng tính từ ngày này của tháng trước đến ngày liền trước nó "
                "của tháng báo cáo (Nghị định 09/2019/NĐ-CP: từ ngày 15 đến ngày 14)."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["due_date"].input_formats = DATE_FORMATS


class GraceForm(forms.Form):
    grace_until = forms.DateTimeField(
        label=_("Gia hạn đến (giờ ngày, ví dụ 16:00 30/03/2026)"),
        required=False,
        input_formats=MOMENT_FORMATS,
        widget=forms.DateTimeInput(
            attrs={"placeholder": "16:00 30/03/2026"}, format="%H:%M %d/%m/%Y"
        ),
        help_text=_("Để trống để bỏ gia hạn."),
    )


class CompletenessForm(forms.Form):
    """Whether the plan's reports may be sent with items left empty."""

    reports_require_every_item = forms.BooleanField(
        label=_("Báo cáo phải nhập đủ mọi mục mới gửi được"),
        required=False,
        help_text=_(
            "Không chọn: đơn vị vẫn gửi được báo cáo còn mục chưa nhập, sau khi xác nhận. "
            "Mục có nội dung mâu thuẫn thì luôn phải sửa trước khi gửi."
        ),
    )
