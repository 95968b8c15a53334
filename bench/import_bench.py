"""Times `manage.py import_listings` on 20,000 generated rows: creating them, re-importing the
same file (every row unchanged: no history row, no new data version), then updating them all.

PRODUCT.md asks for 20,000 rows in under a minute. Not part of the test suite. It
deletes every listing and organization in the configured database, so point it at a
PostgreSQL database of its own (created empty with `createdb`; it migrates it):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nmsrd_importbench SECRET_KEY=x \\
        .venv/bin/python bench/import_bench.py [--rows 20000]
"""

import argparse
import csv
import datetime
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

import zipcodes  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from directory.exchange.csv_import import COLUMNS  # noqa: E402
from directory.models import Listing, OpeningHours, Organization, Phone  # noqa: E402
from directory.rules import geo, vocab  # noqa: E402
from directory.search.facets import public_data_version  # noqa: E402

HOURS = [
    "Mon-Fri 09:00-17:00",
    "Mon-Fri 08:00-12:00; Mon-Fri 13:00-17:00; Sat 10:00-14:00",
    "Fri 20:00-02:00",
    "24/7",
    "",
]
LANGUAGES = ["en", "en;es", "es;nv", "en;es;vi", ""]
POPULATIONS = list(vocab.POPULATIONS)


def zips_by_county() -> dict[str, list[str]]:
    by_county: dict[str, list[str]] = {}
    for row in zipcodes.filter_by(state="NM"):
        place = geo.zip_place(row["zip_code"])
        if place and place.county:
            by_county.setdefault(place.county, []).append(row["zip_code"])
    return by_county


def generate_rows(count: int) -> list[dict[str, str]]:
    """Valid rows across every county and service type, with a mix of every optional column."""
    counties, service_types = list(vocab.COUNTIES), list(vocab.SERVICE_TYPES)
    zips = zips_by_county()
    today = timezone.localdate()
    rows = []
    for n in range(count):
        county = counties[n % len(counties)]
        county_zips = zips.get(county, [])
        zip_code = county_zips[n % len(county_zips)] if county_zips else ""
        place = geo.zip_place(zip_code) if zip_code else None
        neighbour = counties[(n + 1) % len(counties)]
        rows.append(
            {
                "external_id": f"bench-{n:06d}",
                "organization": f"Bench Organization {n % 2000}",
                "name": f"Bench Service {n}",
                "description": f"Generated listing number {n} for timing imports.",
                "description_es": "Servicio generado para medir importaciones." if n % 2 else "",
                "service_types": ";".join({service_types[n % 12], service_types[(n * 7 + 3) % 12]}),
                "counties_served": "statewide" if n % 10 == 0 else f"{county};{neighbour}",
                "county": county if n % 3 else "",  # else from the ZIP
                "address": f"{n} Example Way",
                "city": place.name.title() if place else "",
                "zip": zip_code,
                "confidential_location": "yes" if n % 7 == 0 else "no",
                "latitude": f"{place.latitude + 0.001:.5f}" if place and n % 2 else "",
                "longitude": f"{place.longitude - 0.001:.5f}" if place and n % 2 else "",
                # Distinct numbers, as in real data (the 555-01xx fictional range has only 100).
                "phone": f"(505) {200 + n // 10_000}-{n % 10_000:04d}",
                "text": "233733" if n % 5 == 0 else "",
                "tty": f"575-{300 + n // 10_000}-{n % 10_000:04d}" if n % 4 == 0 else "",
                # Answering 24/7 with hours of some days only is refused: only with 24/7 or no hours.
                "hotline_24_7": "yes" if n % 6 == 0 and HOURS[n % len(HOURS)] in ("24/7", "") else "no",
                "hours": HOURS[n % len(HOURS)],
                "languages": LANGUAGES[n % len(LANGUAGES)],
                "populations": ";".join(POPULATIONS[n % len(POPULATIONS) : n % len(POPULATIONS) + 2]),
                "website": f"https://example.org/bench/{n}",
                "email": f"bench{n}@example.org",
                "fees": ["free", "sliding-scale", "fee", ""][n % 4],
                "eligibility": "Anyone in New Mexico.",
                "status": "published" if n % 3 else "draft",
                "last_verified": (today - datetime.timedelta(days=n % 500)).isoformat(),
            }
        )
    return rows


def write_csv(rows: list[dict[str, str]], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


def flush_listings() -> None:
    # TRUNCATE, not delete(): deleting 20,000 listings through the ORM writes a history row each.
    models = [Listing, Phone, OpeningHours, Organization, Listing.history.model, Organization.history.model]
    m2m = [
        Listing._meta.get_field(name).remote_field.through
        for name in ("service_types", "counties_served", "languages", "populations")
    ]
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in [*models, *m2m])
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")


def timed_import(path: Path) -> tuple[float, str]:
    out = io.StringIO()
    start = time.perf_counter()
    call_command("import_listings", str(path), stdout=out)
    return time.perf_counter() - start, out.getvalue().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Refusing to run: set DATABASE_URL to a PostgreSQL database this benchmark may wipe.")
    call_command("migrate", verbosity=0)
    flush_listings()
    with tempfile.TemporaryDirectory() as directory:
        path, changed_path = Path(directory) / "bench.csv", Path(directory) / "changed.csv"
        rows = generate_rows(args.rows)
        write_csv(rows, path)
        write_csv([{**row, "eligibility": "Adults in New Mexico."} for row in rows], changed_path)
        created, created_line = timed_import(path)
        history, version = Listing.history.count(), public_data_version()
        unchanged, unchanged_line = timed_import(path)
        new_history, same_version = Listing.history.count() - history, public_data_version() == version
        updated, updated_line = timed_import(changed_path)
    assert Listing.objects.count() == args.rows, "re-import must not duplicate listings"
    assert Listing.objects.filter(search_vector__isnull=True).count() == 0
    # Other work on the machine slows both runs: the load average says how much there was.
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"create {args.rows:,} rows: {created:.1f} s ({created_line})")
    print(
        f"re-import the same {args.rows:,} rows: {unchanged:.1f} s ({unchanged_line}); "
        f"{new_history} history rows, data version {'unchanged' if same_version else 'CHANGED'}"
    )
    print(f"update {args.rows:,} rows: {updated:.1f} s ({updated_line})")
    counties = Listing.objects.values("county").distinct().count()
    types = Listing.service_types.through.objects.values("servicetype").distinct().count()
    phones, hours = Phone.objects.count(), OpeningHours.objects.count()
    print(f"({counties} counties, {types} service types, {phones:,} phones, {hours:,} opening hours)")


if __name__ == "__main__":
    main()
