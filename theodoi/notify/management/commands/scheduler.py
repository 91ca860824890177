"""``theodoi scheduler``: each minute, put in the outbox the reminders that are due.

A long-running process (``make run`` starts it; ``docs/deploy.md`` has its systemd
unit). ``--once`` runs one tick and exits, for a cron line or a systemd timer
instead. Running two schedulers at once is harmless: every notice has a unique
key in the database, so the second one finds nothing left to make.

Each tick also gives the plans for several years the periods of a new year
(``periods_roll_over``), takes back the uploaded plans whose worker stopped
mid-read (``imports_recover``: queued again once, then failed) and tidies the
table of task runs (``theodoi.core.task_runs``) and the password-reset requests
older than the limit's hour.
"""

import logging
import time
from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from theodoi.core import clock
from theodoi.core.task_runs import task_runs_tidy
from theodoi.notify.services.reset import reset_requests_prune
from theodoi.notify.services.schedule import tick
from theodoi.plans.services.imports import imports_recover
from theodoi.reporting.services.periods import periods_roll_over

log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Mỗi phút xem việc nhắc nào đến hạn (nhắc trước hạn, quá hạn, tổng hợp tuần) và "
        "đưa vào hộp thư đi để tiến trình nền (theodoi worker) gửi. --once: chạy một lần "
        "rồi thoát (dùng với cron hoặc systemd timer); --at 'YYYY-MM-DD HH:MM': chạy như "
        "thể đang là lúc đó (giờ Việt Nam), để thử. Mỗi lần chạy cũng đưa lại vào hàng "
        "đợi các tệp kế hoạch tải lên mà tiến trình nền bị dừng giữa lúc đọc, và đầu mỗi "
        "năm tạo các kỳ báo cáo của năm mới cho kế hoạch nhiều năm."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Chạy một lần rồi thoát.")
        parser.add_argument("--at", help="Chạy như thể đang là lúc này: 'YYYY-MM-DD HH:MM'.")

    def handle(self, *args, once=False, at=None, **options):
        self.verbosity = options["verbosity"]
        now = _parse_moment(at) if at else None
        if once or now:
            self._tick(now)
            return
        # Stopped by a signal at any moment: a tick is idempotent, so nothing is lost.
        self.stdout.write("Bộ hẹn giờ nhắc việc đang chạy; dừng bằng Ctrl-C.")
        try:
            while True:
                try:
                    self._tick(None)
                except Exception:  # the database away a moment: the next minute catches up
                    log.exception("scheduler tick failed; trying again next minute")
                time.sleep(60 - time.time() % 60)  # on the minute
        except KeyboardInterrupt:
            pass

    def _tick(self, now):
        rolled = periods_roll_over(now)  # first: the new year's reminders need its periods
        result = tick(now)
        recovered = imports_recover(now)
        abandoned, _deleted = task_runs_tidy(now)
        reset_requests_prune(now)
        if abandoned:
            log.warning("%d background task runs lost their worker; marked failed", abandoned)
        if result.created or recovered or rolled or self.verbosity > 1:
            moment = timezone.localtime(clock.now(now))
            line = f"{moment:%d/%m/%Y %H:%M}: {result.created} thông báo mới"
            if recovered:
                line += f"; {recovered} tệp kế hoạch bị dừng giữa lúc đọc được xử lý lại"
            if rolled:
                line += f"; {rolled} kỳ báo cáo của năm mới được tạo"
            self.stdout.write(line)


def _parse_moment(text: str) -> datetime:
    try:
        moment = datetime.strptime(text.strip(), "%Y-%m-%d %H:%M")
    except ValueError as error:
        raise CommandError(
            "--at phải có dạng 'YYYY-MM-DD HH:MM', ví dụ '2026-03-18 07:30'."
        ) from error
    return timezone.make_aware(moment)
