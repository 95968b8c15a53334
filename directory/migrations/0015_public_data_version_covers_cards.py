"""The public data version (0008) also changes with organizations, phones and opening hours.

A result card is rendered once per version of the public data and language
(directory/web/cards.py), and a card shows the organization's name, the phone numbers
and the weekly hours: tables that 0008's triggers did not watch, because the facet index
needs none of them. A renamed organization or a new phone number written on its own
(the admin, an import, psql) must reach the cards too, so these tables change the
version the same way, once per committing transaction.
"""

from django.db import migrations

TABLES = ["directory_organization", "directory_phone", "directory_openinghours"]

CREATE = "".join(
    f"""
CREATE CONSTRAINT TRIGGER {table}_public_data_changed
    AFTER INSERT OR UPDATE OR DELETE ON {table}
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION directory_public_data_changed();
CREATE TRIGGER {table}_public_data_truncated
    AFTER TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION directory_public_data_changed();
"""
    for table in TABLES
)

DROP = "".join(
    f"DROP TRIGGER IF EXISTS {table}_public_data_changed ON {table};"
    f"DROP TRIGGER IF EXISTS {table}_public_data_truncated ON {table};"
    for table in TABLES
)


def on_postgres(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("directory", "0014_one_code_per_language")]
    operations = [migrations.RunPython(on_postgres(CREATE), on_postgres(DROP))]
