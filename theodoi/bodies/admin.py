from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Body, Group


@admin.register(Body)
class BodyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "code", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "aliases"]


@admin.register(Group)
class GroupAdmin(SimpleHistoryAdmin):
    list_display = ["name", "rule"]
    filter_horizontal = ["members"]
