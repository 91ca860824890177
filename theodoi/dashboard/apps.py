from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "theodoi.dashboard"
    verbose_name = "Bảng điều hành"
