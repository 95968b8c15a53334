"""Audit history: every change to listings and organizations, from the admin, the
import and the review queue, with who and when; and reverting to an earlier version."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.postgres.search import SearchQuery
from django.db import connection

from directory.exchange.csv_import import import_rows
from directory.models import Listing, Organization, Phone, ServiceType
from directory.review.proposals import proposal_approve, proposal_create_edit
from tests.support import admin_form_data


def change_url(listing) -> str:
    return f"/admin/directory/listing/{listing.pk}/change/"


# Who changed what, from every path.


def test_the_import_writes_history_for_listings_and_organizations(db):
    report = import_rows(
        [
            {
                "external_id": "x-1",
                "organization": "Imported Org",
                "name": "Imported listing",
                "description": "From a spreadsheet.",
                "service_types": "hotline",
                "counties_served": "statewide",
            }
        ]
    )

    assert report.errors == []
    listing = Listing.objects.get(external_id="x-1")
    (record,) = listing.history.all()
    assert record.history_type == "+"
    assert record.history_change_reason == "CSV import"
    assert record.name == "Imported listing"
    assert [row.servicetype.slug for row in record.service_types.all()] == ["hotline"]
    assert Organization.objects.get(name="Imported Org").history.get().history_change_reason == "CSV import"


def test_an_admin_edit_records_the_user_and_the_relations_as_they_are_after_it(admin_client, admin_user, make_listing):
    listing = make_listing("Casa Esperanza", service_types=["shelter"])
    form = admin_client.get(change_url(listing))
    hotline = ServiceType.objects.get(slug="hotline").pk

    response = admin_client.post(
        change_url(listing), admin_form_data(form, name="Casa Esperanza Taos", service_types=[hotline])
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    latest = listing.history.latest()
    assert latest.history_user == admin_user
    assert latest.name == "Casa Esperanza Taos"
    assert [row.servicetype.slug for row in latest.service_types.all()] == ["hotline"]
    delta = latest.diff_against(listing.history.earliest())
    assert {"name", "service_types"} <= set(delta.changed_fields)


def test_an_admin_edit_of_a_phone_records_the_phone_history(admin_client, admin_user, make_listing):
    listing = make_listing()
    form = admin_client.get(change_url(listing))

    admin_client.post(change_url(listing), admin_form_data(form, **{"phones-0-number": "(505) 555-0177"}))

    phone = listing.phones.get()
    assert phone.number == "+15055550177"
    # The writer keeps the rows that stay and replaces the others: the old number's
    # record says it went, the new one's that it came, both by the admin's user.
    latest = phone.history.latest()
    assert (latest.history_type, latest.history_user, latest.number) == ("+", admin_user, "+15055550177")
    gone = Phone.history.filter(listing_id=listing.pk, history_type="-").get()
    assert (gone.history_user, gone.number) == (admin_user, "+15055550100")


def test_an_admin_edit_of_an_organization_records_the_user(admin_client, admin_user):
    organization = Organization.objects.create(name="Old Name")

    admin_client.post(
        f"/admin/directory/organization/{organization.pk}/change/", {"name": "New Name", "website": ""}
    )

    latest = organization.history.latest()
    assert (latest.name, latest.history_user) == ("New Name", admin_user)


def test_the_history_page_shows_relation_changes(admin_client, make_listing, vetter, owner, organization):
    listing = make_listing("Casa Esperanza", organization=organization.name, service_types=["shelter"])
    proposal = proposal_create_edit(author=owner, listing=listing, values={"service_types": ["hotline", "shelter"]})
    proposal_approve(proposal=proposal, reviewer=vetter)

    response = admin_client.get(f"/admin/directory/listing/{listing.pk}/history/")

    assert response.status_code == 200
    assert b"vetter" in response.content
    assert b"service types" in response.content.lower() or b"service_types" in response.content


def test_a_reviewer_can_open_the_history(vetter_client, make_listing):
    listing = make_listing()

    assert vetter_client.get(f"/admin/directory/listing/{listing.pk}/history/").status_code == 200


# Reverting.


@pytest.fixture
def changed(make_listing, organization, owner, vetter):
    """A listing, then an approved change to its name, service types and phone."""
    listing = make_listing(
        "Casa Esperanza", organization=organization.name, service_types=["shelter"], phones=[("voice", "+15055550100")]
    )
    before = listing.history.latest()
    proposal = proposal_create_edit(
        author=owner,
        listing=listing,
        values={"name": "Wrong Name", "service_types": ["hotline"], "phone": ["+15055550199"]},
    )
    proposal_approve(proposal=proposal, reviewer=vetter)
    return listing, before


def revert_url(listing, version) -> str:
    return f"/admin/directory/listing/{listing.pk}/history/{version.history_id}/"


def test_the_revert_page_shows_the_versions_relations_and_phones(vetter_client, changed):
    listing, before = changed

    response = vetter_client.get(revert_url(listing, before))

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.initial["name"] == "Casa Esperanza"
    assert form.initial["service_types"] == [ServiceType.objects.get(slug="shelter").pk]
    assert [phone.number for phone in response.context["contacts"].phones] == ["+15055550100"]
    assert b"Reverting also restores this version" in response.content


def test_reverting_restores_fields_relations_phones_and_the_search_vector(vetter_client, vetter, changed):
    listing, before = changed
    form = vetter_client.get(revert_url(listing, before))

    response = vetter_client.post(revert_url(listing, before), admin_form_data(form))

    assert response.status_code == 302, response.context["adminform"].form.errors
    listing.refresh_from_db()
    assert listing.name == "Casa Esperanza"
    assert list(listing.service_types.values_list("slug", flat=True)) == ["shelter"]
    assert list(listing.phones.values_list("number", flat=True)) == ["+15055550100"]
    assert listing.history.latest().history_user == vetter
    assert listing.phones.get().history.latest().history_user == vetter
    if connection.vendor == "postgresql":
        found = Listing.objects.filter(search_vector=SearchQuery("esperanza", config="directory_en"))
        assert list(found) == [listing]


def test_a_revert_leaves_phones_alone_when_their_history_is_incomplete(vetter_client, changed):
    listing, before = changed
    # A phone written by a bulk path, which records no history.
    Phone.objects.bulk_create([Phone(listing=listing, kind="tty", number="+15055550155")])
    form = vetter_client.get(revert_url(listing, before))
    assert form.context["contacts"] is None

    response = vetter_client.post(revert_url(listing, before), admin_form_data(form), follow=True)

    listing.refresh_from_db()
    assert listing.name == "Casa Esperanza"
    assert sorted(listing.phones.values_list("number", flat=True)) == ["+15055550155", "+15055550199"]
    assert "history before this version is incomplete" in " ".join(
        str(m) for m in get_messages(response.wsgi_request)
    )


def test_staff_without_change_permission_cannot_revert(client, reviewer, changed):
    listing, before = changed
    client.force_login(reviewer)

    assert client.post(revert_url(listing, before), {"name": "x"}).status_code == 403
    listing.refresh_from_db()
    assert listing.name == "Wrong Name"


def test_staff_who_may_only_view_listings_cannot_revert(client, reviewer, changed):
    from django.contrib.auth.models import Permission

    listing, before = changed
    reviewer.user_permissions.set(Permission.objects.filter(codename="view_listing"))
    client.force_login(reviewer)
    form = client.get(revert_url(listing, before))
    assert form.status_code == 200

    assert client.post(revert_url(listing, before), admin_form_data(form)).status_code == 403
    listing.refresh_from_db()
    assert listing.name == "Wrong Name"


def test_an_anonymous_visitor_cannot_revert(client, changed):
    listing, before = changed

    response = client.post(revert_url(listing, before), {"name": "x"})

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_reverting_to_a_version_without_a_snapshot_of_relations_keeps_the_current_ones(vetter_client, make_listing):
    # A listing created with save() and then given its relations (as listings were written
    # before the one writer): its creation record holds none, and a revert must not take
    # that for "none at all".
    listing = make_listing(service_types=[])
    Listing.history.filter(id=listing.pk).delete()
    listing.save()
    version = listing.history.get()
    listing.service_types.set([ServiceType.objects.get(slug="hotline")])

    response = vetter_client.get(revert_url(listing, version))

    assert response.context["adminform"].form.initial["service_types"] == [ServiceType.objects.get(slug="hotline")]
    assert b"This version has no record of the listing" in response.content


def test_staff_who_may_only_view_organizations_cannot_revert_one(client, reviewer):
    from django.contrib.auth.models import Permission

    organization = Organization.objects.create(name="First Name")
    version = organization.history.get()
    organization.name = "Second Name"
    organization.save()
    reviewer.user_permissions.set(Permission.objects.filter(codename="view_organization"))
    client.force_login(reviewer)

    response = client.post(
        f"/admin/directory/organization/{organization.pk}/history/{version.history_id}/", {"name": "First Name"}
    )

    assert response.status_code == 403
    organization.refresh_from_db()
    assert organization.name == "Second Name"


def test_the_verify_and_publish_actions_keep_the_relations_in_their_history_records(vetter, make_listing):
    from directory.review.actions import listings_mark_verified, listings_set_status

    listing = make_listing(service_types=["shelter", "hotline"], counties_served=["taos"], status="draft")
    listings = Listing.objects.filter(pk=listing.pk)

    listings_mark_verified(listings=listings, reviewer=vetter)
    verified = listing.history.latest()
    listings_set_status(listings=listings, status=Listing.Status.PUBLISHED, reviewer=vetter)
    published = listing.history.latest()

    for record in (verified, published):
        assert sorted(row.servicetype.slug for row in record.service_types.all()) == ["hotline", "shelter"]
        assert [row.county.slug for row in record.counties_served.all()] == ["taos"]
    assert published.diff_against(verified).changed_fields == ["status"]
