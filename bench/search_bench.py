"""Search benchmark: /services/ over 20,000 published listings, timed in-process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nmsrd_searchbench SECRET_KEY=x \\
        .venv/bin/python bench/search_bench.py [--reseed] [--searches 200] [--seed-only]

Migrates the database, seeds 20,000 fictional published listings across every county
and service type (once; --reseed starts over), then times, one request at a time through
the Django test client, the three shapes of issue 14 (a text search with filters, a near
search, a filter-only search; SHAPES below, the same URLs as bench/load.sh) against the
budget (median <= 20 ms, p95 <= 60 ms each), then a random mix of q, county,
service_type, near and open_now. The time is the whole request in-process (middleware,
queries, template), not the network. Prints EXPLAIN ANALYZE of the slowest query shape
and exits non-zero when a shape is over budget. The CPU is what it is: the load average
is printed first, so that figures from a busy machine are read as such.
Refuses SQLite, and refuses a database holding listings that it did not create.
"""

import argparse
import datetime
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import OperationalError, connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from directory.models import (
    County,
    Language,
    Listing,
    OpeningHours,
    Organization,
    Phone,
    Population,
    SearchTerm,
    ServiceType,
)
from directory.rules import geo, vocab  # noqa: E402
from directory.search.index import update_search_vectors  # noqa: E402

LISTINGS = 20_000
MEDIAN_BUDGET_MS = 20
P95_BUDGET_MS = 60
PREFIX = "bench-"

ADJECTIVES = ["Safe", "Sunrise", "Mesa", "Juniper", "Piñon", "River", "Harbor", "Bridge", "Hope", "Esperanza",
              "Sandia", "Sangre", "Llano", "Canyon", "Turquoise", "Cedar", "Aspen", "Valle", "Luz", "Camino"]
NOUNS = {
    "shelter": ["Emergency Shelter", "Safe House", "Refugio"],
    "housing": ["Transitional Housing", "Housing Program", "Apartments"],
    "hotline": ["Crisis Line", "Helpline", "Hotline"],
    "legal-aid": ["Legal Aid", "Legal Clinic", "Asesoría Legal"],
    "immigration": ["Immigration Clinic", "Visa Project", "Immigrant Legal Help"],
    "counseling": ["Counseling Center", "Trauma Therapy", "Consejería"],
    "case-management": ["Advocacy Program", "Case Management", "Family Advocates"],
    "medical": ["Health Clinic", "Street Medicine", "Clínica"],
    "substance-use": ["Recovery House", "Treatment Center", "Recovery Program"],
    "youth": ["Youth Center", "Teen Program", "Drop-In Center"],
    "basic-needs": ["Food Pantry", "Clothing Closet", "Community Pantry"],
    "employment": ["Job Training", "Workforce Program", "Education Center"],
}
SENTENCES = [
    "Confidential help for survivors of trafficking, sexual violence and domestic violence.",
    "Advocates help with safety planning, protective orders and court accompaniment.",
    "Free civil legal help with custody, divorce, housing and public benefits.",
    "Immigration attorneys help survivors apply for T visas, U visas and VAWA self-petitions.",
    "Trauma-focused therapy for adults, teens and children.",
    "Meals, showers, clothing and hygiene kits, no questions asked.",
    "Residential treatment for alcohol and drug addiction with trauma-informed care.",
    "Job readiness classes, GED preparation and paid internships.",
    "A mobile clinic offering free medical care, STI testing and wound care.",
    "Beds for women and children escaping violence, open around the clock.",
    "Navajo-speaking advocates serve families on and off the Navajo Nation.",
    "Drop-in center for young people with meals and a safe adult to talk to.",
]
SENTENCES_ES = [
    "Ayuda confidencial para sobrevivientes de trata y violencia doméstica.",
    "Asesoría legal gratuita en español para trabajadores y familias.",
    "Refugio de emergencia para mujeres y niños.",
    "Terapia centrada en el trauma para adultos y adolescentes.",
    "Comida, ropa y artículos de higiene sin preguntas.",
    "Abogados de inmigración ayudan a solicitar visas T y U.",
]
QUERIES = ["shelter", "refugio", "legal aid", "asesoria legal", "immigration", "inmigración", "t visa",
           "counseling", "consejeria", "food", "comida", "job training", "crisis line", "hotline",
           "sheltr", "counceling", "albuquerqe", "espanola", "las cruces housing", "legal -immigration",
           '"legal aid"', "youth", "recovery", "navajo", "safe house", "trauma therapy", "clinica"]
