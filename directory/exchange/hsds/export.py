"""Writing the published listings as an HSDS 3.0 tabular data package (the conventions: spec.py)."""

import csv
import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from django.db.models import QuerySet
from django.utils import translation

from directory.exchange.hsds.spec import (
    ACTIVE,
    ADDRESSES,
    ANSWERS_24_7,
    ATTRIBUTES,
    BYDAY,
    DESCRIPTION_ES,
    DESCRIPTOR,
    ELIGIBILITY_ES,
    LANGUAGES,
    LAST_MINUTE,
    LOCATIONS,
    MIDNIGHT,
    OPEN_24_7_DESCRIPTION,
    ORGANIZATIONS,
    OUR_TAXONOMIES,
    PACKAGE_DESCRIPTION,
    PHONE_TYPES,
    PHONES,
    SCHEDULE_NOTES,
    SCHEDULES,
    SERVICE_AREAS,
    SERVICE_AT_LOCATION,
    SERVICES,
    STATEWIDE_AREA,
    STATEWIDE_DESCRIPTION,
    TABLES,
    TAXONOMIES,
    TAXONOMY_DETAILS,
    TAXONOMY_FEES,
    TAXONOMY_NAME_PREFIX,
    TAXONOMY_POPULATIONS,
    TAXONOMY_SERVICE_TYPES,
    TAXONOMY_TERMS,
    TAXONOMY_VERSION,
    WEEKLY,
    Table,
    Taxonomy,
    _county_area_name,
    organization_id_for,
    service_id_for,
    stable_id,
    taxonomy_id_for,
    term_id_for,
)
from directory.exchange.tabular import safe_cell
from directory.models import Listing
from directory.rules import languages, vocab


def export_package(directory: Path) -> dict[str, int]:
    """Write the published listings as an HSDS 3.0 tabular data package; rows written per file."""
    rows = package_rows(Listing.objects.published())
    directory.mkdir(parents=True, exist_ok=True)
    for table in TABLES:
        _write_csv(directory / table.path, table, rows[table.name])
    descriptor = json.dumps(datapackage(), indent=2, ensure_ascii=False) + "\n"
    (directory / DESCRIPTOR).write_text(descriptor, encoding="utf-8")
    return {table.path: len(rows[table.name]) for table in TABLES}


def datapackage() -> dict[str, Any]:
    """The Frictionless tabular data package descriptor: every file, its fields and their types."""
    return {
        "profile": "tabular-data-package",
        "name": "nm-survivor-resource-directory",
        "title": "New Mexico Survivor Resource Directory",
        "description": PACKAGE_DESCRIPTION,
        "resources": [_resource(table) for table in TABLES],
    }


def _resource(table: Table) -> dict[str, Any]:
    fields = []
    for f in table.fields:
        entry: dict[str, Any] = {"name": f.name, "type": f.type, "format": f.format}
        if f.name == "id":
            entry["constraints"] = {"required": True, "unique": True}
        fields.append(entry)
    schema: dict[str, Any] = {"fields": fields, "primaryKey": "id"}
    if table.references:
        schema["foreignKeys"] = [
            {"fields": column, "reference": {"resource": resource, "fields": "id"}}
            for column, resource in table.references
        ]
    return {
        "name": table.name,
        "path": table.path,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }


def _write_csv(path: Path, table: Table, rows: list[dict[str, str]]) -> None:
    columns = table.columns
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, lineterminator="\r\n")  # RFC 4180
        writer.writerow(columns)
        for row in sorted(rows, key=lambda r: r["id"]):
            unknown = row.keys() - set(columns)
            if unknown:
                raise ValueError(f"{table.path} has no column {sorted(unknown)}")
            writer.writerow([safe_cell(row.get(column, "")) for column in columns])


def package_rows(listings: QuerySet) -> dict[str, list[dict[str, str]]]:
    """Rows for every table (by resource name), from these listings, in a fixed number of queries."""
    rows: dict[str, list[dict[str, str]]] = {table.name: [] for table in TABLES}
    organizations: dict[str, dict[str, str]] = {}
    query = listings.select_related("organization", "county").prefetch_related(
        "service_types", "counties_served", "populations", "languages", "phones", "hours"
    )
    with translation.override("en"):
        for listing in query.order_by("pk"):
            service = service_id_for(external_id=listing.external_id, slug=listing.slug)
            organization = organization_id_for(listing.organization.name)
            organizations[organization] = {
                "id": organization,
                "name": listing.organization.name,
                "website": listing.organization.website,
            }
            rows[SERVICES.name].append(_service_row(listing, service, organization))
            for table, row in _place_rows(listing, service, organization):
                rows[table.name].append(row)
            rows[PHONES.name] += _phone_rows(listing, service)
            rows[SCHEDULES.name] += _schedule_rows(listing, service)
            rows[SERVICE_AREAS.name] += _service_area_rows(listing, service)
            rows[LANGUAGES.name] += [
                {
                    "id": stable_id(service, "language", language.code),
                    "service_id": service,
                    "name": languages.english_name(language.code),
                    "code": language.code,
                }
                for language in listing.languages.all()
            ]
            rows[ATTRIBUTES.name] += _attribute_rows(listing, service)
        rows[ORGANIZATIONS.name] = list(organizations.values())
        rows[TAXONOMIES.name], rows[TAXONOMY_TERMS.name] = _taxonomy_rows()
    return rows


def _service_row(listing: Listing, service: str, organization: str) -> dict[str, str]:
    return {
        "id": service,
        "organization_id": organization,
        "name": listing.name,
        "description": listing.description,
        "url": listing.website,
        "email": listing.email,
        "status": ACTIVE,  # only published listings are exported
        "fees_description": str(vocab.FEES[listing.fees]) if listing.fees else "",
        "eligibility_description": listing.eligibility,
        "assured_date": listing.last_verified.isoformat() if listing.last_verified else "",
    }


