"""Forms of the notification pages: one's preferences, a plan's reminder policy,
the filters of the office's outbox."""

from django import forms
from django.utils.translation import gettext_lazy as _

from theodoi.core.concurrency import edit_version

from .defaults import DEFAULT_DAYS_BEFORE_TEXT
from .models import EmailState, Kind, Preference, ReminderPolicy
from .services.policies import (
    MAX_ESCALATE_AFTER,
    POLICY_FIELDS,
    days_before_error,
    days_before_text,
    escalate_error,
)


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = Preference
        fields = ["digest"]
        help_texts = {
            "digest": _(
                "Mỗi tuần một thư: đơn vị nào chậm báo cáo, nhiệm vụ nào vừa quá hạn, "
                "chỉ tiêu nào thay đổi."
            )
        }


class PolicyForm(forms.ModelForm):
    """The plan's reminder policy; ``seen_version`` is the version shown (0: the
    defaults; ``core.concurrency``). Required: a save without it is refused."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = ReminderPolicy
        fields = POLICY_FIELDS
        widgets = {
            "days_before": forms.TextInput(
                attrs={"placeholder": DEFAULT_DAYS_BEFORE_TEXT, "inputmode": "numeric"}
            ),
            "escalate_after": forms.NumberInput(attrs={"min": 0, "max": MAX_ESCALATE_AFTER}),
            "send_at": forms.TimeInput(attrs={"placeholder": "07:30"}, format="%H:%M"),
        }
        help_texts = {
            "days_before": _(
                "Ví dụ 7,3,1: nhắc đầu mối 7, 3 và 1 ngày làm việc trước ngày hết hạn; "
                "ngày nghỉ không tính."
            ),
            "escalate_after": _("0: không báo lên thường trực và thành viên phụ trách."),
            "send_at": _("Giờ Việt Nam, dạng 07:30."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["seen_version"] = edit_version(self.instance)
        self.fields["send_at"].input_formats = ["%H:%M", "%H:%M:%S", "%Hh%M", "%Hh"]

    def clean_days_before(self):
        try:
            return days_before_text(self.cleaned_data["days_before"])
        except ValueError:
            raise forms.ValidationError(days_before_error(), code="invalid") from None

    def clean_escalate_after(self):
        value = self.cleaned_data["escalate_after"]
        if value is not None and value > MAX_ESCALATE_AFTER:
            raise forms.ValidationError(escalate_error(), code="invalid")
        return value

    def _post_clean(self):
        pass  # the service validates and saves (the instance is the one shown, maybe stale)


class OutboxFilterForm(forms.Form):
    trang_thai = forms.ChoiceField(
        label=_("Trạng thái thư"),
        required=False,
        choices=[("", _("Mọi trạng thái")), *EmailState.choices],
    )
    loai = forms.ChoiceField(
        label=_("Loại thông báo"),
        required=False,
        choices=[("", _("Mọi loại")), *Kind.choices],
    )

    def values(self) -> dict:
        """The valid filters (an unknown value is ignored, not an error page)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"state": data.get("trang_thai", ""), "kind": data.get("loai", "")}
