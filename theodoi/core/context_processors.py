"""Navigation per role, shown in the base layout."""

from django.urls import reverse
from django.utils.translation import gettext as _

from .access import is_office
from .roles import Role


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [(_("Trang chủ"), reverse("home")), (_("Kế hoạch"), reverse("plans:list"))]
    if is_office(user) or user.role == Role.VIEWER:
        items += [(_("Điều hành"), reverse("dashboard:home"))]
    if is_office(user):
        items += [
            (_("Kỳ báo cáo"), reverse("reporting:boards")),
            (_("Văn bản"), reverse("documents:home")),
            (_("Nhập kế hoạch"), reverse("plans:upload")),
            (_("Cơ quan, đơn vị"), reverse("bodies:list")),
            (_("Nhóm đơn vị"), reverse("bodies:groups")),
            (_("Tài khoản"), reverse("accounts:users")),
            (_("Ngày nghỉ"), reverse("reporting:holidays")),
            (_("Hộp thư đi"), reverse("notify:outbox")),
        ]
    elif user.role in {Role.FOCAL, Role.HEAD} and user.body_id:
        items += [(_("Đơn vị của tôi"), reverse("bodies:detail", args=[user.body_id]))]
    elif user.role == Role.VIEWER:
        items += [(_("Các đơn vị theo dõi"), reverse("accounts:viewer_home"))]
    return {"nav_items": items}
