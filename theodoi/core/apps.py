import sqlite3

from django.apps import AppConfig
from django.db.backends.signals import connection_created


def use_sqlite_runtime_limits(sender, connection, **kwargs):
    """Let Django use as many query parameters as this SQLite allows (250,000 on
    Debian 12) instead of the 999 Django 5.2 assumes: a bulk insert of a thousand
    notifications is then one query, not twenty-two."""
    if connection.vendor == "sqlite":
        limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        connection.features.max_query_params = limit


class CoreConfig(AppConfig):
    name = "theodoi.core"
    verbose_name = "Lõi"

    def ready(self):
        connection_created.connect(use_sqlite_runtime_limits)
