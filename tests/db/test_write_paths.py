"""Every path that writes a listing goes through the one writer (listings/writer.py), so
each leaves the same outcome: a history record naming who and why, with the snapshot of
the listing's relations, that the admin's revert restores (fields, relations, phones and
hours); a current search vector and typo-correction words (a published listing's words
are offered, an unpublished one's never); and the confidentiality check of PRODUCT.md
(a confidential street address in public text: the importers refuse it, reviewers are
warned).

The paths: the CSV import, the HSDS import, the demo loader, proposal approval (an edit
and a new listing), the admin's save, and the status and verify actions.
"""

import datetime
from io import StringIO
from unittest import mock

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.contrib.postgres.search import SearchQuery
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory.exchange.csv_import import import_rows
from directory.exchange.demo import demo_rows
from directory.exchange.hsds.importer import import_package
from directory.listings.writer import ListingChange, save_listings
from directory.models import County, Listing, Organization, SearchTerm, ServiceType
from directory.review.actions import listings_mark_verified, listings_set_status
from directory.review.history import version_contacts
from directory.review.proposals import (
    proposal_approve,
    proposal_create_edit,
    proposal_create_new,
)
from directory.rules.hours import Interval
from tests.support import NEW_LISTING, a_row, admin_form_data

WORD = "snorkelwomp"
NAME = "Snorkelwomp Refuge"
ADDRESS = "808 Glimmerquill Road"
# What each path below writes: the state a revert to its version must bring back.
WRITTEN = {
    "name": NAME,
    "status": "published",
    "relations": {
        "service_types": ["hotline", "shelter"],
        "counties_served": ["taos"],
        "languages": ["es"],
        "populations": ["women"],
    },
    "phones": [("voice", "+15055550100")],
    "hours": [(0, datetime.time(9), datetime.time(17))],
}


# --- the outcome every path shares ------------------------------------------------------------


def state(listing: Listing) -> dict:
    listing.refresh_from_db()
    return {
        "name": listing.name,
        "status": listing.status,
        "relations": {
            "service_types": sorted(listing.service_types.values_list("slug", flat=True)),
            "counties_served": sorted(listing.counties_served.values_list("slug", flat=True)),
            "languages": sorted(listing.languages.values_list("code", flat=True)),
            "populations": sorted(listing.populations.values_list("slug", flat=True)),
        },
        "phones": sorted(listing.phones.values_list("kind", "number")),
        "hours": sorted(listing.hours.values_list("weekday", "opens", "closes")),
    }


def snapshot(record) -> dict:
    """The relations a history record holds."""
    return {
        "service_types": sorted(row.servicetype.slug for row in record.service_types.all()),
        "counties_served": sorted(row.county.slug for row in record.counties_served.all()),
        "languages": sorted(row.language.code for row in record.languages.all()),
        "populations": sorted(row.population.slug for row in record.populations.all()),
    }


def assert_recorded(listing: Listing, *, user, reason: str):
    """The path's history record: who, why, the relations as written, and the phones and
    hours known from their history (so that the version can be restored whole)."""
    record = listing.history.latest()
    assert record.history_user == user
    assert record.history_change_reason.startswith(reason)
    assert snapshot(record) == state(listing)["relations"]
    assert version_contacts(listing, record) is not None
    return record


def offers(client, word: str = WORD) -> bool:
    """Whether a search with a typo of `word` is answered with it (a correction or a result)."""
    return word in client.get("/services/", {"q": word[:-1]}).content.decode().lower()


def assert_indexed(client, listing: Listing) -> None:
    """The search vector and the typo-correction words follow what was written."""
    assert Listing.objects.filter(pk=listing.pk, search_vector=SearchQuery(WORD, config="directory_en")).exists()
    assert SearchTerm.objects.filter(word=WORD).exists()
    listing.refresh_from_db()
    assert offers(client) is listing.is_public


def change_everything_later(listing: Listing) -> None:
    save_listings(
        [
            ListingChange(
                id=listing.pk,
                fields={"name": "Renamed Later", "status": "archived"},
                relations={
                    "service_types": ["legal-aid"],
                    "counties_served": ["lea"],
                    "languages": ["vi"],
                    "populations": ["men"],
                },
                phones={"voice": ["+15055550199"], "text": ["233733"], "tty": []},
                hours=[Interval(5, datetime.time(10), datetime.time(12))],
            )
        ],
        actor=None,
        reason="A later change",
    )


