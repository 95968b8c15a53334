"""The SQLite full-text index (FTS5) that the embedded default searches with.

Created and filled from the listings already there (a demo database made before this
migration would otherwise find nothing); nothing on PostgreSQL, which searches its own
stored vectors (0003, 0004, 0011).
"""

from django.db import migrations

from directory.search.backends import sqlite


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(sqlite.CREATE_SQL)
            sqlite.index_all(cursor)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(sqlite.DROP_SQL)


class Migration(migrations.Migration):
    dependencies = [("directory", "0012_f16_account_requests")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
