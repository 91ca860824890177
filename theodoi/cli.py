"""The ``theodoi`` command: the project's manage.py, plus ``parse`` without Django.

``theodoi parse FILE`` runs the document importer directly (it is plain Python);
every other subcommand is a Django management command.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] == "parse":
        import theodoi.importer.cli

        sys.exit(theodoi.importer.cli.main(argv[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "theodoi.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
