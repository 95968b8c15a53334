from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

# Spanish and English configurations that drop accents before stemming, so that
# "asesoria" and "asesoría" (or "espanola" and "Española") stem alike.
CREATE = """
CREATE TEXT SEARCH CONFIGURATION directory_es (COPY = pg_catalog.spanish);
ALTER TEXT SEARCH CONFIGURATION directory_es
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem;
CREATE TEXT SEARCH CONFIGURATION directory_en (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION directory_en
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
"""
DROP = """
DROP TEXT SEARCH CONFIGURATION IF EXISTS directory_es;
DROP TEXT SEARCH CONFIGURATION IF EXISTS directory_en;
"""


def on_postgres(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_vocabularies")]
    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunPython(on_postgres(CREATE), on_postgres(DROP)),
    ]