def assert_revert_restores(client, listing: Listing, version, expected: dict) -> None:
    change_everything_later(listing)
    url = f"/admin/directory/listing/{listing.pk}/history/{version.history_id}/"
    form = client.get(url)

    response = client.post(url, admin_form_data(form))

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert state(listing) == expected


def assert_same_outcome(client, listing: Listing, *, user, reason: str, expected: dict = WRITTEN) -> None:
    assert state(listing) == expected
    version = assert_recorded(listing, user=user, reason=reason)
    assert_indexed(client, listing)
    assert_revert_restores(client, listing, version, expected)
    assert offers(client) is (expected["status"] == "published")


# --- the CSV import ---------------------------------------------------------------------------

CSV_ROW = a_row(
    external_id="w-1",
    name=NAME,
    counties_served="taos",
    languages="es",
    populations="women",
    hours="Mon 09:00-17:00",
)


def test_the_csv_import_writes_through_the_writer(admin_client):
    assert import_rows([CSV_ROW]).errors == []

    listing = Listing.objects.get(external_id="w-1")
    assert_same_outcome(admin_client, listing, user=None, reason="CSV import")


def test_a_csv_import_as_draft_takes_the_words_out_of_the_corrections(admin_client):
    import_rows([CSV_ROW])
    assert offers(admin_client)

    import_rows([{**CSV_ROW, "status": "draft"}])

    assert not offers(admin_client)


@pytest.mark.parametrize("dry_run", [False, True])
def test_the_csv_import_refuses_a_description_that_gives_away_a_stored_confidential_address(db, dry_run):
    # The stored listing is confidential; the new file has neither the flag nor the
    # address, only a description with the address in it.
    import_rows([{**CSV_ROW, "confidential_location": "yes", "address": ADDRESS, "city": "Taos"}])
    row = {key: value for key, value in CSV_ROW.items() if key not in ("confidential_location", "address")}

    report = import_rows([{**row, "description": f"Come to {ADDRESS}."}], dry_run=dry_run)

    assert report.errors == [
        "row 2, column description: the confidential street address appears in this public text; remove it"
    ]
    assert ADDRESS not in Listing.objects.get().description


def test_the_csv_import_takes_the_same_number_of_queries_for_2_and_20_rows(db):
    def queries(count: int, prefix: str) -> int:
        rows = [{**CSV_ROW, "external_id": f"{prefix}-{n}", "name": f"Listing {n}"} for n in range(count)]
        with CaptureQueriesContext(connection) as captured:
            assert import_rows(rows).errors == []
        return len(captured)

    import_rows([CSV_ROW])  # the organization and the language exist from here on
    assert queries(2, "few") == queries(20, "many")


# --- the HSDS import --------------------------------------------------------------------------


@pytest.fixture
def package(tmp_path, make_listing):
    make_listing(
        NAME, slug="snorkelwomp", service_types=["shelter", "hotline"], counties_served=["taos"],
        languages=["es"], populations=["women"], hours=[(0, "09:00", "17:00")], city="Taos",
    )  # fmt: skip
    call_command("export_hsds", str(tmp_path), stdout=StringIO())
    Listing.objects.all().delete()
    return tmp_path


def test_an_hsds_listing_can_be_reverted_whole(admin_client, package):
    report = import_package(package)

    assert (report.errors, report.created) == ([], 1)
    assert_same_outcome(admin_client, Listing.objects.get(), user=None, reason="HSDS import")


def test_the_hsds_import_refuses_a_description_that_gives_away_a_stored_confidential_address(package):
    import_package(package)
    Listing.objects.update(confidential_location=True, address=ADDRESS)
    services = (package / "services.csv").read_text(encoding="utf-8")
    (package / "services.csv").write_text(
        services.replace("A fictional example service.", f"Door at {ADDRESS}."), encoding="utf-8"
    )

    report = import_package(package)

    assert report.errors == [
        "services.csv row 2, column description: "
        "the confidential street address appears in this public text; remove it"
    ]
    assert ADDRESS not in Listing.objects.get().description


# --- the demo loader --------------------------------------------------------------------------


