"""A version of the public data that changes when any transaction that wrote it commits.

Facet counts are taken from an index of the published listings that is built once per
version (directory/facets.py). The version lives in the database, not in a process, so
that every app server sees a change at once, and it is changed by triggers, so that
every write path changes it: admin, import, review, HSDS, even SQL typed into psql.

The triggers are deferred to the commit and change the version once per transaction, so
a writer takes the version row's lock last, after every row it writes, and holds it only
for the moment of its commit: writers do not queue on it for the length of their
transactions, and a version is never visible before the data it stands for. A random
UUID rather than a counter: a rolled-back or restored database never reuses a version
that an old cached index was built for.
"""

from django.db import migrations

TABLES = [
    "directory_listing",
    "directory_listing_service_types",
    "directory_listing_counties_served",
    "directory_listing_languages",
    "directory_listing_populations",
    "directory_county",
    "directory_servicetype",
    "directory_population",
    "directory_language",
]

CREATE = """
CREATE TABLE directory_publicdataversion (
    id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    version uuid NOT NULL DEFAULT gen_random_uuid()
);
INSERT INTO directory_publicdataversion DEFAULT VALUES;
CREATE FUNCTION directory_public_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('directory.public_data_changed', true), '') <> 'yes' THEN
        PERFORM set_config('directory.public_data_changed', 'yes', true);
        UPDATE directory_publicdataversion SET version = gen_random_uuid();
    END IF;
    RETURN NULL;
END $$;
""" + "".join(
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
) + """
DROP FUNCTION IF EXISTS directory_public_data_changed();
DROP TABLE IF EXISTS directory_publicdataversion;
"""


def on_postgres(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("directory", "0007_published_cover_index")]
    operations = [migrations.RunPython(on_postgres(CREATE), on_postgres(DROP))]
