from django.core.management.base import BaseCommand

from theodoi.reporting.services.calendar import DEFAULT_YEARS, holidays_load


class Command(BaseCommand):
    help = "Nạp ngày nghỉ lễ, Tết và ngày làm việc bù của các năm (không ghi đè ngày đã có)."

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, nargs="+", default=list(DEFAULT_YEARS))

    def handle(self, *args, years, **options):
        added = holidays_load(years=years)
        self.stdout.write(f"Đã thêm {added} ngày ({', '.join(map(str, years))}).")