def test_the_demo_loader_writes_through_the_writer(admin_client):
    rows = [{**row, "name": NAME} if n == 0 else row for n, row in enumerate(demo_rows())]
    with mock.patch("directory.management.commands.load_demo_data.demo_rows", return_value=rows):
        call_command("load_demo_data", stdout=StringIO())

    listing = Listing.objects.get(name=NAME)
    expected = {**state(listing), "name": NAME, "status": "published"}
    assert listing.history.count() == 1
    assert_same_outcome(admin_client, listing, user=None, reason="CSV import", expected=expected)


def test_the_demo_loader_refuses_a_confidential_address_in_public_text(db):
    confidential = next(row for row in demo_rows() if row["confidential_location"] == "yes")
    leaking = {**confidential, "address": ADDRESS, "eligibility": f"Walk in at {ADDRESS}."}
    with mock.patch("directory.management.commands.load_demo_data.demo_rows", return_value=[leaking]):
        with pytest.raises(CommandError, match="column eligibility: the confidential street address"):
            call_command("load_demo_data", stdout=StringIO())
    assert not Listing.objects.exists()


# --- proposal approval ------------------------------------------------------------------------

PROPOSED = {
    "name": NAME,
    "service_types": ["hotline", "shelter"],
    "counties_served": ["taos"],
    "languages": ["es"],
    "populations": ["women"],
    "phone": ["+15055550100"],
    "hours": "Mon 09:00-17:00",
}


def test_an_approved_edit_writes_through_the_writer(admin_client, vetter, owner, their_listing):
    proposal = proposal_create_edit(author=owner, listing=their_listing, values={**PROPOSED, "text": []})

    proposal_approve(proposal=proposal, reviewer=vetter)

    assert_same_outcome(admin_client, their_listing, user=vetter, reason=f"Proposal #{proposal.pk} approved")


def test_an_approved_new_listing_writes_through_the_writer(admin_client, vetter, owner, organization):
    values = {**NEW_LISTING, **PROPOSED, "text": [], "description_es": "", "zip": ""}
    proposal = proposal_create_new(author=owner, organization=organization, values=values)

    approved = proposal_approve(proposal=proposal, reviewer=vetter)

    listing = approved.listing
    assert listing.history.count() == 1  # created with its relations: one record, not two
    assert_same_outcome(admin_client, listing, user=vetter, reason=f"Proposal #{proposal.pk} approved")


def test_approving_an_edit_that_gives_away_the_address_warns_the_reviewer(
    vetter_client, owner, make_listing, organization
):
    listing = make_listing(
        organization=organization.name, confidential_location=True, address=ADDRESS, city="Taos"
    )
    proposal = proposal_create_edit(author=owner, listing=listing, values={"description": f"At {ADDRESS}."})

    response = vetter_client.post(reverse("admin:directory_listing_review_approve", args=[proposal.pk]), follow=True)

    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("street address appears in: Description (English)" in message for message in messages), messages


# --- the admin's save -------------------------------------------------------------------------


