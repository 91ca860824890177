"""The forms of an explanation: the chair's request beside a red cell, the body's answer."""

from django import forms
from django.utils.translation import gettext_lazy as _

from theodoi.bodies.models import Body
from theodoi.core.forms import GuardedForm
from theodoi.plans.models import Indicator, Task

from .models import Explanation

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class AskForm(forms.Form):
    """Which cell (a task or a KPI, and its lead body), what to explain and by when."""

    task = forms.ModelChoiceField(
        queryset=Task.objects.select_related("plan"), required=False, widget=forms.HiddenInput
    )
    indicator = forms.ModelChoiceField(
        queryset=Indicator.objects.select_related("plan"),
        required=False,
        widget=forms.HiddenInput,
    )
    body = forms.ModelChoiceField(queryset=Body.objects.all(), widget=forms.HiddenInput)
    question = forms.CharField(
        label=_("Nội dung cần giải trình"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    deadline = forms.DateField(
        label=_("Hạn giải trình"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(
            attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "size": 10},
            format="%d/%m/%Y",
        ),
        error_messages={"invalid": _("Ngày không đúng dạng dd/mm/yyyy.")},
    )

    def clean(self):
        data = super().clean()
        if not (data.get("task") or data.get("indicator")):
            raise forms.ValidationError(_("Chưa chọn nhiệm vụ hoặc chỉ tiêu cần giải trình."))
        return data

    @property
    def plan(self):
        item = self.cleaned_data.get("task") or self.cleaned_data.get("indicator")
        return item.plan


class AnswerForm(GuardedForm):
    class Meta:
        model = Explanation
        fields = ["answer"]
        widgets = {"answer": forms.Textarea(attrs={"rows": 4})}
