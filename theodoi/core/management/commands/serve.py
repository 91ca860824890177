"""``theodoi serve``: the production web server.

On Linux (any system with ``fork``) it is gunicorn with ``gthread`` workers: several
processes, so that the rush of the 25th (every body's officers saving at once) uses
every core; Python runs one thread at a time per process, and one waitress process
used one core. Waitress stays as the fallback where there is no ``fork`` (Windows),
or when asked (``--server waitress``). Why these defaults, and what they carry: the
server section of docs/deploy.md and "Giờ cao điểm" in docs/benchmarks.md.
"""

import os

from django.conf import settings
from django.core.management.base import BaseCommand

HAS_FORK = hasattr(os, "fork")
SERVERS = ["gunicorn", "waitress"]


def default_workers() -> int:
    """One process per core, plus one that works while another waits on the database."""
    return int(os.environ.get("THEODOI_WORKERS") or (os.cpu_count() or 1) + 1)


def default_threads() -> int:
    return int(os.environ.get("THEODOI_THREADS") or 8)


class Command(BaseCommand):
    help = (
        "Chạy máy chủ web cho môi trường thật: theodoi serve [--host 0.0.0.0] [--port 8000] "
        "[--workers N] [--threads 8] [--server gunicorn|waitress]. Đặt sau một reverse proxy "
        "có HTTPS."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--server",
            choices=SERVERS,
            default=os.environ.get("THEODOI_SERVER") or ("gunicorn" if HAS_FORK else "waitress"),
        )
        parser.add_argument(
            "--workers", type=int, default=None, help="số tiến trình (mặc định: số lõi + 1)"
        )
        parser.add_argument("--threads", type=int, default=None, help="số luồng mỗi tiến trình")
        parser.add_argument("--backlog", type=int, default=2048, help="số kết nối chờ nhận tối đa")

    def handle(self, *args, host, port, server, workers, threads, backlog, **options):
        if settings.DEBUG:
            self.stderr.write("Cảnh báo: THEODOI_DEBUG đang bật; hãy tắt trên máy thật.")
        threads = threads or default_threads()
        _close_connections()  # none may be inherited by the worker processes
        if server == "gunicorn" and HAS_FORK:
            workers = workers or default_workers()
            self.stdout.write(
                f"theodoi: http://{host}:{port}/ (gunicorn, {workers} tiến trình × {threads} luồng)"
            )
            self.stdout.flush()
            _gunicorn(host, port, workers=workers, threads=threads, backlog=backlog)
            return
        self.stdout.write(f"theodoi: http://{host}:{port}/ (waitress, {threads} luồng)")
        self.stdout.flush()
        _waitress(host, port, threads=threads, backlog=backlog)


def _close_connections() -> None:
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        connection.close()
        if hasattr(connection, "close_pool"):
            connection.close_pool()


def _waitress(host: str, port: int, *, threads: int, backlog: int) -> None:
    from waitress import serve

    from theodoi.config.wsgi import application

    serve(
        application,
        host=host,
        port=port,
        threads=threads,
        ident="theodoi",
        backlog=backlog,
        # Every browser of the rush keeps its connection open (keep-alive): room for
        # all of them, not waitress's 100.
        connection_limit=max(1000, backlog),
        # A body sent without Content-Length (chunked) is refused above the same size.
        max_request_body_size=settings.THEODOI_REQUEST_MAX_BYTES,
    )


def _gunicorn(host: str, port: int, *, workers: int, threads: int, backlog: int) -> None:
    from gunicorn.app.base import BaseApplication

    from theodoi.config.wsgi import application

    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        # Idle keep-alive connections wait in the worker's poller, not in a thread.
        "worker_connections": 1000,
        "keepalive": 5,
        "backlog": backlog,
        "timeout": 120,  # a report's DOCX/XLSX export may take a while
        "graceful_timeout": 30,
        "proc_name": "theodoi",
        "errorlog": "-",
        "loglevel": "warning",
        "accesslog": None,
        "control_socket_disable": True,
    }

    class Server(BaseApplication):
        def load_config(self):
            for name, value in options.items():
                if name in self.cfg.settings:
                    self.cfg.set(name, value)

        def load(self):
            return application

    Server().run()
