"""Open Referral HSDS 3.0 tabular data packages (PRODUCT.md, "Data in and out").

export_package() writes the published listings as CSV files plus a datapackage.json;
import_package() reads such a package back into listings, all or nothing.

Where HSDS 3.0 and our model differ, or where the safety rules decide, the choices are
these (the package's own description repeats them for whoever receives it):

- Ids are UUIDs derived with uuid5 from stable keys: the organization's name, the
  listing's slug, or the service id a listing was imported with (its external_id is
  `hsds:<service id>`). The same data always exports the same bytes, and a package
  imported into an empty database exports again byte for byte. Renaming an organization
  or changing a listing's slug changes its id. Importing a package into the database it
  was exported from updates the listings it came from.
- A confidential listing gets no location, address or service_at_location row at all:
  its street address, ZIP and coordinates are nowhere in the package. It keeps its
  phones, schedules and service areas. Every exported place goes through
  Listing.public_location(), the one confidentiality rule.
- Service types, populations served and fees are taxonomy terms linked to services by
  attributes. HSDS has no translations in tabular form, so the Spanish description is
  the value of an attribute ("description-es" in our "listing details" taxonomy), as is
  the Spanish eligibility ("eligibility-es"), a language variant of eligibility_description;
  "answers 24/7" is an attribute too. languages.csv holds the languages spoken, nothing else.
- Hours are WEEKLY schedules in New Mexico local time (America/Denver, which changes its
  UTC offset, so none is written), one row per set of weekdays sharing the same hours.
  closes_at at or before opens_at runs past midnight. "Open 24/7" is every day from
  00:00 to 23:59, as HSDS's schedule guidance suggests.
- Counties served are service areas named "<County> County"; statewide is "New Mexico".
"""

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from directory.models import Phone
from directory.rules import vocab

# ---------------------------------------------------------------------------
# The tables: HSDS 3.0's own names, field names, types and formats, in its order
# (openreferral.github.io/specification/3.0, the 3.0.0 datapackage.json). Only the tables
# we have data for; every column of those is written, blank where we have nothing.


@dataclass(frozen=True)
class Field:
    name: str
    type: str = "string"
    format: str = "default"


def _fields(spec: str) -> tuple[Field, ...]:
    """'id:uuid name website:uri minimum_age:number' -> Fields; a bare name is a string."""
    fields = []
    for item in spec.split():
        name, _, kind = item.partition(":")
        if kind in ("uuid", "email", "uri"):
            fields.append(Field(name, "string", kind))
        else:
            fields.append(Field(name, kind or "string"))
    return tuple(fields)


@dataclass(frozen=True)
class Table:
    name: str  # the HSDS resource name
    path: str
    fields: tuple[Field, ...]
    references: tuple[tuple[str, str], ...] = ()  # (column, resource whose id it holds) that we fill
    read: tuple[str, ...] = ()  # the columns import_package() needs

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]


