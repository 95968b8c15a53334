"""`spa`, `SPA` and `es` typed anywhere are the one Spanish (issue 12).

Wherever a language code comes in (the CSV import, the HSDS import, the advocates' new
listing and edit proposals once approved, the admin's language and listing forms, the
search filter), it is stored and looked up as rules/languages.canonical_code() gives it:
one Language row "es", every such listing found by `?language=es`, and Spanish listed
once in the language filter. Migration 0014 merges the second Spanish made before.
"""

import importlib
import re
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from directory.exchange.csv_import import import_rows
from directory.models import (
    County,
    Language,
    Listing,
    Organization,
    Proposal,
    ServiceType,
)
from tests.support import NEW_LISTING, a_row, edit_data, form_data

SPELLINGS = ["spa", "SPA", "es"]
MIGRATION = importlib.import_module("directory.migrations.0014_one_code_per_language")


def assert_one_spanish(client, *names: str) -> None:
    """One Spanish, stored as "es"; `names` found by ?language=es; Spanish once in the filter."""
    assert list(Language.objects.filter(code__iexact="es").values_list("code", flat=True)) == ["es"]
    assert not Language.objects.filter(code__iexact="spa").exists()
    assert set(Listing.objects.filter(name__in=names).values_list("languages__code", flat=True)) >= {"es"}

    page = client.get("/services/", {"language": "es"}).content.decode()
    for name in names:
        assert name in page
    offered = re.findall(r'name="language" value="([^"]+)"', client.get("/services/").content.decode())
    assert offered.count("es") == 1
    assert not {"spa", "SPA"} & set(offered)


def approve(client, proposal: Proposal) -> None:
    response = client.post(reverse("admin:directory_listing_review_approve", args=[proposal.pk]))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.APPROVED


# --- the imports --------------------------------------------------------------------------------


def test_the_csv_import_stores_every_spelling_as_the_one_spanish(db, client):
    rows = [
        a_row(external_id=f"nm-{code}", name=f"Refugio {code}", languages=f"en;{code}", status="published")
        for code in SPELLINGS
    ]

    report = import_rows(rows)

    assert report.errors == []
    assert_one_spanish(client, "Refugio spa", "Refugio SPA", "Refugio es")


@pytest.mark.parametrize("code", SPELLINGS)
def test_the_hsds_import_stores_every_spelling_as_the_one_spanish(db, client, make_listing, tmp_path, code):
    make_listing("Casa Esperanza", county="taos", counties_served=["taos"], city="Taos", languages=["es"])
    call_command("export_hsds", str(tmp_path), stdout=StringIO())
    languages_csv = Path(tmp_path) / "languages.csv"
    languages_csv.write_text(languages_csv.read_text(encoding="utf-8").replace(",es,", f",{code},"), encoding="utf-8")
    assert f",{code}," in languages_csv.read_text(encoding="utf-8")
    Listing.objects.all().delete()
    Organization.objects.all().delete()
    Language.objects.all().delete()

    call_command("import_hsds", str(tmp_path), stdout=StringIO(), stderr=StringIO())

    assert_one_spanish(client, "Casa Esperanza")


# --- the advocates' portal, once a reviewer approves ------------------------------------------


@pytest.mark.parametrize("code", SPELLINGS)
def test_a_new_listing_proposed_in_any_spelling_is_approved_in_the_one_spanish(
    owner_client, organization, vetter_client, make_listing, client, code
):
    make_listing("Already Spanish", languages=["es"])
    data = form_data(NEW_LISTING, organization=organization.pk, languages=f"English; {code}")

    response = owner_client.post("/advocate/listings/new/", data)

    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.values["languages"] == ["en", "es"]
    approve(vetter_client, proposal)
    assert_one_spanish(client, "Nuevo Amanecer", "Already Spanish")


@pytest.mark.parametrize("code", SPELLINGS)
def test_an_edit_proposed_in_any_spelling_is_approved_in_the_one_spanish(
    owner_client, their_listing, vetter_client, make_listing, client, code
):
    make_listing("Already Spanish", languages=["es"])

    response = owner_client.post(
        f"/advocate/listings/{their_listing.pk}/propose/",
        # A service that speaks Spanish describes itself in Spanish too (consistency.py).
        edit_data(their_listing, languages=f"English; {code}", description_es="Refugio para sobrevivientes."),
    )

    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.values["languages"] == ["en", "es"]
    approve(vetter_client, proposal)
    assert_one_spanish(client, "Casa Esperanza", "Already Spanish")


# --- the admin ----------------------------------------------------------------------------------


