from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "theodoi.reporting"
    verbose_name = "Báo cáo định kỳ"

    def ready(self):
        """A plan's publication or amendment makes (or adjusts) its reporting periods,
        in the plan's transaction (``theodoi.plans.signals``)."""
        from theodoi.plans.signals import plan_amended, plan_published

        from . import receivers

        plan_published.connect(receivers.on_plan_published, dispatch_uid="reporting.published")
        plan_amended.connect(receivers.on_plan_amended, dispatch_uid="reporting.amended")
