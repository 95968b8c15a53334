"""Finding 9: a proposal's page stops showing the listing once it belongs to someone else."""


from directory.models import Listing, Organization
from directory.review.proposals import proposal_create_edit
from tests.browser.outside import log_in


def test_a_pending_proposal_no_longer_shows_a_listing_moved_to_another_organization(outside, advocate_of, make_listing):
    advocate = advocate_of("First Org")
    listing = make_listing(
        "Casa", organization="First Org", address="77 Movedaway Street", city="Taos", description="Ask for Movedaway."
    )
    proposal = proposal_create_edit(author=advocate, listing=listing, values={"description": "New words."})
    log_in(outside, advocate)
    assert "Movedaway" in outside.request(f"/advocate/proposals/{proposal.pk}/").text  # theirs: compared

    Listing.objects.filter(pk=listing.pk).update(organization=Organization.objects.create(name="Second Org"))
    answer = outside.request(f"/advocate/proposals/{proposal.pk}/")

    assert answer.status in (200, 404)
    assert "Movedaway" not in answer.text