def test_the_admin_stores_a_new_language_under_its_canonical_code_and_refuses_a_second_spanish(admin_client):
    add = reverse("admin:directory_language_add")

    response = admin_client.post(add, {"code": "spa", "name": "Spanish"})
    assert response.status_code == 302
    assert list(Language.objects.values_list("code", flat=True)) == ["es"]

    for code in ("SPA", "es", " Es "):
        response = admin_client.post(add, {"code": code, "name": "Spanish again"})
        assert response.status_code == 200
        assert "code" in response.context["adminform"].form.errors
    assert Language.objects.count() == 1


def test_a_listing_saved_in_the_admin_with_spanish_is_found_by_es(admin_client, client, make_listing):
    make_listing("Already Spanish", languages=["es"])
    admin_client.post(reverse("admin:directory_language_add"), {"code": "SPA", "name": "Spanish"})
    organization = Organization.objects.create(name="Enlace")
    data = {
        "organization": organization.pk,
        "name": "Casa Esperanza",
        "slug": "casa-esperanza",
        "description": "Emergency shelter for survivors.",
        "service_types": [ServiceType.objects.get(slug="shelter").pk],
        "counties_served": [County.objects.get(slug="taos").pk],
        "languages": [Language.objects.get(code="es").pk],
        "city": "Taos",
        "status": "published",
        "_save": "Save",
    }
    for inline in ("phones", "hours"):
        data.update({f"{inline}-TOTAL_FORMS": 0, f"{inline}-INITIAL_FORMS": 0, f"{inline}-MAX_NUM_FORMS": 1000})

    response = admin_client.post(reverse("admin:directory_listing_add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert_one_spanish(client, "Casa Esperanza", "Already Spanish")


# --- the search ---------------------------------------------------------------------------------


@pytest.mark.parametrize("code", SPELLINGS)
def test_searching_by_any_spelling_finds_the_spanish_listings(client, make_listing, code):
    make_listing("Casa Esperanza", languages=["es"])
    make_listing("English Only", languages=["en"])

    page = client.get("/services/", {"language": code})
    api = client.get("/api/v1/services/", {"language": code})

    assert page.status_code == 200 and api.status_code == 200
    assert "Casa Esperanza" in page.content.decode() and "English Only" not in page.content.decode()
    assert [result["name"] for result in api.json()["results"]] == ["Casa Esperanza"]


# --- migration 0014 -----------------------------------------------------------------------------


def linked_codes(listing: Listing) -> list[str]:
    return sorted(listing.languages.values_list("code", flat=True))


def test_the_migration_merges_every_alias_into_the_canonical_language(db, make_listing, owner, their_listing):
    spanish = Language.objects.create(code="es", name="Spanish")
    spa = Language.objects.create(code="spa", name="Spanish")
    shouted = Language.objects.create(code="SPA", name="Spanish")
    navajo = Language.objects.create(code="nav", name="nav")  # no "nv" row yet
    both = make_listing("Both Spanishes")
    both.languages.set([spanish, spa])
    only_alias = make_listing("Only The Alias")
    only_alias.languages.set([shouted, navajo])
    only_alias.save()  # a history record whose relation snapshot holds the aliases
    snapshot = only_alias.history.latest()
    proposal = Proposal.objects.create(
        kind=Proposal.Kind.EDIT,
        organization=their_listing.organization,
        listing=their_listing,
        author=owner,
        values={"languages": ["SPA", "en", "spa"]},
        base_values={"languages": ["en"], "name": "Casa Esperanza"},
    )

    MIGRATION.merge_aliases(apps, None)

    assert sorted(Language.objects.values_list("code", flat=True)) == ["en", "es", "nv"]
    assert Language.objects.get(code="nv").pk == navajo.pk  # renamed in place: nothing to re-link
    assert Language.objects.get(code="nv").name == "Navajo"
    assert linked_codes(both) == ["es"]
    assert linked_codes(only_alias) == ["es", "nv"]
    history_links = apps.get_model("directory", "HistoricalListing_languages").objects.filter(history=snapshot)
    assert sorted(history_links.values_list("language_id", flat=True)) == sorted([spanish.pk, navajo.pk])
    proposal.refresh_from_db()
    assert proposal.values == {"languages": ["en", "es"]}
    assert proposal.base_values == {"languages": ["en"], "name": "Casa Esperanza"}


def test_the_migration_leaves_canonical_and_unknown_codes_alone_and_runs_twice(db, make_listing):
    Language.objects.create(code="es", name="Spanish")
    Language.objects.create(code="kee", name="Eastern Keres")
    Language.objects.create(code="zz", name="Not a language")
    before = sorted(Language.objects.values_list("pk", "code"))

    MIGRATION.merge_aliases(apps, None)
    MIGRATION.merge_aliases(apps, None)

    assert sorted(Language.objects.values_list("pk", "code")) == before
