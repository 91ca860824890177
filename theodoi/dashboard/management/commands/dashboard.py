"""``theodoi dashboard --refresh [--plan ID]``: recompute the stored figures of every
period (of one plan), e.g. after an upgrade or a restore. The figures otherwise follow
the reports' steps and the scheduler's ticks by themselves (``dashboard.receivers``)."""

from django.core.management.base import BaseCommand, CommandError

from theodoi.plans.models import Plan, PlanStatus
from theodoi.reporting.models import Period

from ...services.rollup import period_rollup


class Command(BaseCommand):
    help = (
        "Bảng điều hành. --refresh: tính lại số liệu lưu sẵn của mọi kỳ báo cáo của các "
        "kế hoạch đã ban hành (--plan ID: chỉ kế hoạch đó)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--refresh", action="store_true", help="Tính lại mọi kỳ báo cáo.")
        parser.add_argument("--plan", type=int, help="Chỉ kế hoạch có mã này.")

    def handle(self, *args, refresh=False, plan=None, **options):
        if not refresh:
            raise CommandError("Hãy chọn --refresh.")
        plans = Plan.objects.filter(status=PlanStatus.PUBLISHED)
        if plan is not None:
            plans = plans.filter(pk=plan)
            if not plans.exists():
                raise CommandError(f"Không có kế hoạch đã ban hành mã {plan}.")
        periods = list(Period.objects.filter(plan__in=plans).order_by("plan_id", "cutoff"))
        for n, period in enumerate(periods, start=1):
            period_rollup(period)
            self.stdout.write(f"{n}/{len(periods)} kế hoạch {period.plan_id} — {period.label}")
        self.stdout.write(f"Đã tính lại {len(periods)} kỳ báo cáo.")
