from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    name = "theodoi.devtools"
    verbose_name = "Công cụ thử nghiệm"
