from django.apps import AppConfig


class BodiesConfig(AppConfig):
    name = "theodoi.bodies"
    verbose_name = "Cơ quan, đơn vị"
