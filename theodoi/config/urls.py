from importlib import import_module

from django.contrib import admin
from django.urls import include, path

from theodoi.core.views import error_403, error_404, error_500
from theodoi.pages.urls import AREAS


def area(name: str):
    """An area's ``urls.py`` and the combined pages (``theodoi.pages``) that keep a
    name in its namespace, under one namespace: ``reverse("bodies:detail")``."""
    own = import_module(f"theodoi.{name}.urls")
    return include(([*own.urlpatterns, *AREAS.get(name, [])], own.app_name))


urlpatterns = [
    path("", include("theodoi.pages.urls")),
    path("", area("accounts")),
    path("", include("theodoi.core.urls")),
    path("don-vi/", area("bodies")),
    path("ke-hoach/", area("plans")),
    path("bao-cao/", area("reporting")),
    path("thong-bao/", include("theodoi.notify.urls")),
    path("van-ban/", include("theodoi.documents.urls")),
    path("dieu-hanh/", include("theodoi.dashboard.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("quan-tri/", admin.site.urls),
]

handler403 = error_403
handler404 = error_404
handler500 = error_500