ORGANIZATIONS = Table(
    "organization",
    "organizations.csv",
    _fields(
        "id:uuid name alternate_name description email:email website:uri tax_status tax_id "
        "year_incorporated:number legal_status logo uri:uri parent_organization_id:uuid"
    ),
    read=("id", "name", "website"),
)
SERVICES = Table(
    "service",
    "services.csv",
    _fields(
        "id:uuid organization_id:uuid program_id:uuid name alternate_name description url:uri email:email "
        "status interpretation_services application_process fees_description wait_time fees accreditations "
        "eligibility_description minimum_age:number maximum_age:number assured_date:date assurer_email:email "
        "licenses alert last_modified:datetime"
    ),
    references=(("organization_id", "organization"),),
    read=("id", "organization_id", "name", "description", "url", "email", "status"),
)
LOCATIONS = Table(
    "location",
    "locations.csv",
    _fields(
        "id:uuid location_type url:uri organization_id:uuid name alternate_name description transportation "
        "latitude:number longitude:number external_identifier external_identifier_type"
    ),
    references=(("organization_id", "organization"),),
    read=("id", "latitude", "longitude"),
)
SERVICE_AT_LOCATION = Table(
    "service_at_location",
    "service_at_location.csv",  # HSDS's own file name, singular
    _fields("id:uuid service_id:uuid location_id:uuid description"),
    references=(("service_id", "service"), ("location_id", "location")),
    read=("id", "service_id", "location_id"),
)
ADDRESSES = Table(
    "address",
    "addresses.csv",
    _fields(
        "id:uuid location_id:uuid attention address_1 address_2 city region state_province postal_code "
        "country address_type"
    ),
    references=(("location_id", "location"),),
    read=("id", "location_id", "address_1", "city", "region", "state_province", "postal_code", "address_type"),
)
PHONES = Table(
    "phone",
    "phones.csv",
    _fields(
        "id:uuid location_id:uuid service_id:uuid organization_id:uuid contact_id:uuid "
        "service_at_location_id:uuid number extension:number type description"
    ),
    references=(("service_id", "service"),),
    read=("id", "service_id", "number", "type"),
)
SCHEDULES = Table(
    "schedule",
    "schedules.csv",
    _fields(
        "id:uuid service_id:uuid location_id:uuid service_at_location_id:uuid valid_from:date valid_to:date "
        "dtstart:date timezone:number until:date count:number wkst freq interval:number byday byweekno "
        "bymonthday byyearday description opens_at:time closes_at:time schedule_link:uri attending_type notes"
    ),
    references=(("service_id", "service"),),
    read=("id", "service_id", "freq", "byday", "opens_at", "closes_at"),
)
SERVICE_AREAS = Table(
    "service_area",
    "service_areas.csv",
    _fields("id:uuid service_id:uuid name description extent extent_type uri"),
    references=(("service_id", "service"),),
    read=("id", "service_id", "name"),
)
LANGUAGES = Table(
    "language",
    "languages.csv",
    _fields("id:uuid service_id:uuid location_id:uuid phone_id:uuid name code note"),
    references=(("service_id", "service"),),
    read=("id", "service_id", "code"),
)
TAXONOMIES = Table(
    "taxonomy",
    "taxonomies.csv",
    _fields("id:uuid name description uri:uri version"),
    read=("id",),
)
TAXONOMY_TERMS = Table(
    "taxonomy_term",
    "taxonomy_terms.csv",
    _fields("id:uuid code name description parent_id:uuid taxonomy language taxonomy_id:uuid term_uri:uri"),
    references=(("taxonomy_id", "taxonomy"),),
    read=("id", "code", "taxonomy_id"),
)
ATTRIBUTES = Table(
    "attribute",
    "attributes.csv",
    _fields("id:uuid link_id:uuid taxonomy_term_id:uuid link_type link_entity value"),
    references=(("taxonomy_term_id", "taxonomy_term"),),
    read=("id", "link_id", "link_entity", "taxonomy_term_id", "value"),
)
TABLES = (
    *(ORGANIZATIONS, SERVICES, LOCATIONS, SERVICE_AT_LOCATION, ADDRESSES, PHONES, SCHEDULES, SERVICE_AREAS),
    *(LANGUAGES, TAXONOMIES, TAXONOMY_TERMS, ATTRIBUTES),
)
DESCRIPTOR = "datapackage.json"

PACKAGE_DESCRIPTION = (
    "Published listings of the New Mexico Survivor Resource Directory as an Open Referral HSDS 3.0 "
    "tabular data package. Confidential locations (most shelters) are left out entirely: such a "
    "service has no location, address or service_at_location row, but keeps its phones, schedules and "
    "service areas. Service types, populations served and fees are taxonomy terms linked to services "
    "by attributes; the Spanish description of a service is the value of its 'description-es' "
    "attribute, and 'answers-24-7' marks a service that answers its phone around the clock. Schedules "
    "are weekly, in New Mexico local time (America/Denver); a closes_at at or before opens_at runs past "
    "midnight, and 00:00 to 23:59 every day means open 24/7. Service areas are New Mexico counties, "
    "or 'New Mexico' for statewide services."
)

