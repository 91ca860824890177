"""Accounts in bulk from a table (CSV or XLSX): read, check every row, then create
all of them in one transaction — or none while any row is refused.

Columns, in any order, by their Vietnamese header (case and accents do not
matter): họ và tên, e-mail, điện thoại, đơn vị, vai trò (and, if present, chức
vụ). A body is found by its name or alias with the registry's own matching
(``bodies.resolve``). The user name of a new account is its e-mail.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from theodoi.bodies.models import Body
from theodoi.bodies.resolve import RegistryIndex
from theodoi.bodies.validators import has_control_characters, name_error
from theodoi.core.audit import audit
from theodoi.lib.text import fold_accents

from .models import Role, User
from .services import check_role_change

# The header of each column, folded (see ``fold_accents``), and the field it fills.
HEADERS = {
    "ho va ten": "name",
    "ho ten": "name",
    "e-mail": "email",
    "email": "email",
    "thu dien tu": "email",
    "dien thoai": "phone",
    "so dien thoai": "phone",
    "don vi": "body",
    "co quan, don vi": "body",
    "co quan": "body",
    "vai tro": "role",
    "chuc vu": "position",
}
REQUIRED_COLUMNS = {"name": "Họ và tên", "email": "E-mail", "body": "Đơn vị", "role": "Vai trò"}
TEMPLATE_HEADER = ["Họ và tên", "E-mail", "Điện thoại", "Đơn vị", "Vai trò", "Chức vụ"]
TEMPLATE_EXAMPLE = [
    "Nguyễn Thị Hoa",
    "hoa@stc.angiang.gov.vn",
    "0901 234 567",
    "Sở Tài chính",
    "đầu mối",
    "Chuyên viên",
]
ROLES = {
    "dau moi": Role.FOCAL,
    "can bo dau moi": Role.FOCAL,
    "lanh dao": Role.HEAD,
    "lanh dao don vi": Role.HEAD,
    "thuong truc": Role.OFFICE,
}


@dataclass
class AccountRow:
    line: int  # as the spreadsheet numbers it (the header is line 1)
    name: str
    email: str
    phone: str
    body_text: str
    role_text: str
    position: str = ""
    body: Body | None = None
    role: str = ""
    error: str = ""


def _cell(row: list, index: int | None) -> str:
    if index is None or index >= len(row) or row[index] is None:
        return ""
    return " ".join(str(row[index]).split())


def _phone(value: str) -> str:
    """A phone number as people write it. Excel keeps ``0912 345 678`` typed as a number
    as 912345678 (9 digits, also ``912345678.0``): the leading 0 is put back."""
    digits = value.removesuffix(".0")
    if digits.isdigit() and len(digits) == 9:
        return "0" + digits
    return value


def _columns(header: list) -> dict[str, int]:
    columns = {}
    for index, title in enumerate(header):
        field = HEADERS.get(fold_accents(title))
        if field and field not in columns:
            columns[field] = index
    missing = [title for field, title in REQUIRED_COLUMNS.items() if field not in columns]
    if missing:
        raise ValidationError(
            _("Tệp thiếu cột: %(columns)s. Hãy dùng tệp mẫu.") % {"columns": ", ".join(missing)}
        )
    return columns


def accounts_read(table: list[list]) -> list[AccountRow]:
    """Every non-empty row of the table, each checked; a refused row has ``error``."""
    if not table:
        raise ValidationError(_("Tệp không có dòng nào."))
    columns = _columns(table[0])
    rows = [
        AccountRow(
            line=number,
            **{
                key: _cell(cells, columns.get(field))
                for key, field in [
                    ("name", "name"),
                    ("email", "email"),
                    ("phone", "phone"),
                    ("body_text", "body"),
                    ("role_text", "role"),
                    ("position", "position"),
                ]
            },
        )
        for number, cells in enumerate(table[1:], start=2)
        if any(str(c).strip() for c in cells if c is not None)
    ]
    if not rows:
        raise ValidationError(_("Tệp chỉ có dòng tiêu đề, không có tài khoản nào."))
    for row in rows:
        row.phone = _phone(row.phone)
    _check(rows)
    return rows


def _check(rows: list[AccountRow]) -> None:
    index = RegistryIndex.build()
    emails = [row.email.casefold() for row in rows]
    taken = {
        email.casefold()
        for pair in User.objects.values_list("email", "username")
        for email in pair
        if email
    }
    for row in rows:
        row.email = row.email.casefold()
        row.role = ROLES.get(fold_accents(row.role_text), "")
        found = index.resolve(row.body_text) if row.body_text else None
        if found and len(found.bodies) == 1 and not found.groups and not found.unresolved:
            row.body = found.bodies[0]
        row.error = _row_error(row, emails, taken)


def _row_error(row: AccountRow, emails: list[str], taken: set[str]) -> str:
    if not row.name:
        return _("Thiếu họ và tên.")
    if has_control_characters(row.name) or has_control_characters(row.position):
        return name_error()
    try:
        validate_email(row.email)
    except ValidationError:
        return _("E-mail “%s” không hợp lệ.") % row.email if row.email else _("Thiếu e-mail.")
    if emails.count(row.email) > 1:
        return _("E-mail “%s” lặp lại trong tệp.") % row.email
    if row.email in taken:
        return _("E-mail “%s” đã có tài khoản.") % row.email
    if row.body is None:
        return _("Không tìm thấy đơn vị “%s” trong danh mục.") % row.body_text
    if not row.role:
        return _("Vai trò “%s” không rõ (ghi: đầu mối, lãnh đạo hoặc thường trực).") % (
            row.role_text
        )
    return ""


@transaction.atomic
def accounts_create(*, rows: list[AccountRow], user) -> list[User]:
    """Create an account per row, all or none; refused while any row is refused.

    The accounts have no password: each gets a link to set one (``notify.welcome``).
    """
    refused = [row for row in rows if row.error]
    if refused:
        raise ValidationError(
            _("Chưa tạo tài khoản nào: %(count)d dòng bị từ chối (dòng %(lines)s).")
            % {"count": len(refused), "lines": ", ".join(str(row.line) for row in refused)}
        )
    for row in rows:  # the office imports body roles; never one above the importer's
        check_role_change(actor=user, account=None, role=row.role)
    created = []
    for row in rows:
        family, _sep, given = row.name.rpartition(" ")
        account = User(
            username=row.email,
            email=row.email,
            last_name=family,
            first_name=given,
            phone=row.phone,
            body=row.body,
            role=row.role,
            position=row.position,
        )
        account.set_unusable_password()
        account.full_clean()
        audit(account, user, "accounts.user.imported")
        account.save()
        created.append(account)
    return created
