from django.core.management.base import BaseCommand

from theodoi.importer import cli


class Command(BaseCommand):
    help = "Đọc văn bản kế hoạch (.txt, .docx, .pdf, .xlsx): theodoi parse FILE [--json]"

    def run_from_argv(self, argv):
        # ``theodoi parse`` never reaches here (theodoi.cli runs the importer without
        # Django); this keeps ``theodoi help`` listing it and ``manage.py parse`` working.
        raise SystemExit(cli.main(argv[2:]))
