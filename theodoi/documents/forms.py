"""Forms of the documents pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from theodoi.plans.models import Plan

from .models import Scope

NUMERIC = {"inputmode": "numeric", "size": 6}


class DraftOpenForm(forms.Form):
    """Which plans of the committee, and which span, the report covers."""

    plans = forms.ModelMultipleChoiceField(
        label=_("Kế hoạch"),
        queryset=Plan.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Hãy chọn ít nhất một kế hoạch.")},
    )
    scope = forms.ChoiceField(label=_("Báo cáo theo"), choices=Scope.choices)
    year = forms.IntegerField(
        label=_("Năm"), min_value=2000, max_value=2100, widget=forms.TextInput(NUMERIC)
    )
    index = forms.IntegerField(
        label=_("Kỳ thứ"),
        min_value=1,
        max_value=12,
        widget=forms.TextInput(NUMERIC),
        help_text=_("Tháng 1–12, quý 1–4, 6 tháng: 1 (đầu năm) hoặc 2 (cuối năm), năm: 1."),
    )

    def __init__(self, *args, plans, prefix=None, **kwargs):
        super().__init__(*args, prefix=prefix, **kwargs)
        self.fields["plans"].queryset = plans
        self.fields["plans"].label_from_instance = lambda plan: plan.title


class DraftLeadershipForm(forms.Form):
    leadership = forms.CharField(
        label=_("I. Công tác lãnh đạo, chỉ đạo"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    seen_version = forms.CharField(widget=forms.HiddenInput)


class DraftGenerateForm(forms.Form):
    number = forms.CharField(
        label=_("Số văn bản"),
        required=False,
        max_length=10,
        help_text=_("Để trống nếu văn thư chưa cấp số."),
    )