NEAR = ["87501", "87102", "88001", "87532", "87301", "88201", "87571", "espanola", "Las Cruces", "Albuquerque",
        "gallup", "Farmington", "Taos", "Silver City", "Roswell", "Clovis", "Hobbs", "Socorro"]
OTHER_LANGUAGES = ["nv", "zh", "vi", "ar", "kee", "tew", "zun"]


def check_database() -> None:
    """PostgreSQL only; the benchmark's own database is created when missing."""
    if connection.vendor != "postgresql":
        sys.exit("search_bench needs PostgreSQL: set DATABASE_URL (full-text search is PostgreSQL only).")
    try:
        connection.ensure_connection()
    except OperationalError as error:
        if "does not exist" not in str(error):
            raise
        name = connection.settings_dict["NAME"]
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(name)}")
        print(f"created database {name}")


def seeded() -> bool:
    foreign = Listing.objects.exclude(external_id__startswith=PREFIX).exists()
    if foreign:
        sys.exit("This database holds listings the benchmark did not create; use a database of its own.")
    return Listing.objects.filter(status=Listing.Status.PUBLISHED).count() == LISTINGS


def wipe() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE directory_phone, directory_openinghours, directory_listing_service_types, "
            "directory_listing_counties_served, directory_listing_languages, directory_listing_populations, "
            "directory_listing, directory_historicallisting, directory_organization, "
            "directory_historicalorganization, directory_searchterm RESTART IDENTITY CASCADE"
        )


def hours_for(rng: random.Random) -> tuple[bool, bool, list[tuple[int, str, str]]]:
    """(hotline_24_7, open_24_7, intervals): a realistic mix, some unknown."""
    roll = rng.random()
    if roll < 0.10:
        return True, False, []
    if roll < 0.15:
        return False, True, []
    if roll < 0.70:
        opens, closes = rng.choice([("08:00", "17:00"), ("09:00", "17:00"), ("08:30", "16:30"), ("10:00", "18:00")])
        days = range(5) if rng.random() < 0.8 else range(6)
        return False, False, [(day, opens, closes) for day in days]
    if roll < 0.80:
        return False, False, [(day, "20:00", "02:00") for day in (4, 5)] + [(day, "18:00", "00:00") for day in range(4)]
    return False, False, []


