from django.contrib import messages
from django.contrib.auth.views import (
    LoginView,
    LogoutView,
    PasswordChangeView,
    PasswordResetCompleteView,
    PasswordResetConfirmView,
    PasswordResetDoneView,
)
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from theodoi.core.access import office_only, public, signed_in
from theodoi.core.forms import add_service_errors

from .forms import LoginForm, UserForm
from .models import User
from .services import user_save
from .signals import accounts_created_send


@office_only
def user_list(request):
    users = User.objects.select_related("body").order_by("role", "username")
    return render(request, "accounts/user_list.html", {"users": users})


login = public(
    LoginView.as_view(
        template_name="accounts/login.html",
        authentication_form=LoginForm,
        redirect_authenticated_user=True,
    )
)
logout = public(LogoutView.as_view())
# "Quên mật khẩu" itself is in theodoi.pages: its e-mail goes through notify's outbox.
password_reset_done = public(
    PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
)
password_reset_confirm = public(
    PasswordResetConfirmView.as_view(
        template_name="accounts/password_reset_confirm.html",
        success_url=reverse_lazy("accounts:password_reset_complete"),
    )
)
password_reset_complete = public(
    PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html")
)
password_change = signed_in(
    PasswordChangeView.as_view(
        template_name="accounts/password_change.html", success_url=reverse_lazy("home")
    )
)


@office_only
def user_edit(request, user_id=None):
    account = get_object_or_404(User, pk=user_id) if user_id else None
    form = UserForm(request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():  # the account; its welcome e-mail once it is committed
                saved = user_save(
                    user=account, data=form.cleaned_data, actor=request.user, seen_version=form.seen
                )
                if account is None:
                    accounts_created_send([saved], actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if account is None:
                messages.success(
                    request,
                    _("Đã tạo tài khoản “%(name)s”; thư đặt mật khẩu đã gửi tới %(email)s.")
                    % {"name": saved.username, "email": saved.email},
                )
            else:
                messages.success(request, _("Đã lưu tài khoản “%s”.") % saved.username)
            return redirect("accounts:users")
    return render(request, "accounts/user_form.html", {"form": form, "account": account})
