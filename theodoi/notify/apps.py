from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "theodoi.notify"
    verbose_name = "Nhắc việc, thông báo"

    def ready(self):
        """Notices of report steps, comments and new accounts, once these are committed
        (``theodoi.reporting.signals``, ``theodoi.accounts.signals``)."""
        from theodoi.accounts.signals import accounts_created
        from theodoi.reporting.signals import (
            item_commented,
            report_moved,
            report_without_approver,
        )

        from . import receivers

        for signal, receiver in [
            (report_moved, receivers.on_report_moved),
            (report_without_approver, receivers.on_report_without_approver),
            (item_commented, receivers.on_item_commented),
            (accounts_created, receivers.on_accounts_created),
        ]:
            signal.connect(receiver, dispatch_uid=f"notify.{receiver.__name__}")
