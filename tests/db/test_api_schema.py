import datetime

import pytest
import schemathesis
import yaml
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from directory.api.serializers import ServiceSerializer
from directory.rules import vocab
from directory.rules.hours import NEW_MEXICO
from directory.search.form import SearchForm
from tests.support import examples, forget_rate_limits

NOW = datetime.datetime(2026, 3, 16, 10, 0, tzinfo=NEW_MEXICO)
SERVICES = "/api/v1/services/"


@pytest.fixture
def openapi(client) -> dict:
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def services_parameters(openapi: dict) -> dict[str, dict]:
    return {p["name"]: p for p in openapi["paths"][SERVICES]["get"]["parameters"]}


def component(openapi: dict, name: str) -> dict:
    return openapi["components"]["schemas"][name]


def resolve(openapi: dict, schema: dict) -> dict:
    """A property's schema with a $ref (or a single allOf/oneOf $ref with null) followed."""
    if "$ref" in schema:
        return component(openapi, schema["$ref"].rsplit("/", 1)[1])
    for key in ("allOf", "oneOf"):
        refs = [s for s in schema.get(key, []) if s.get("$ref", "").rsplit("/", 1)[-1] != "NullEnum"]
        if len(refs) == 1:
            return {**resolve(openapi, refs[0]), "nullable": schema.get("nullable", False)}
    return schema


# The schema document


def test_the_schema_is_valid_openapi_3(openapi):
    assert openapi["openapi"].startswith("3.")
    validate_schema(openapi)


def test_the_schema_is_also_served_as_yaml(client, db):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert yaml.safe_load(response.content)["openapi"].startswith("3.")


def test_the_schema_generates_without_a_warning(tmp_path, db):
    # Warnings are where drf-spectacular guessed a type ("string") instead of knowing it.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))


def test_the_schema_documents_every_endpoint_and_only_get(openapi):
    assert set(openapi["paths"]) == {
        "/api/v1/services/",
        "/api/v1/services/{slug}/",
        "/api/v1/counties/",
        "/api/v1/service-types/",
    }
    assert all(set(operations) == {"get"} for operations in openapi["paths"].values())


def test_the_schema_documents_every_field_of_the_search_form(openapi):
    assert set(services_parameters(openapi)) == set(SearchForm.base_fields)
    assert all(p["in"] == "query" and p.get("description") for p in services_parameters(openapi).values())


def test_the_parameters_are_described_by_the_search_form(openapi):
    parameters = services_parameters(openapi)
    for name in ("q", "county", "near", "radius", "open_now", "sort"):
        assert parameters[name]["description"] == str(SearchForm.base_fields[name].help_text)
    assert "50 if left empty" in parameters["radius"]["description"]


@pytest.mark.parametrize(
    "name, values",
    [
        ("county", list(vocab.COUNTIES)),
        ("service_type", list(vocab.SERVICE_TYPES)),
        ("population", list(vocab.POPULATIONS)),
    ],
)
def test_repeatable_parameters_are_arrays_of_their_vocabulary(openapi, name, values):
    parameter = services_parameters(openapi)[name]
    assert parameter["schema"]["type"] == "array"
    assert parameter["schema"]["items"]["enum"] == values
    assert parameter["explode"] is True


@pytest.mark.parametrize(
    "name, schema",
    [
        ("q", {"type": "string", "maxLength": 200}),
        ("language", {"type": "array", "items": {"type": "string", "pattern": "^[a-z]{2,3}$"}}),
        ("near", {"type": "string", "maxLength": 60}),
        ("radius", {"type": "integer", "minimum": 1, "maximum": 500}),
        ("open_now", {"type": "string", "enum": ["1"]}),
        ("fees", {"type": "string", "enum": ["free", "sliding-scale", "fee"]}),
        ("sort", {"type": "string", "enum": ["relevance", "distance", "name", "verified"]}),
        ("page", {"type": "integer", "minimum": 1}),
    ],
)
def test_each_parameter_has_its_type(openapi, name, schema):
    assert services_parameters(openapi)[name]["schema"] == schema


def test_the_list_answer_is_the_paged_envelope(openapi):
    ref = openapi["paths"][SERVICES]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    envelope = resolve(openapi, ref)
    assert set(envelope["properties"]) == {"count", "next", "previous", "results"}
    assert envelope["properties"]["count"]["type"] == "integer"
    assert envelope["properties"]["next"]["nullable"] is True
    assert envelope["properties"]["results"]["items"] == {"$ref": "#/components/schemas/Service"}


def test_errors_are_documented(openapi):
    listing = openapi["paths"][SERVICES]["get"]["responses"]
    assert set(listing) == {"200", "400", "429"}
    field_errors = listing["400"]["content"]["application/json"]["schema"]
    assert field_errors["additionalProperties"] == {"type": "array", "items": {"type": "string"}}
    assert set(openapi["paths"]["/api/v1/services/{slug}/"]["get"]["responses"]) == {"200", "404", "429"}


