"""``theodoi worker``: runs the background tasks (reading uploaded plans, sending e-mail, …).

It is django-tasks-db's ``db_worker`` under the project's name, so every option
of that command works here; ``make run`` starts it beside the web server.

Tasks run one at a time in a worker, so e-mail has a queue of its own
(``email``): a long task (a plan document read for minutes, a PDF) never holds
a reminder back. Without ``--queue-name`` the command starts one worker process
per queue of ``QUEUES`` (``default`` and ``email``) and stops them together:
the first Ctrl-C or SIGTERM lets each finish its task, a second one stops them
at once. The processes are in their own process group, so a signal reaches them
only through this command, once (systemd: ``KillMode=mixed``). ``--queue-name
email`` (or ``default``, or ``default,email`` in one process) runs one worker,
as ``db_worker`` does.
"""

import ctypes
import signal
import subprocess
import sys
import time

from django.conf import settings
from django_tasks_db.management.commands import db_worker


def queues(backend_name: str) -> list[str]:
    """The queues of the backend, in the order of its settings."""
    return list(settings.TASKS[backend_name].get("QUEUES") or ["default"])


def _die_with_parent() -> None:
    """In the child: killed with this command (Linux), so that no worker is left behind
    without the command that started it, and killing the command (SIGKILL) kills the
    workers as it would a single one. A SIGTERM is forwarded instead (``run_each``)."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG


class Command(db_worker.Command):
    help = (
        "Chạy các việc nền (đọc văn bản kế hoạch được tải lên, gửi thư, …) từ hàng đợi trong "
        "cơ sở dữ liệu; mỗi hàng đợi ('default' và 'email') một tiến trình, để thư không phải "
        "chờ một việc dài; dừng bằng Ctrl-C (việc đang chạy được làm xong rồi mới dừng). Tùy "
        "chọn chính: --interval GIÂY (chờ bao lâu giữa hai lần xem hàng đợi khi trống, mặc "
        "định 1); --batch (làm hết việc đang chờ rồi thoát); --max-tasks N (thoát sau N việc); "
        "--queue-name TÊN (chỉ chạy hàng đợi này, ví dụ 'email'); --reload/--no-reload (tự "
        "khởi động lại khi mã nguồn đổi, mặc định theo DEBUG); --no-startup-delay (bỏ khoảng "
        "chờ ngẫu nhiên lúc khởi động); --worker-id (tên riêng khi chạy nhiều tiến trình)."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        # No default: without the option, one process per queue (``handle``).
        parser.set_defaults(queue_name=None)

    def handle(self, *args, **options):
        if options["queue_name"]:
            return super().handle(*args, **options)
        names = queues(options["backend_name"])
        if len(names) == 1:
            return super().handle(*args, **{**options, "queue_name": names[0]})
        sys.exit(self.run_each(names, options))

    def run_each(self, names: list[str], options: dict) -> int:
        """One ``theodoi worker --queue-name Q`` per queue; returns the exit code."""
        children = [
            subprocess.Popen(
                self.child_command(name, options), process_group=0, preexec_fn=_die_with_parent
            )
            for name in names
        ]
        signals = []

        def forward(signum, frame):
            signals.append(signum)
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)  # the second one stops it at once

        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, forward)
        try:
            while all(child.poll() is None for child in children):
                time.sleep(0.2)
            if not (options["batch"] or options["max_tasks"] or signals):
                forward(signal.SIGTERM, None)  # one died: stop the other, let systemd restart
            # Stopped by the SIGTERM sent before it was ready to catch it: a clean stop too.
            stopped = -signal.SIGTERM if signals else None
            codes = [child.wait() for child in children]
            return max((abs(code) for code in codes if code != stopped), default=0)
        finally:
            for child in children:
                if child.poll() is None:
                    child.kill()

    @staticmethod
    def child_command(queue: str, options: dict) -> list[str]:
        command = [sys.executable, "-m", "theodoi", "worker", "--queue-name", queue]
        command += ["--interval", str(options["interval"]), "--backend", options["backend_name"]]
        command += ["--worker-id", f"{options['worker_id'][:57]}-{queue}"[:64]]
        command += ["--verbosity", str(options["verbosity"])]
        command.append("--reload" if options["reload"] else "--no-reload")
        if options["batch"]:
            command.append("--batch")
        if options["max_tasks"]:
            command += ["--max-tasks", str(options["max_tasks"])]
        if not options["startup_delay"]:
            command.append("--no-startup-delay")
        for name in ("settings", "pythonpath"):
            if options.get(name):
                command += [f"--{name}", options[name]]
        return command
