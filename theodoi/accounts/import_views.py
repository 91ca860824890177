"""The office creates accounts in bulk: upload a table, see every row checked,
confirm. The confirmed table travels signed in the preview's form, and is checked
again when confirmed (an e-mail may have been taken meanwhile).
"""

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from theodoi.core.access import office_only
from theodoi.core.forms import add_service_errors
from theodoi.core.tabular import TableFileError, read_table, xlsx_response

from .bulk import TEMPLATE_EXAMPLE, TEMPLATE_HEADER, accounts_create, accounts_read
from .forms import AccountsUploadForm
from .signals import accounts_created_send

SALT = "accounts.import"
MAX_AGE = 3600  # a preview left open longer is read again from the file


def _plain(table: list[list]) -> list[list[str]]:
    return [["" if cell is None else str(cell) for cell in row] for row in table]


@office_only
def accounts_import(request):
    form = AccountsUploadForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and "table" in request.POST:
        return _confirm(request, context)
    if request.method == "POST" and form.is_valid():
        try:
            table = _plain(read_table(form.cleaned_data["file"]))
            rows = accounts_read(table)
        except TableFileError as error:
            form.add_error("file", str(error))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            context.update(
                rows=rows,
                refused=[row for row in rows if row.error],
                table=signing.dumps(table, salt=SALT, compress=True),
            )
    return render(request, "accounts/accounts_import.html", context)


def _confirm(request, context):
    try:
        table = signing.loads(request.POST["table"], salt=SALT, max_age=MAX_AGE)
        with transaction.atomic():
            created = accounts_create(rows=accounts_read(table), user=request.user)
            accounts_created_send(created, actor=request.user)
    except signing.BadSignature:
        messages.error(request, _("Bản xem trước đã quá hạn; hãy tải tệp lên lại."))
        return redirect("accounts:import")
    except ValidationError as error:
        add_service_errors(context["form"], error)
        return render(request, "accounts/accounts_import.html", context)
    messages.success(
        request,
        _("Đã tạo %(count)d tài khoản; thư chào mừng kèm đường dẫn đặt mật khẩu đã vào hộp thư đi.")
        % {"count": len(created)},
    )
    return redirect("accounts:users")


@office_only
def accounts_template(request):
    """A spreadsheet with the expected columns and one example row."""
    return xlsx_response([TEMPLATE_HEADER, TEMPLATE_EXAMPLE], "mau-tai-khoan.xlsx", "Tài khoản")