def _place_rows(listing: Listing, service: str, organization: str) -> list[tuple[Table, dict[str, str]]]:
    """The location, its address and the service_at_location link; none for a confidential place."""
    if listing.confidential_location:
        return []
    place = listing.public_location()
    has_coordinates = place.latitude is not None and place.longitude is not None
    has_address = bool(place.address or place.city or place.zip or place.county)
    if not (has_address or has_coordinates):
        return []  # a remote service
    location = stable_id(service, "location")
    rows: list[tuple[Table, dict[str, str]]] = [
        (
            LOCATIONS,
            {
                "id": location,
                "location_type": "physical",
                "organization_id": organization,
                "name": listing.name,
                "latitude": _number(place.latitude) if has_coordinates else "",
                "longitude": _number(place.longitude) if has_coordinates else "",
            },
        ),
        (
            SERVICE_AT_LOCATION,
            {"id": stable_id(service, "service_at_location"), "service_id": service, "location_id": location},
        ),
    ]
    if has_address:
        address = {
            "id": stable_id(service, "address"),
            "location_id": location,
            "address_1": place.address or "",
            "city": place.city,
            "region": _county_area_name(place.county) if place.county else "",
            "state_province": "NM",
            "postal_code": place.zip or "",
            "country": "US",
            "address_type": "physical",
        }
        rows.append((ADDRESSES, address))
    return rows


def _number(value: float) -> str:
    return repr(float(value))  # the shortest text that reads back as the same float


def _phone_rows(listing: Listing, service: str) -> list[dict[str, str]]:
    rows, seen = [], Counter()
    for phone in listing.phones.all():
        # A number listed twice still needs two ids; identical rows are interchangeable.
        seen[(phone.kind, phone.number)] += 1
        rows.append(
            {
                "id": stable_id(service, "phone", phone.kind, phone.number, seen[(phone.kind, phone.number)]),
                "service_id": service,
                "number": phone.number,
                "type": PHONE_TYPES.get(phone.kind, "voice"),
            }
        )
    return rows


def _schedule_rows(listing: Listing, service: str) -> list[dict[str, str]]:
    if listing.open_24_7:
        intervals = {(MIDNIGHT, LAST_MINUTE): set(range(7))}
    else:
        intervals = defaultdict(set)
        for hours in listing.hours.all():
            intervals[(hours.opens, hours.closes)].add(hours.weekday)
    rows = []
    for (opens, closes), weekdays in intervals.items():
        opens_at, closes_at = f"{opens:%H:%M:%S}", f"{closes:%H:%M:%S}"
        rows.append(
            {
                "id": stable_id(service, "schedule", opens_at, closes_at),
                "service_id": service,
                "freq": WEEKLY,
                "byday": ",".join(BYDAY[day] for day in sorted(weekdays)),
                "description": OPEN_24_7_DESCRIPTION if listing.open_24_7 else "",
                "opens_at": opens_at,
                "closes_at": closes_at,
                "notes": SCHEDULE_NOTES,
            }
        )
    return rows


def _service_area_rows(listing: Listing, service: str) -> list[dict[str, str]]:
    rows = []
    if listing.statewide:
        rows.append(
            {
                "id": stable_id(service, "service_area", "statewide"),
                "service_id": service,
                "name": STATEWIDE_AREA,
                "description": STATEWIDE_DESCRIPTION,
            }
        )
    for county in listing.counties_served.all():
        rows.append(
            {
                "id": stable_id(service, "service_area", county.slug),
                "service_id": service,
                "name": _county_area_name(county.name),
            }
        )
    return rows


def _attribute_rows(listing: Listing, service: str) -> list[dict[str, str]]:
    links: list[tuple[Taxonomy, str, str]] = [(TAXONOMY_SERVICE_TYPES, t.slug, "") for t in listing.service_types.all()]
    links += [(TAXONOMY_POPULATIONS, p.slug, "") for p in listing.populations.all()]
    if listing.fees:
        links.append((TAXONOMY_FEES, listing.fees, ""))
    if listing.hotline_24_7:
        links.append((TAXONOMY_DETAILS, ANSWERS_24_7, ""))
    if listing.description_es:
        links.append((TAXONOMY_DETAILS, DESCRIPTION_ES, listing.description_es))
    if listing.eligibility_es:
        links.append((TAXONOMY_DETAILS, ELIGIBILITY_ES, listing.eligibility_es))
    rows = []
    for taxonomy, code, value in links:
        term = term_id_for(taxonomy, code)
        rows.append(
            {
                "id": stable_id(service, "attribute", term),
                "link_id": service,
                "taxonomy_term_id": term,
                "link_entity": "service",
                "value": value,
            }
        )
    return rows


def _taxonomy_rows() -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Our whole vocabularies, used or not, so that the files do not depend on the data."""
    taxonomies, terms = [], []
    for taxonomy in OUR_TAXONOMIES:
        taxonomy_id = taxonomy_id_for(taxonomy)
        taxonomies.append(
            {
                "id": taxonomy_id,
                "name": TAXONOMY_NAME_PREFIX + taxonomy.name,
                "description": taxonomy.description,
                "version": TAXONOMY_VERSION,
            }
        )
        for code, name in taxonomy.terms.items():
            terms.append(
                {
                    "id": term_id_for(taxonomy, code),
                    "code": code,
                    "name": str(name),
                    "description": str(name),
                    "language": "en",
                    "taxonomy_id": taxonomy_id,
                }
            )
    return taxonomies, terms
