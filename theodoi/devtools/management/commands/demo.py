from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from theodoi.devtools.demo import DEMO_PASSWORD, demo_load


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu: danh mục đơn vị và một tài khoản cho mỗi vai trò (cần THEODOI_DEMO=1)."

    def handle(self, *args, **options):
        try:
            results = demo_load()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        for account, created in results:
            state = "tạo mới" if created else "đã có"
            self.stdout.write(f"  {account.username:<12} {account.role:<7} {state}")
        self.stdout.write(self.style.SUCCESS(f"Mật khẩu các tài khoản mẫu: {DEMO_PASSWORD}"))
