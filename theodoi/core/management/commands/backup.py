"""``theodoi backup [--output PATH]``: the database and every uploaded file in one archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from theodoi.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu (SQLite hoặc PostgreSQL) và mọi tệp tải lên vào một tệp .tar "
        "(mặc định var/backups/theodoi-YYYYmmdd-HHMMSS.tar, giờ Việt Nam); chạy được khi máy "
        "chủ đang chạy. Xem docs/backup.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="tệp .tar sẽ ghi (không ghi đè tệp đã có)")

    def handle(self, *args, output=None, **options):
        try:
            path, manifest = backup_create(output=output, progress=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            _("Đã ghi bản sao lưu: %(path)s (%(files)s tệp, %(rows)s dòng).")
            % {
                "path": path,
                "files": len(manifest["files"]) - 1,
                "rows": sum(manifest["tables"].values()),
            }
        )
