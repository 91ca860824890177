from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import User


@admin.register(User)
class TheodoiUserAdmin(UserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "email", "role", "body", "is_active"]
    list_filter = ["role", "is_active"]
    fieldsets = [
        *UserAdmin.fieldsets,
        ("Đơn vị và vai trò", {"fields": ["body", "role", "position", "overseen_bodies"]}),
    ]
    filter_horizontal = ["overseen_bodies", "groups", "user_permissions"]
