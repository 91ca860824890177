from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


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
