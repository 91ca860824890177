from django.core.management.base import BaseCommand

from theodoi.bodies.services import registry_load_defaults


class Command(BaseCommand):
    help = "Nạp danh mục cơ quan, đơn vị và nhóm đơn vị của tỉnh An Giang (chạy lại không đổi gì)."

    def handle(self, *args, **options):
        changed = registry_load_defaults()
        self.stdout.write(self.style.SUCCESS(f"Danh mục đơn vị: {changed} mục mới hoặc thay đổi."))