# ---------------------------------------------------------------------------
# Our vocabularies as HSDS taxonomies.

ANSWERS_24_7 = "answers-24-7"
DESCRIPTION_ES = "description-es"
ELIGIBILITY_ES = "eligibility-es"


@dataclass(frozen=True)
class Taxonomy:
    key: str
    name: str
    description: str
    terms: dict[str, Any]  # code -> English name (possibly lazy)


TAXONOMY_SERVICE_TYPES = Taxonomy(
    "service-types", "Service types", "Kinds of service listed in the directory.", vocab.SERVICE_TYPES
)
TAXONOMY_POPULATIONS = Taxonomy(
    "populations", "Populations served", "Groups of people a service is meant for.", vocab.POPULATIONS
)
TAXONOMY_FEES = Taxonomy("fees", "Fees", "What a service costs its users.", vocab.FEES)
TAXONOMY_DETAILS = Taxonomy(
    "details",
    "Listing details",
    "Facts about a service that HSDS 3.0 has no column for.",
    {
        ANSWERS_24_7: "Answers 24 hours a day, 7 days a week",
        DESCRIPTION_ES: "Description in Spanish (the attribute's value)",
        ELIGIBILITY_ES: "Eligibility in Spanish (the attribute's value)",
    },
)
OUR_TAXONOMIES = (TAXONOMY_SERVICE_TYPES, TAXONOMY_POPULATIONS, TAXONOMY_FEES, TAXONOMY_DETAILS)
TAXONOMY_NAME_PREFIX = "New Mexico Survivor Resource Directory: "
TAXONOMY_VERSION = "1"

# ---------------------------------------------------------------------------
# Ids

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_DNS, "hsds.nm-survivor-resource-directory.invalid")
IMPORTED_PREFIX = "hsds:"


def stable_id(*parts: object) -> str:
    """A UUID that the same parts always give: ("service", "some-slug") -> '3f7b...'."""
    return str(uuid.uuid5(NAMESPACE, "/".join(str(part) for part in parts)))


def _imported_service_id(external_id: str | None) -> str | None:
    if not external_id or not external_id.startswith(IMPORTED_PREFIX):
        return None
    try:
        return str(uuid.UUID(external_id.removeprefix(IMPORTED_PREFIX)))
    except ValueError:
        return None


def service_id_for(*, external_id: str | None, slug: str) -> str:
    """A listing's HSDS service id: the one it was imported with, else derived from its slug."""
    return _imported_service_id(external_id) or stable_id("service", slug)


def organization_id_for(name: str) -> str:
    return stable_id("organization", name)


def taxonomy_id_for(taxonomy: Taxonomy) -> str:
    return stable_id("taxonomy", taxonomy.key)


def term_id_for(taxonomy: Taxonomy, code: str) -> str:
    return stable_id("taxonomy_term", taxonomy.key, code)


# ---------------------------------------------------------------------------
# Shared conventions

BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # index = OpeningHours.weekday
WEEKLY = "WEEKLY"
MIDNIGHT = datetime.time(0, 0)
LAST_MINUTE = datetime.time(23, 59)
SCHEDULE_NOTES = "Times are New Mexico local time (America/Denver)."
OPEN_24_7_DESCRIPTION = "Open 24 hours a day, 7 days a week."
PHONE_TYPES = {Phone.Kind.VOICE: "voice", Phone.Kind.TEXT: "text", Phone.Kind.TTY: "textphone"}
STATEWIDE_AREA = "New Mexico"
STATEWIDE_DESCRIPTION = "Statewide: every county in New Mexico."
ACTIVE = "active"


def _county_area_name(county_name: str) -> str:
    return f"{county_name} County"


