"""The province data set in a throw-away database, for the benchmarks that need Django.

    with province(database_url, seed=1) as (dataset, where):
        ...  # Django is set up, the data set is built (``theodoi benchdata``)

Without ``database_url`` the database is SQLite in a new temporary directory
(``THEODOI_VAR``), never a database that matters, removed at the end with the
directory. With it, the database must be empty (``theodoi benchdata`` refuses
one with plans); it is migrated, filled, and emptied again at the end (``flush``),
so that the next benchmark can use it too.

``scale`` makes the province that many times larger (``theodoi benchdata --scale``);
``rollup`` computes the dashboard's stored figures after building.

Django is set up once per process: ``python -m bench`` runs each benchmark in a
process of its own.
"""

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager


def setup_django(database_url: str | None) -> str:
    """Settings on a new temporary directory (and its SQLite database), migrated."""
    var = tempfile.mkdtemp(prefix="theodoi-bench-")
    os.environ["THEODOI_VAR"] = var
    os.environ["DJANGO_SETTINGS_MODULE"] = "theodoi.config.settings"
    os.environ.setdefault("SECRET_KEY", "bench-only, a throw-away database")
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)  # never a database that matters
    import django
    from django.conf import settings

    if settings.configured:
        raise SystemExit("bench: Django is already set up in this process")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return var


def database_label() -> str:
    """``SQLite 3.40.1`` or ``PostgreSQL 15.13``: what the figures were measured on."""
    from django.db import connection

    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    major, rest = divmod(connection.pg_version, 10000)
    return f"PostgreSQL {major}.{rest % 100}"


@contextmanager
def province(
    database_url: str | None = None,
    *,
    seed: int = 1,
    scale: int = 1,
    rollup: bool = False,
    say=None,
) -> Iterator[tuple[object, str]]:
    """Django set up on a throw-away (or the given empty) database with the data set built;
    yields (the ``Dataset`` summary, where the database is)."""
    var = setup_django(database_url)
    built = False
    try:
        from django.db import connection

        from theodoi.devtools.management.commands.benchdata import build

        dataset = build(seed=seed, scale=scale, rollup=rollup, say=say)
        built = True
        where = var if connection.vendor == "sqlite" else connection.settings_dict["NAME"]
        yield dataset, where
    finally:
        from django.core.management import call_command
        from django.db import connections

        if database_url and built:
            call_command("flush", interactive=False, verbosity=0)  # empty again
        connections.close_all()
        shutil.rmtree(var, ignore_errors=True)  # the SQLite database with it
