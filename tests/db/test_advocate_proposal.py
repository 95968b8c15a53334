"""A proposal's page (status, the reviewer's reason, the changes) and withdrawing it."""

from django.test import Client

from directory.models import Proposal
from directory.review.proposals import (
    proposal_approve,
    proposal_create_edit,
    proposal_reject,
)
from tests.support import logged_in


def page(proposal) -> str:
    return f"/advocate/proposals/{proposal.pk}/"


def withdraw(proposal) -> str:
    return f"/advocate/proposals/{proposal.pk}/withdraw/"


def propose(owner, listing, **values) -> Proposal:
    return proposal_create_edit(author=owner, listing=listing, values={**values})


def test_a_pending_proposal_shows_its_changes_against_the_listing_now(owner_client, owner, their_listing):
    proposal = propose(owner, their_listing, name="Casa Esperanza Taos")

    response = owner_client.get(page(proposal))

    assert response.status_code == 200
    assert b"Waiting for review" in response.content
    rows = response.context["diff"]
    assert [(row.label, row.current, row.proposed) for row in rows] == [
        ("Name", "Casa Esperanza", "Casa Esperanza Taos")
    ]
    assert b"Withdraw this proposal" in response.content


def test_a_rejected_proposal_shows_the_reviewers_reason(owner_client, owner, vetter, their_listing):
    proposal = propose(owner, their_listing, name="Casa Esperanza Taos")
    proposal_reject(proposal=proposal, reviewer=vetter, reason="The name on your sign is still Casa Esperanza.")

    response = owner_client.get(page(proposal))

    assert b"Not approved" in response.content
    assert b"The name on your sign is still Casa Esperanza." in response.content
    assert b"Withdraw this proposal" not in response.content


def test_a_colleague_sees_the_proposal_too(colleague, owner, their_listing):
    proposal = propose(owner, their_listing, name="Casa Esperanza Taos")

    assert logged_in(colleague).get(page(proposal)).status_code == 200


def test_an_outsider_gets_404(outsider_client, owner, their_listing):
    proposal = propose(owner, their_listing, name="Casa Esperanza Taos")

    assert outsider_client.get(page(proposal)).status_code == 404


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, owner, their_listing):
    proposal = propose(owner, their_listing, name="Casa Esperanza Taos")

    assert client.get(page(proposal)).status_code == 302


def test_the_page_answers_only_get(owner_client, owner, their_listing):
    proposal = propose(owner, their_listing, name="Casa Esperanza Taos")

    assert owner_client.post(page(proposal)).status_code == 405


# Withdrawing.


def test_withdrawing_a_pending_proposal(owner_client, owner, their_listing):
    proposal = propose(owner, their_listing, name="Casa Esperanza Taos")

    response = owner_client.post(withdraw(proposal), follow=True)

    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.WITHDRAWN
    assert b"The proposal was withdrawn." in response.content


def test_a_decided_proposal_cannot_be_withdrawn(owner_client, owner, vetter, their_listing):
    proposal = propose(owner, their_listing, name="Casa Esperanza Taos")
    proposal_approve(proposal=proposal, reviewer=vetter)

    response = owner_client.post(withdraw(proposal), follow=True)

    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.APPROVED
    assert b"This proposal was already approved." in response.content


def test_an_outsider_cannot_withdraw(outsider_client, owner, their_listing):
    proposal = propose(owner, their_listing, name="Casa Esperanza Taos")

    assert outsider_client.post(withdraw(proposal)).status_code == 404
    proposal.refresh_from_db()
    assert proposal.is_pending


def test_an_anonymous_visitor_cannot_withdraw(client, owner, their_listing):
    proposal = propose(owner, their_listing, name="Casa Esperanza Taos")

    response = client.post(withdraw(proposal))

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.is_pending


def test_withdrawing_takes_only_a_post(owner_client, owner, their_listing):
    proposal = propose(owner, their_listing, name="Casa Esperanza Taos")

    assert owner_client.get(withdraw(proposal)).status_code == 405


def test_withdrawing_without_a_csrf_token_is_refused(owner, their_listing):
    proposal = propose(owner, their_listing, name="Casa Esperanza Taos")
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)

    assert client.post(withdraw(proposal)).status_code == 403
    proposal.refresh_from_db()
    assert proposal.is_pending
