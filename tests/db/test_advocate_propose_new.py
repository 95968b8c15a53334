"""Proposing a new listing for one of the advocate's organizations."""

from django.test import Client

from directory.models import Listing, Proposal
from tests.support import NEW_LISTING, form_data

URL = "/advocate/listings/new/"


def test_the_form_opens_with_the_advocates_organizations_to_choose_from(owner_client, organization, other_organization):
    response = owner_client.get(URL)

    assert response.status_code == 200
    assert list(response.context["form"].fields["organization"].queryset) == [organization]


def test_a_new_listing_is_proposed_and_nothing_is_published(owner_client, owner, organization):
    data = form_data(NEW_LISTING, organization=organization.pk, phone="(505) 555-0123", hours="Mon-Fri 09:00-17:00")

    response = owner_client.post(URL, data)

    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert proposal.kind == Proposal.Kind.NEW
    assert proposal.organization == organization
    assert proposal.listing is None
    assert proposal.values["phone"] == ["+15055550123"]
    assert proposal.values["text"] == ["233733"]
    assert proposal.values["hours"].startswith("Mon 09:00-17:00; Tue 09:00-17:00")
    # The ZIP's county, when none is chosen, as the import does.
    assert proposal.values["county"] == "santa-fe"
    assert not Listing.objects.exists()


def test_another_organization_cannot_be_chosen(owner_client, other_organization):
    data = form_data(NEW_LISTING, organization=other_organization.pk)

    response = owner_client.post(URL, data)

    assert response.status_code == 200
    assert "organization" in response.context["form"].errors
    assert not Proposal.objects.exists()


def test_required_values_are_required(owner_client, organization):
    data = form_data(NEW_LISTING, organization=organization.pk, name="", service_types=[], counties_served=[])

    response = owner_client.post(URL, data)

    assert set(response.context["form"].errors) == {"name", "service_types", "counties_served"}


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, organization):
    response = client.post(URL, form_data(NEW_LISTING, organization=organization.pk))

    assert response.status_code == 302
    assert not Proposal.objects.exists()


def test_it_answers_only_get_and_post(owner_client):
    assert owner_client.delete(URL).status_code == 405


def test_a_post_without_a_csrf_token_is_refused(owner, organization):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)

    assert client.post(URL, form_data(NEW_LISTING, organization=organization.pk)).status_code == 403
