"""``theodoi restore PATH [--force]``: puts a backup back, after checking all of it."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from theodoi.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Phục hồi một bản sao lưu của theodoi backup: kiểm tra toàn bộ tệp trước, rồi thay "
        "cơ sở dữ liệu và thư mục tệp tải lên, rồi đếm lại số dòng từng bảng. Từ chối cơ sở "
        "dữ liệu đích đang có dữ liệu, trừ khi có --force. Hãy dừng máy chủ, worker và "
        "scheduler trước. Xem docs/backup.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="tệp .tar của theodoi backup")
        parser.add_argument(
            "--force", action="store_true", help="thay cả một cơ sở dữ liệu đang có dữ liệu"
        )

    def handle(self, *args, path, force, **options):
        try:
            result = backup_restore(path, force=force, progress=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from None
        for table, count in sorted(result.counts.items()):
            self.stdout.write(f"  {table}: {count}")
        self.stdout.write(
            _(
                "Đã phục hồi %(path)s: %(tables)s bảng, %(rows)s dòng, %(files)s tệp; "
                "số dòng khớp manifest."
            )
            % {
                "path": path,
                "tables": len(result.counts),
                "rows": sum(result.counts.values()),
                "files": result.files,
            }
        )
