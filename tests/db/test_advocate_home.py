"""The portal's first page: the advocate's listings and their organizations' proposals."""

from directory.models import Listing, Proposal
from directory.review.proposals import proposal_create_confirmation, proposal_reject
from tests.support import logged_in


def test_it_lists_the_listings_of_the_advocates_organizations_in_any_status(owner_client, organization, make_listing):
    make_listing("Published one", organization=organization.name)
    make_listing("Draft one", organization=organization.name, status=Listing.Status.DRAFT)
    make_listing("Someone else's", organization="Elsewhere Alliance")

    response = owner_client.get("/advocate/")

    assert response.status_code == 200
    assert {listing.name for listing in response.context["listings"]} == {"Published one", "Draft one"}
    assert b"Someone else" not in response.content


def test_it_shows_each_proposal_with_its_status_and_the_reviewers_reason(owner_client, owner, vetter, their_listing):
    proposal = proposal_create_confirmation(author=owner, listing=their_listing)
    proposal_reject(proposal=proposal, reviewer=vetter, reason="Please call us first.")

    response = owner_client.get("/advocate/")

    assert b"Not approved" in response.content
    assert b"Please call us first." in response.content


def test_colleagues_see_each_others_proposals_and_outsiders_do_not(
    owner, colleague, outsider_client, their_listing
):
    proposal_create_confirmation(author=colleague, listing=their_listing)

    assert len(logged_in(owner).get("/advocate/").context["proposals"]) == 1
    assert len(outsider_client.get("/advocate/").context["proposals"]) == 0


def test_it_runs_the_same_number_of_queries_for_2_and_20_listings(
    owner_client, owner, organization, make_listing, django_assert_max_num_queries
):
    owner_client.get("/advocate/")  # the CSRF token's first write to the session

    def queries() -> int:
        with django_assert_max_num_queries(10) as captured:
            assert owner_client.get("/advocate/").status_code == 200
        return len(captured)

    for _ in range(2):
        listing = make_listing(organization=organization.name)
        Proposal.objects.create(kind="confirm", organization=organization, listing=listing, author=owner)
    with_2 = queries()
    for _ in range(18):
        listing = make_listing(organization=organization.name)
        Proposal.objects.create(kind="confirm", organization=organization, listing=listing, author=owner)
    with_20 = queries()

    assert with_2 == with_20


def test_it_answers_only_get(owner_client):
    assert owner_client.post("/advocate/").status_code == 405
