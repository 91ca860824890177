from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "theodoi.plans"
    verbose_name = "Kế hoạch"
