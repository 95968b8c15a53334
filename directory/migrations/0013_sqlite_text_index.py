"""Placeholder for the SQLite full-text index (FTS5); filled in by the search backend work."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("directory", "0012_f16_account_requests")]

    operations = []
