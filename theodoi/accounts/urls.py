from django.urls import path

from . import import_views, views

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.login, name="login"),
    path("dang-xuat/", views.logout, name="logout"),
    path("quen-mat-khau/da-gui/", views.password_reset_done, name="password_reset_done"),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("dat-lai-mat-khau/xong/", views.password_reset_complete, name="password_reset_complete"),
    path("doi-mat-khau/", views.password_change, name="password_change"),
    path("tai-khoan/", views.user_list, name="users"),
    path("tai-khoan/them/", views.user_edit, name="user_create"),
    path("tai-khoan/nhap/", import_views.accounts_import, name="import"),
    path("tai-khoan/nhap/mau.xlsx", import_views.accounts_template, name="import_template"),
    path("tai-khoan/<int:user_id>/sua/", views.user_edit, name="user_edit"),
]
