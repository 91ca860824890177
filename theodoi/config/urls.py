from django.contrib import admin
from django.urls import include, path

from theodoi.accounts import views as account_views
from theodoi.core import views as core_views

urlpatterns = [
    path("", account_views.home, name="home"),
    path("", include("theodoi.accounts.urls")),
    path("", include("theodoi.core.urls")),
    path("don-vi/", include("theodoi.bodies.urls")),
    path("ke-hoach/", include("theodoi.plans.urls")),
    path("bao-cao/", include("theodoi.reporting.urls")),
    path("thong-bao/", include("theodoi.notify.views")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("quan-tri/", admin.site.urls),
]

handler403 = core_views.error_403
handler404 = core_views.error_404
handler500 = core_views.error_500
