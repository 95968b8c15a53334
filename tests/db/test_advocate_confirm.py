"""“Still accurate” in one click: a request that a reviewer verify the listing.

Reviewers vet every change, and "verified by" names a reviewer, so an advocate's
confirmation does not verify the listing by itself: it becomes a confirmation
proposal, and approving it is the verification.
"""

from django.test import Client

from directory.models import Listing, Proposal


def url(listing) -> str:
    return f"/advocate/listings/{listing.pk}/confirm/"


def test_it_asks_a_reviewer_to_verify_and_changes_nothing_yet(owner_client, owner, their_listing):
    before = Listing.objects.get(pk=their_listing.pk).last_verified

    response = owner_client.post(url(their_listing))

    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/advocate/proposals/{proposal.pk}/"
    assert proposal.kind == Proposal.Kind.CONFIRM
    assert proposal.values == {}
    assert proposal.base_values["name"] == "Casa Esperanza"
    assert Listing.objects.get(pk=their_listing.pk).last_verified == before


def test_confirming_twice_while_the_first_waits_makes_one_request(owner_client, their_listing):
    owner_client.post(url(their_listing))
    owner_client.post(url(their_listing))

    assert Proposal.objects.count() == 1


def test_an_outsider_gets_404(outsider_client, their_listing):
    assert outsider_client.post(url(their_listing)).status_code == 404
    assert not Proposal.objects.exists()


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, their_listing):
    response = client.post(url(their_listing))

    assert response.status_code == 302
    assert response["Location"].startswith("/advocate/login/")


def test_it_takes_only_a_post(owner_client, their_listing):
    assert owner_client.get(url(their_listing)).status_code == 405
    assert not Proposal.objects.exists()


def test_a_post_without_a_csrf_token_is_refused(owner, their_listing):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)

    assert client.post(url(their_listing)).status_code == 403
