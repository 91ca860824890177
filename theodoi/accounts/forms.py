from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from theodoi.core.forms import GuardedForm
from theodoi.core.roles import BODY_ROLES

from .models import User
from .services import USER_FIELDS


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Tên đăng nhập hoặc e-mail"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": _(
            "Tên đăng nhập (hoặc e-mail) hoặc mật khẩu không đúng. "
            "Sau nhiều lần sai, tài khoản sẽ bị tạm khóa."
        ),
        "inactive": _("Tài khoản này đã bị khóa."),
    }


class UserForm(GuardedForm):
    """The office's form for an account: who, which body, which role."""

    tracked_fields = USER_FIELDS

    class Meta:
        model = User
        fields = USER_FIELDS
        widgets = {"overseen_bodies": forms.SelectMultiple(attrs={"size": 8})}
        help_texts = {
            "overseen_bodies": _(
                "Chỉ cho thành viên Ban Chỉ đạo; để trống là theo dõi mọi đơn vị."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["last_name"].label = _("Họ và tên đệm")
        self.fields["first_name"].label = pgettext_lazy("tên riêng của một người", "Tên")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") in BODY_ROLES and not cleaned.get("body"):
            self.add_error("body", _("Vai trò này cần chọn cơ quan, đơn vị."))
        return cleaned


class AccountsUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp danh sách tài khoản (.csv hoặc .xlsx)"),
        error_messages={"empty": _("Tệp trống.")},
    )
