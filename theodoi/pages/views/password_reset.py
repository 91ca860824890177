"""“Quên mật khẩu”: the form of ``accounts`` and the outbox of ``notify``, which
``accounts`` may not import (the layers of README.md), so the page lives here.

Whatever the address — known, unknown, or over the limit — the answer is the same
page; the e-mail, if any, is made and sent by the worker (``notify.services.reset``).
"""

from axes.helpers import get_client_ip_address
from django.contrib.auth.forms import PasswordResetForm
from django.shortcuts import redirect, render

from theodoi.core.access import public
from theodoi.notify.services.reset import password_reset_request


@public
def password_reset(request):
    form = PasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        password_reset_request(
            email=form.cleaned_data["email"], client=get_client_ip_address(request)
        )
        return redirect("accounts:password_reset_done")
    return render(request, "accounts/password_reset.html", {"form": form})