def seed(rng: random.Random) -> None:
    started = time.perf_counter()
    counties = {county.slug: county for county in County.objects.all()}
    types = {t.slug: t for t in ServiceType.objects.all()}
    populations = list(Population.objects.all())
    languages = {
        code: Language.objects.get_or_create(code=code, defaults={"name": code})[0]
        for code in ["en", "es", *OTHER_LANGUAGES]
    }
    zips = list(geo._zip_places().items())
    organizations = Organization.objects.bulk_create(
        [Organization(name=f"{rng.choice(ADJECTIVES)} {town.name} Alliance {n}") for n, (_, town) in
         enumerate(rng.choices(zips, k=LISTINGS // 8))]
    )
    today = timezone.localdate()
    listings, relations = [], []
    for n in range(LISTINGS):
        zip_code, place = rng.choice(zips)
        slugs = rng.sample(list(types), k=rng.choice([1, 1, 2, 2, 3]))
        hotline, always, intervals = hours_for(rng)
        remote = rng.random() < 0.08
        listing = Listing(
            external_id=f"{PREFIX}{n}",
            slug=f"bench-{n}",
            organization=rng.choice(organizations),
            name=f"{rng.choice(ADJECTIVES)} {place.name.title()} {rng.choice(NOUNS[slugs[0]])}",
            description=" ".join(rng.sample(SENTENCES, k=3)),
            description_es=" ".join(rng.sample(SENTENCES_ES, k=2)) if rng.random() < 0.5 else "",
            statewide=rng.random() < 0.02,
            address="" if remote else f"{rng.randint(100, 9999)} Example Way",
            city="" if remote else place.name.title(),
            zip="" if remote else zip_code,
            county=None if remote else counties.get(place.county),
            latitude=None if remote else place.latitude + rng.uniform(-0.03, 0.03),
            longitude=None if remote else place.longitude + rng.uniform(-0.03, 0.03),
            confidential_location=rng.random() < 0.25,
            hotline_24_7=hotline,
            open_24_7=always,
            fees=rng.choice(["free", "free", "sliding-scale", "fee", ""]),
            status=Listing.Status.PUBLISHED,
            last_verified=today - datetime.timedelta(days=rng.randint(0, 700)),
        )
        listing.refresh_distance_point()  # bulk_create skips save()
        served = {place.county} if place.county and not remote else set()
        served |= set(rng.sample(list(counties), k=rng.choice([0, 0, 1, 2])))
        listings.append(listing)
        relations.append((slugs, served, intervals))

    with transaction.atomic():
        Listing.objects.bulk_create(listings, batch_size=2000)
        through = Listing.service_types.through, Listing.counties_served.through
        through[0].objects.bulk_create(
            [through[0](listing=lst, servicetype=types[s]) for lst, (slugs, _, _) in zip(listings, relations)
             for s in slugs], batch_size=5000)
        through[1].objects.bulk_create(
            [through[1](listing=lst, county=counties[c]) for lst, (_, served, _) in zip(listings, relations)
             for c in served], batch_size=5000)
        Listing.languages.through.objects.bulk_create(
            [Listing.languages.through(listing=lst, language=languages[code]) for lst in listings
             for code in ["en", *(["es"] if rng.random() < 0.5 else []),
                          *([rng.choice(OTHER_LANGUAGES)] if rng.random() < 0.1 else [])]], batch_size=5000)
        Listing.populations.through.objects.bulk_create(
            [Listing.populations.through(listing=lst, population=p) for lst in listings
             for p in rng.sample(populations, k=rng.randint(0, 3))], batch_size=5000)
        OpeningHours.objects.bulk_create(
            [OpeningHours(listing=lst, weekday=day, opens=datetime.time.fromisoformat(o),
                          closes=datetime.time.fromisoformat(c))
             for lst, (_, _, intervals) in zip(listings, relations) for day, o, c in intervals], batch_size=5000)
        Phone.objects.bulk_create(
            [Phone(listing=lst, kind=kind, number=f"+1505555{n % 10000:04d}"[:12] if kind != "text" else "233733")
             for n, lst in enumerate(listings) for kind in (["voice"] + (["text"] if n % 3 == 0 else []))],
            batch_size=5000)
        ids = [listing.pk for listing in listings]
        for start in range(0, len(ids), 2000):
            update_search_vectors(ids[start : start + 2000])
    with connection.cursor() as cursor:
        # What autovacuum would soon do: planner statistics, and a visibility map so
        # that index-only scans are possible.
        cursor.execute("VACUUM ANALYZE")
    print(f"seeded {LISTINGS} listings, {SearchTerm.objects.count()} search terms "
          f"in {time.perf_counter() - started:.0f} s")


# The three shapes of bench/load.sh and of issue 14's budget, each a few variants so that
# no one plan or page is all that is measured. The first of each is the outside
# benchmark's URL; /es/ variants render the Spanish cards and form.
SHAPES = {
    "text+filter": [
        "/services/?q=legal&county=bernalillo&service_type=legal-aid",
        "/services/?q=shelter&county=dona-ana&service_type=shelter",
        "/es/services/?q=refugio&county=santa-fe&service_type=shelter",
        "/services/?q=counseling&county=san-juan&language=es",
        "/services/?q=asesoria+legal&service_type=legal-aid&fees=free",
    ],
    "near": [
        "/services/?near=87501&service_type=shelter",
        "/services/?near=las+cruces&service_type=legal-aid",
        "/es/services/?near=87102&service_type=counseling",
        "/services/?near=gallup&open_now=1",
        "/services/?near=87571&radius=25",
    ],
    "filter-only": [
        "/services/?county=bernalillo&service_type=shelter",
        "/services/?service_type=legal-aid&language=es",
        "/es/services/?county=santa-fe&service_type=counseling",
        "/services/?county=taos&open_now=1",
        "/services/?population=women&fees=free&page=2",
    ],
}


def searches(rng: random.Random, count: int) -> list[dict]:
    """A mix of what people search for: text, county, service type, place, open now."""
    result = []
    for _ in range(count):
        params: dict = {}
        if rng.random() < 0.45:
            params["q"] = rng.choice(QUERIES)
        if rng.random() < 0.3:
            params["county"] = rng.sample(list(vocab.COUNTIES), k=rng.choice([1, 1, 2]))
        if rng.random() < 0.35:
            params["service_type"] = rng.sample(list(vocab.SERVICE_TYPES), k=rng.choice([1, 1, 2]))
        if rng.random() < 0.3:
            params["near"] = rng.choice(NEAR)
            if rng.random() < 0.3:
                params["radius"] = str(rng.choice([10, 25, 100]))
        if rng.random() < 0.2:
            params["open_now"] = "1"
        if rng.random() < 0.05:
            params["page"] = "2"
        result.append(params)
    return result


def describe(params: dict) -> str:
    pairs = [(k, v) for k, values in params.items() for v in (values if isinstance(values, list) else [values])]
    return "&".join(f"{k}={v}" for k, v in pairs)


def percentiles(timings: list[float]) -> tuple[float, float]:
    ordered = sorted(timings)
    return statistics.median(ordered), ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def time_shapes(client: Client, count: int) -> bool:
    """Each shape's median and 95th percentile, one request at a time, against the budget."""
    within = True
    for shape, urls in SHAPES.items():
        for url in urls:  # warm up: this worker's templates, place tables and data caches
            assert client.get(url, secure=True).status_code == 200, url
        timings = []
        for n in range(count):
            url = urls[n % len(urls)]
            started = time.perf_counter()
            response = client.get(url, secure=True)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (response.status_code, url)
        median, p95 = percentiles(timings)
        ok = median <= MEDIAN_BUDGET_MS and p95 <= P95_BUDGET_MS
        within &= ok
        print(f"  {shape:12} median {median:5.1f} ms, p95 {p95:5.1f} ms, max {max(timings):6.1f} ms"
              f"  ({count} requests over {len(urls)} URLs) {'within' if ok else 'OVER'}")
    return within


def run(count: int) -> None:
    rng = random.Random(20260308)
    client = Client()
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        jit = cursor.fetchone()[0]
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(f"PostgreSQL jit={jit}; load average {load} on {os.cpu_count()} CPUs")
    print(f"the three shapes over {LISTINGS} listings (budget: median {MEDIAN_BUDGET_MS} ms, p95 {P95_BUDGET_MS} ms):")
    within = time_shapes(client, count)

    plan = searches(rng, count)
    for params in plan[:10]:  # warm up the mix's own templates and places
        client.get("/services/", params, secure=True)
    timings = []
    for params in plan:
        started = time.perf_counter()
        response = client.get("/services/", params, secure=True)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code in (200, 400), (response.status_code, params)
    median, p95 = percentiles(timings)
    print(f"\na random mix of {count} searches: median {median:.1f} ms, p95 {p95:.1f} ms, max {max(timings):.1f} ms")
    slowest = sorted(zip(timings, plan), key=lambda pair: -pair[0])[:5]
    for ms, params in slowest:
        print(f"  {ms:7.1f} ms  /services/?{describe(params)}")

    # Group every query of the mix by shape (its SQL without the literals); the shape
    # with the highest mean time has its slowest instance re-run under EXPLAIN ANALYZE.
    shapes: dict[str, list[tuple[float, str, dict]]] = {}
    for params in plan:
        with CaptureQueriesContext(connection) as queries:
            client.get("/services/", params, secure=True)
        for query in queries.captured_queries:
            shape = re.sub(r"'[^']*'|\b\d+(\.\d+)?\b", "?", query["sql"])
            shape = re.sub(r"\?(\s*,\s*\?)+", "?", shape)  # IN lists of any length
            shapes.setdefault(shape, []).append((float(query["time"]) * 1000, query["sql"], params))
    print("\nslowest query shapes (mean ms, count, start of SQL):")
    by_mean = sorted(shapes.values(), key=lambda runs: -statistics.mean(ms for ms, _, _ in runs))
    for runs in by_mean[:5]:
        print(f"  {statistics.mean(ms for ms, _, _ in runs):7.1f} ms x{len(runs):<4} {runs[0][1][:110]}")
    ms, sql, params = max(by_mean[0], key=lambda run: run[0])
    print(f"\nslowest instance of the slowest shape: {ms:.1f} ms, from /services/?{describe(params)}\n{sql}\n")
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        print("\n".join(row[0] for row in cursor.fetchall()))
    print(f"\nthe three shapes: {'within' if within else 'OVER'} budget")
    if not within:
        sys.exit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reseed", action="store_true", help="delete the benchmark's listings and seed again")
    parser.add_argument("--searches", type=int, default=200, help="requests per shape, and in the mix")
    parser.add_argument("--seed-only", action="store_true", help="seed (when needed) and stop: bench/load.sh uses this")
    args = parser.parse_args()
    check_database()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)  # pages link the hashed CSS and JS
    if args.reseed or not seeded():
        wipe()
        seed(random.Random(2026))
    if not args.seed_only:
        run(args.searches)


if __name__ == "__main__":
    main()