# (type, nullable) of every field; "enum" means a string from a fixed list.
SERVICE_FIELDS = {
    "slug": ("string", False),
    "name": ("string", False),
    "organization": ("object", False),
    "description": ("string", False),
    "description_es": ("string", False),
    "service_types": ("array", False),
    "counties_served": ("array", False),
    "statewide": ("boolean", False),
    "location": ("object", False),
    "confidential_location": ("boolean", False),
    "phones": ("array", False),
    "hotline_24_7": ("boolean", False),
    "hours": ("object", False),
    "open_now": ("boolean", False),
    "languages": ("array", False),
    "populations": ("array", False),
    "fees": ("string", True),
    "eligibility": ("string", False),
    "eligibility_es": ("string", False),
    "website": ("string", True),
    "email": ("string", True),
    "last_verified": ("string", True),
    "stale": ("boolean", False),
    "distance_miles": ("integer", True),
}


def test_every_service_field_is_documented_with_its_type(openapi):
    service = component(openapi, "Service")
    assert set(service["properties"]) == set(SERVICE_FIELDS) == set(ServiceSerializer().fields)
    assert set(service["required"]) == set(SERVICE_FIELDS)
    for name, (kind, nullable) in SERVICE_FIELDS.items():
        schema = resolve(openapi, service["properties"][name])
        assert schema["type"] == kind, name
        assert bool(schema.get("nullable")) == nullable, name


def test_vocabulary_fields_are_arrays_of_enums(openapi):
    service = component(openapi, "Service")["properties"]
    for name, values in [
        ("service_types", vocab.SERVICE_TYPES),
        ("counties_served", vocab.COUNTIES),
        ("populations", vocab.POPULATIONS),
    ]:
        assert resolve(openapi, service[name]["items"])["enum"] == list(values)
    assert resolve(openapi, service["fees"])["enum"] == ["free", "sliding-scale", "fee"]
    assert service["last_verified"]["format"] == "date"


def test_nested_objects_are_documented_with_their_types(openapi):
    location = component(openapi, "Location")["properties"]
    assert {name: (s["type"], s["nullable"]) for name, s in location.items()} == {
        "address": ("string", True),
        "city": ("string", True),
        "zip": ("string", True),
        "county": ("string", True),
        "latitude": ("number", True),
        "longitude": ("number", True),
    }
    assert set(component(openapi, "Organization")["properties"]) == {"name", "website"}
    phone = component(openapi, "Phone")["properties"]
    assert resolve(openapi, phone["kind"])["enum"] == ["voice", "text", "tty"]
    hours = component(openapi, "Hours")["properties"]
    assert hours["always_open"]["type"] == "boolean"
    interval = component(openapi, "Interval")["properties"]
    assert resolve(openapi, interval["day"])["enum"] == ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    assert interval["opens"]["pattern"] == interval["closes"]["pattern"]
    assert interval["overnight"]["type"] == "boolean"


# Property test: generated requests, valid and invalid, never get a 500 nor an off-schema answer


@pytest.fixture
def api_schema(db, make_listing, settings, monkeypatch, time_machine):
    time_machine.move_to(NOW, tick=False)
    settings.ALLOWED_HOSTS = ["localhost"]
    settings.API_THROTTLE_RATE = "1000000/min"  # every generated request reaches the view
    forget_rate_limits()
    make_listing(
        slug="public",
        service_types=["shelter", "legal-aid"],
        counties_served=["santa-fe"],
        county="santa-fe",
        address="100 Example Street",
        city="Santa Fe",
        zip="87501",
        latitude=35.687,
        longitude=-105.9378,
        phones=[("voice", "+15055550100"), ("text", "233733")],
        hours=[(0, "09:00", "17:00"), (4, "20:00", "02:00")],
        languages=["en", "es"],
        populations=["women"],
        fees="free",
        website="https://example.org/",
        email="intake@example.org",
    )
    make_listing(
        slug="confidential",
        counties_served=["taos"],
        county="taos",
        address="1 Secret Road",
        city="Taos",
        latitude=36.41,
        longitude=-105.58,
        confidential_location=True,
        hotline_24_7=True,
    )
    make_listing(slug="statewide", statewide=True, phones=[], last_verified=None, open_24_7=True)
    # Django's test client does the same: the test's transaction must outlive each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/?format=json", WSGIHandler())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


# Schemathesis's own pytest loader (schemathesis.pytest.from_fixture) reads a Node attribute
# that pytest 9 no longer has, so its strategies drive a plain Hypothesis test instead.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def test_no_request_gets_a_500_or_an_answer_off_the_schema(api_schema):
    cases = api_schema.as_strategy(GenerationMode.POSITIVE) | api_schema.as_strategy(GenerationMode.NEGATIVE)

    @given(case=cases)
    @hypothesis_settings(
        max_examples=examples(200),
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    def call(case) -> None:
        # Schemathesis asks for gzip but its WSGI transport does not decode it; the
        # compression itself is tested in test_gzip.py.
        response = case.call(headers={"Accept-Encoding": "identity"})
        case.validate_response(response, checks=CHECKS)
        assert "Secret Road" not in response.text
        assert "36.41" not in response.text and "-105.58" not in response.text

    call()
