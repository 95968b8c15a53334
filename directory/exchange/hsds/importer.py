"""Reading an HSDS 3.0 tabular data package back into listings, all or nothing (the conventions: spec.py)."""

from dataclasses import dataclass, field
from pathlib import Path

from directory.exchange.hsds.reading import Problem, read_package
from directory.exchange.hsds.spec import IMPORTED_PREFIX, SERVICES, service_id_for
from directory.exchange.hsds.validation import Service, Validator, always_open
from directory.listings.writer import (
    ListingChange,
    ListingsRefused,
    WriteResult,
    phones_by_kind,
    save_listings,
)
from directory.models import Listing

CHANGE_REASON = "HSDS import"


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def import_package(directory: Path) -> ImportReport:
    """Read an HSDS package into listings: every service or none, every problem reported at once.

    A service becomes the listing with external_id `hsds:<service id>` (or the listing it was
    exported from), created or updated in place. Rows of the package that describe things we
    do not list (a phone of an organization, a postal address) are passed over.
    """
    files, problems = read_package(directory)
    if problems:
        # Rows cannot be checked against files or columns that are not there.
        return ImportReport(errors=[str(p) for p in problems])
    validator = Validator(files)
    services = validator.run()
    if validator.problems:
        return ImportReport(errors=[str(p) for p in validator.problems])
    numbers = [service.number for service in services.values()]
    try:
        result = _write(services)
    except ListingsRefused as refused:  # nothing was written
        return ImportReport(
            errors=[str(Problem(SERVICES.path, numbers[p.index], p.field, p.message)) for p in refused.problems]
        )
    return ImportReport(
        created=len(result.created),
        updated=len(result.updated),
        unchanged=len(result.unchanged),
        warnings=[str(p) for p in validator.warnings],
    )


# ---------------------------------------------------------------------------
# Writing: each service one change for the one writer (listings/writer.py).


PLACE_FIELDS = ("address", "city", "zip", "county", "latitude", "longitude")
LISTING_FIELDS = (
    *("name", "description", "description_es", "website", "email", "eligibility", "eligibility_es", "fees"),
    *("status", "last_verified", "statewide", "hotline_24_7", "open_24_7"),
    *PLACE_FIELDS,
)


def _write(services: dict[str, Service]) -> WriteResult:
    """Every service as its listing, in one transaction; raises ListingsRefused (nothing
    written) for a confidential street address in public text, the stored listing's too.

    A listing keeps its slug, external_id and confidential flag: a package never has a
    confidential place in it, and an address it brings for a listing marked confidential
    stays private. A confidential listing the package gives no place keeps its stored
    one (the export leaves it out; the reviewers' address and the town its distances are
    measured from are not lost)."""
    existing = _existing_listings(list(services))
    changes = []
    for service_id, service in services.items():
        _settle_hours(service)
        pk, confidential = existing.get(service_id, (None, False))
        withheld = confidential and not any(service.fields[name] for name in PLACE_FIELDS)
        kept = PLACE_FIELDS if withheld else ()  # the stored place stays as it is
        changes.append(
            ListingChange(
                id=pk,
                external_id=None if pk else IMPORTED_PREFIX + service_id,
                fields={name: service.fields[name] for name in LISTING_FIELDS if name not in kept},
                organization=service.organization,
                organization_website=service.organization_website,
                relations={
                    "service_types": service.service_types,
                    "counties_served": service.counties,
                    "populations": service.populations,
                    "languages": service.language_codes,
                },
                phones=phones_by_kind(service.phones),
                hours=service.schedule,
            )
        )
    return save_listings(changes, actor=None, reason=CHANGE_REASON, refuse_address_leaks=True)


def _settle_hours(service: Service) -> None:
    """24/7 (see always_open) becomes the flag; anything else stays weekly intervals."""
    if always_open(service.schedule):
        service.fields["open_24_7"] = True
        service.schedule = []


def _existing_listings(service_ids: list[str]) -> dict[str, tuple[int, bool]]:
    """Service id -> (id, confidential_location) of the listing it updates: the one
    imported with that id, or exported with it.

    A package exported from this very database names its listings by ids derived from
    their slugs; matching those too means importing it updates them rather than adding
    copies (whose ids would then clash in the next export).
    """
    wanted = set(service_ids)
    matches = {}
    rows = Listing.objects.values_list("pk", "slug", "external_id", "confidential_location")
    for pk, slug, external_id, confidential in rows:
        service_id = service_id_for(external_id=external_id, slug=slug)
        if service_id in wanted:
            matches[service_id] = (pk, confidential)
    return matches
