"""Rejecting a proposal: a reason is required, and it reaches the advocate."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from directory.models import Listing, Proposal
from directory.review.proposals import (
    ReviewError,
    proposal_approve,
    proposal_create_edit,
    proposal_reject,
)
from tests.support import logged_in

REASON = "We could not reach this number; please check it."


def reject_url(proposal) -> str:
    return f"/admin/directory/listing/review/proposal/{proposal.pk}/reject/"


@pytest.fixture
def phone_change(owner, their_listing) -> Proposal:
    return proposal_create_edit(author=owner, listing=their_listing, values={"phone": ["+15055550199"]})


def test_rejecting_records_the_reviewer_and_the_reason_and_changes_nothing(
    vetter_client, vetter, phone_change, their_listing
):
    response = vetter_client.post(reject_url(phone_change), {"reason": REASON}, follow=True)

    phone_change.refresh_from_db()
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Rejected: the advocate has been told why."]
    assert phone_change.status == Proposal.Status.REJECTED
    assert phone_change.reviewer == vetter
    assert phone_change.reason == REASON
    assert phone_change.decided is not None
    assert list(Listing.objects.get(pk=their_listing.pk).phones.values_list("number", flat=True)) == ["+15055550100"]


def test_a_rejection_without_a_reason_is_refused(vetter_client, phone_change):
    response = vetter_client.post(reject_url(phone_change), {"reason": "  "}, follow=True)

    phone_change.refresh_from_db()
    assert phone_change.is_pending
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == ["To reject a proposal, give the advocate a reason."]


def test_the_service_refuses_a_blank_reason_too(vetter, phone_change):
    with pytest.raises(ReviewError):
        proposal_reject(proposal=phone_change, reviewer=vetter, reason="")


def test_the_reason_reaches_the_advocate_on_the_proposal_page_and_by_email(
    vetter_client, owner_client, phone_change, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        vetter_client.post(reject_url(phone_change), {"reason": REASON})

    page = owner_client.get(f"/advocate/proposals/{phone_change.pk}/")
    assert REASON.encode() in page.content
    (email,) = mailoutbox
    assert email.to == ["owner@example.org"]
    assert email.subject == "Your proposal was not approved: Casa Esperanza"
    assert REASON in email.body
    assert f"/advocate/proposals/{phone_change.pk}/" in email.body


def test_the_decision_email_is_in_the_language_the_advocate_wrote_in(
    owner, vetter, their_listing, mailoutbox, django_capture_on_commit_callbacks
):
    proposal = proposal_create_edit(author=owner, listing=their_listing, values={"name": "Casa E."}, language="es")

    with django_capture_on_commit_callbacks(execute=True):
        proposal_reject(proposal=proposal, reviewer=vetter, reason=REASON)

    (email,) = mailoutbox
    # The link is to the Spanish portal whether or not the catalogue translates the text yet.
    assert f"/es/advocate/proposals/{proposal.pk}/" in email.body


def test_a_decided_proposal_cannot_be_rejected(vetter_client, vetter, phone_change):
    proposal_approve(proposal=phone_change, reviewer=vetter)

    response = vetter_client.post(reject_url(phone_change), {"reason": REASON}, follow=True)

    phone_change.refresh_from_db()
    assert phone_change.status == Proposal.Status.APPROVED
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["This proposal was already approved."]


def test_staff_without_the_reviewer_role_cannot_reject(client, reviewer, phone_change):
    client.force_login(reviewer)

    assert client.post(reject_url(phone_change), {"reason": REASON}).status_code == 403


def test_an_advocate_cannot_reject(owner, phone_change):
    assert logged_in(owner).post(reject_url(phone_change), {"reason": REASON}).status_code == 302
    phone_change.refresh_from_db()
    assert phone_change.is_pending


def test_an_anonymous_visitor_is_sent_to_the_admin_login(client, phone_change):
    response = client.post(reject_url(phone_change), {"reason": REASON})

    assert response["Location"].startswith("/admin/login/")


def test_rejecting_takes_only_a_post(vetter_client, phone_change):
    assert vetter_client.get(reject_url(phone_change)).status_code == 405


def test_rejecting_without_a_csrf_token_is_refused(vetter, phone_change):
    client = Client(enforce_csrf_checks=True)
    client.force_login(vetter)

    assert client.post(reject_url(phone_change), {"reason": REASON}).status_code == 403
    phone_change.refresh_from_db()
    assert phone_change.is_pending
