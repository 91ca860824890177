from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "theodoi.notify"
    verbose_name = "Nhắc việc, thông báo"
