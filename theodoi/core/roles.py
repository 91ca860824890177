"""A user's role, one enum for the whole project.

It lives in ``core`` (the lowest layer) so that the access rules here compare
roles with the enum, never with strings; ``accounts.models.User.role`` uses it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICE = "office", _("Thường trực (cơ quan thường trực)")
    FOCAL = "focal", _("Đầu mối của đơn vị")
    HEAD = "head", _("Lãnh đạo đơn vị")
    VIEWER = "viewer", _("Lãnh đạo Ban Chỉ đạo, thành viên")
    ADMIN = "admin", _("Quản trị hệ thống")


OFFICE_ROLES = {Role.OFFICE, Role.ADMIN}
BODY_ROLES = {Role.OFFICE, Role.FOCAL, Role.HEAD}  # an account of one body
WRITER_ROLES = {Role.FOCAL, Role.HEAD}  # who writes the body's report
