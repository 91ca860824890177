from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Chạy máy chủ web cho môi trường thật (waitress): theodoi serve "
        "[--host 0.0.0.0] [--port 8000] [--threads 8]. Đặt sau một reverse proxy có HTTPS."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args, host, port, threads, **options):
        from waitress import serve

        from theodoi.config.wsgi import application

        if settings.DEBUG:
            self.stderr.write("Cảnh báo: THEODOI_DEBUG đang bật; hãy tắt trên máy thật.")
        self.stdout.write(f"theodoi: http://{host}:{port}/ ({threads} luồng)")
        serve(
            application,
            host=host,
            port=port,
            threads=threads,
            ident="theodoi",
            # A body sent without Content-Length (chunked) is refused above the same size.
            max_request_body_size=settings.THEODOI_REQUEST_MAX_BYTES,
        )
