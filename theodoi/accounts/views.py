from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from theodoi.bodies.models import Body
from theodoi.bodies.selectors import counts_by_kind
from theodoi.core.access import office_only, public, signed_in
from theodoi.notify.services.welcome import welcome_queue
from theodoi.reporting.selectors import overview_for, reports_awaiting_office

from .forms import LoginForm, UserForm
from .models import Role, User
from .services import user_save


@signed_in
def home(request):
    """Each role lands on its own page."""
    user = request.user
    if user.is_superuser or user.role in {Role.OFFICE, Role.ADMIN}:
        return redirect("accounts:office_home")
    if user.role == Role.VIEWER:
        return redirect("accounts:viewer_home")
    if user.body_id:
        return redirect("bodies:detail", body_id=user.body_id)
    return render(request, "accounts/no_body.html", status=403)


@office_only
def office_home(request):
    context = {
        "body_counts": counts_by_kind(),
        "role_counts": [
            (label, User.objects.filter(role=value, is_active=True).count())
            for value, label in Role.choices
        ],
        "awaiting": reports_awaiting_office().count(),  # the reporting area's review list
    }
    return render(request, "accounts/office_home.html", context)


@signed_in
def viewer_home(request):
    user = request.user
    if user.role != Role.VIEWER and not user.is_superuser:
        return redirect("home")
    bodies = user.overseen_bodies.all()
    oversees_all = not bodies.exists()
    if oversees_all:
        bodies = Body.objects.filter(active=True)
    context = {
        "bodies": bodies.order_by("kind", "name"),
        "oversees_all": oversees_all,
        "overview": overview_for(user),  # the reporting area's status of each plan
    }
    return render(request, "accounts/viewer_home.html", context)


@office_only
def user_list(request):
    users = User.objects.select_related("body").order_by("role", "username")
    return render(request, "accounts/user_list.html", {"users": users})


login = public(
    auth_views.LoginView.as_view(
        template_name="accounts/login.html",
        authentication_form=LoginForm,
        redirect_authenticated_user=True,
    )
)
logout = public(auth_views.LogoutView.as_view())
password_reset = public(
    auth_views.PasswordResetView.as_view(
        template_name="accounts/password_reset.html",
        email_template_name="accounts/email/password_reset.txt",
        html_email_template_name="accounts/email/password_reset.html",
        subject_template_name="accounts/email/password_reset_subject.txt",
        success_url=reverse_lazy("accounts:password_reset_done"),
    )
)
password_reset_done = public(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
)
password_reset_confirm = public(
    auth_views.PasswordResetConfirmView.as_view(
        template_name="accounts/password_reset_confirm.html",
        success_url=reverse_lazy("accounts:password_reset_complete"),
    )
)
password_reset_complete = public(
    auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/password_reset_complete.html"
    )
)
password_change = signed_in(
    auth_views.PasswordChangeView.as_view(
        template_name="accounts/password_change.html", success_url=reverse_lazy("home")
    )
)


@office_only
def user_edit(request, user_id=None):
    account = get_object_or_404(User, pk=user_id) if user_id else None
    form = UserForm(request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():  # the account and its welcome e-mail, or neither
                saved = user_save(
                    user=account, data=form.cleaned_data, seen_fingerprint=form.data.get("seen", "")
                )
                if account is None:
                    welcome_queue([saved], actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
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
