from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "theodoi.dashboard"
    verbose_name = "Bảng điều hành"

    def ready(self):
        """The stored figures follow the reports' steps, the publications and the
        scheduler's ticks (``reporting.signals``, ``plans.signals``, ``notify.signals``)."""
        from theodoi.notify.signals import tick_done
        from theodoi.plans.signals import plan_published
        from theodoi.reporting.signals import report_moved

        from . import receivers

        for signal, receiver in [
            (report_moved, receivers.on_report_moved),
            (plan_published, receivers.on_plan_published),
            (tick_done, receivers.on_tick_done),
        ]:
            signal.connect(receiver, dispatch_uid=f"dashboard.{receiver.__name__}")