def admin_add_data(**overrides) -> dict:
    organization = Organization.objects.create(name="Example Organization")
    data = {
        "organization": organization.pk,
        "name": NAME,
        "slug": "snorkelwomp-refuge",
        "description": "A fictional example service.",
        "service_types": list(ServiceType.objects.filter(slug__in=["shelter", "hotline"]).values_list("pk", flat=True)),
        "counties_served": [County.objects.get(slug="taos").pk],
        "languages": [],
        "city": "Taos",
        "status": "published",
        "phones-TOTAL_FORMS": 1, "phones-INITIAL_FORMS": 0, "phones-MIN_NUM_FORMS": 0, "phones-MAX_NUM_FORMS": 1000,
        "phones-0-kind": "voice", "phones-0-number": "(505) 555-0100",
        "hours-TOTAL_FORMS": 1, "hours-INITIAL_FORMS": 0, "hours-MIN_NUM_FORMS": 0, "hours-MAX_NUM_FORMS": 1000,
        "hours-0-weekday": 0, "hours-0-opens": "09:00", "hours-0-closes": "17:00",
        "_save": "Save",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_an_admin_save_writes_through_the_writer(admin_client, admin_user):
    from directory.models import Language, Population

    spanish, _ = Language.objects.get_or_create(code="es", defaults={"name": "Spanish"})
    women = Population.objects.get(slug="women")

    response = admin_client.post(
        reverse("admin:directory_listing_add"), admin_add_data(languages=[spanish.pk], populations=[women.pk])
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    listing = Listing.objects.get(slug="snorkelwomp-refuge")
    assert_same_outcome(admin_client, listing, user=admin_user, reason="Added in the admin")


def test_an_admin_save_that_gives_away_the_address_warns(admin_client):
    response = admin_client.post(
        reverse("admin:directory_listing_add"),
        admin_add_data(confidential_location="on", address=ADDRESS, description=f"Door at {ADDRESS}."),
        follow=True,
    )

    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("street address appears in: Description (English)" in message for message in messages), messages


# --- the status and verify actions ------------------------------------------------------------


def written_by_make_listing(make_listing, **fields) -> Listing:
    return make_listing(
        NAME, service_types=["shelter", "hotline"], counties_served=["taos"], languages=["es"],
        populations=["women"], hours=[(0, "09:00", "17:00")], **fields,
    )  # fmt: skip


def post_action(client, action: str, listings) -> object:
    return client.post(
        reverse("admin:directory_listing_changelist"),
        {"action": action, admin.helpers.ACTION_CHECKBOX_NAME: [listing.pk for listing in listings]},
        follow=True,
    )


def forget_its_words(listing: Listing) -> None:
    """As for a draft written by a path that never indexed it."""
    Listing.objects.filter(pk=listing.pk).update(search_vector=None, public_words=None)
    SearchTerm.objects.filter(word=WORD).delete()


def test_the_publish_action_writes_through_the_writer(admin_client, admin_user, make_listing):
    listing = written_by_make_listing(make_listing, status="draft")
    forget_its_words(listing)
    assert not offers(admin_client)

    post_action(admin_client, "publish", [listing])

    assert_same_outcome(admin_client, listing, user=admin_user, reason="Status set to published")


def test_the_archive_action_takes_the_words_out_of_the_corrections(admin_client, make_listing):
    listing = written_by_make_listing(make_listing)
    assert offers(admin_client)

    post_action(admin_client, "archive", [listing])

    assert not offers(admin_client)


def test_publishing_a_draft_from_the_queue_adds_its_words_to_the_corrections(admin_client, make_listing):
    listing = written_by_make_listing(make_listing, status="draft")
    forget_its_words(listing)

    admin_client.post(reverse("admin:directory_listing_review_publish", args=[listing.pk]))

    assert offers(admin_client)
    assert listing.history.latest().history_change_reason.startswith("Published and verified")


def test_the_verify_action_writes_through_the_writer(admin_client, admin_user, make_listing):
    listing = written_by_make_listing(make_listing, last_verified=datetime.date(2024, 1, 1))

    post_action(admin_client, "mark_verified", [listing])

    listing.refresh_from_db()
    assert (listing.last_verified, listing.verified_by) == (datetime.date.today(), admin_user)
    assert_same_outcome(admin_client, listing, user=admin_user, reason="Verified")


@pytest.mark.parametrize("action", ["publish", "mark_verified"])
def test_the_actions_warn_about_a_confidential_address_in_public_text(admin_client, make_listing, action):
    listing = written_by_make_listing(
        make_listing, status="draft", confidential_location=True, address=ADDRESS,
        description=f"Door at {ADDRESS}.", last_verified=None,
    )  # fmt: skip

    response = post_action(admin_client, action, [listing])

    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert f"“{NAME}”: This listing's location is confidential, but its street address appears in: " in " ".join(
        messages
    )


@pytest.mark.parametrize("action", [listings_set_status, listings_mark_verified])
def test_the_actions_take_the_same_number_of_queries_for_2_and_20_listings(make_listing, vetter, action):
    def queries(count: int) -> int:
        listings = [make_listing(status="draft", last_verified=None) for _ in range(count)]
        chosen = Listing.objects.filter(pk__in=[listing.pk for listing in listings])
        options = {"status": "published"} if action is listings_set_status else {}
        with CaptureQueriesContext(connection) as captured:
            assert action(listings=chosen, reviewer=vetter, **options).count == count
        return len(captured)

    assert queries(2) == queries(20)
