"""The URLs of the pages that combine several areas.

Each page keeps the path and the name it has always had in its area's namespace
(``accounts:office_home``, ``bodies:detail``, ``plans:detail``, ``reporting:board``…):
``config/urls.py`` mounts the list of ``AREAS[area]`` under that area's prefix and
namespace, beside the area's own ``urls.py``. ``urlpatterns``: outside any namespace.
"""

from django.urls import path

from .views import board, bodies, homes, password_reset, plans

urlpatterns = [
    path("", homes.home, name="home"),
]

AREAS = {
    "accounts": [
        path("thuong-truc/", homes.office_home, name="office_home"),
        path("tong-quan/", homes.viewer_home, name="viewer_home"),
        path("quen-mat-khau/", password_reset.password_reset, name="password_reset"),
    ],
    "bodies": [
        path("", bodies.body_list, name="list"),
        path("<int:body_id>/", bodies.body_detail, name="detail"),
        path("<int:body_id>/uy-quyen/<int:user_id>/", bodies.body_delegate, name="delegate"),
    ],
    "plans": [
        path("<int:plan_id>/", plans.plan_detail, name="detail"),
        path("nhiem-vu/<int:task_id>/", plans.task_detail, name="task"),
        path("chi-tieu/<int:indicator_id>/", plans.indicator_detail, name="indicator"),
    ],
    "reporting": [
        path("ky/<int:period_id>/", board.board, name="board"),
        path("ky/<int:period_id>/nhac/", board.board_chase, name="board_chase"),
    ],
}
