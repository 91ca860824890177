from django.urls import path

from . import views

app_name = "bodies"
urlpatterns = [
    path("them/", views.body_edit, name="create"),
    path("<int:body_id>/sua/", views.body_edit, name="edit"),
    path("nhom/", views.group_list, name="groups"),
    path("nhom/<int:group_id>/sua/", views.group_edit, name="group_edit"),
    path("xuat.<str:fmt>", views.registry_export, name="export"),
    path("nhap/", views.registry_import, name="import"),
    path("tra-cuu/", views.resolve_preview, name="resolve"),
]
