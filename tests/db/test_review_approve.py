"""Approving a proposal: applied once, atomically, as a verification, never over newer data."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from directory.models import Listing, Proposal
from directory.review.proposals import (
    NotPending,
    ProposalConflict,
    proposal_approve,
    proposal_create_confirmation,
    proposal_create_edit,
    proposal_create_new,
)
from tests.support import NEW_LISTING, edit_data, logged_in


def approve_url(proposal) -> str:
    return f"/admin/directory/listing/review/proposal/{proposal.pk}/approve/"


def resolve_url(proposal) -> str:
    return f"/admin/directory/listing/review/proposal/{proposal.pk}/resolve/"


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def phone_change(owner, their_listing) -> Proposal:
    return proposal_create_edit(author=owner, listing=their_listing, values={"phone": ["+15055550199"]})


def test_approving_applies_the_change_and_counts_as_a_verification(
    vetter_client, vetter, phone_change, their_listing, time_machine
):
    time_machine.move_to(datetime.datetime(2025, 6, 15, 18, 0, tzinfo=datetime.UTC), tick=False)
    Listing.objects.filter(pk=their_listing.pk).update(last_verified=datetime.date(2024, 1, 1))

    response = vetter_client.post(approve_url(phone_change), follow=True)

    listing = Listing.objects.get(pk=their_listing.pk)
    phone_change.refresh_from_db()
    assert response.status_code == 200
    assert messages_of(response) == ["Approved: the listing is updated and marked verified today."]
    assert list(listing.phones.values_list("number", flat=True)) == ["+15055550199"]
    assert listing.last_verified == datetime.date(2025, 6, 15)
    assert listing.verified_by == vetter
    assert phone_change.status == Proposal.Status.APPROVED
    assert phone_change.reviewer == vetter
    assert phone_change.decided == datetime.datetime(2025, 6, 15, 18, 0, tzinfo=datetime.UTC)


def test_the_approval_is_one_history_record_naming_the_reviewer_and_the_proposal(
    vetter, phone_change, their_listing
):
    versions = their_listing.history.count()

    proposal_approve(proposal=phone_change, reviewer=vetter)

    assert their_listing.history.count() == versions + 1
    record = their_listing.history.latest()
    assert record.history_user == vetter
    assert record.history_change_reason == f"Proposal #{phone_change.pk} approved"
    phone_record = their_listing.phones.get().history.latest()
    assert phone_record.history_user == vetter


def test_only_the_fields_the_advocate_changed_are_written(vetter, owner, their_listing):
    proposal = proposal_create_edit(author=owner, listing=their_listing, values={"name": "Casa Esperanza Taos"})
    # Someone changes another field after the proposal was made.
    Listing.objects.filter(pk=their_listing.pk).update(description="Newer description.")

    proposal_approve(proposal=proposal, reviewer=vetter)

    listing = Listing.objects.get(pk=their_listing.pk)
    assert listing.name == "Casa Esperanza Taos"
    assert listing.description == "Newer description."


def test_approving_twice_applies_once_and_refuses_the_second(vetter_client, vetter, phone_change, their_listing):
    first = vetter_client.post(approve_url(phone_change), follow=True)
    versions = their_listing.history.count()

    second = vetter_client.post(approve_url(phone_change), follow=True)

    assert messages_of(first) == ["Approved: the listing is updated and marked verified today."]
    assert messages_of(second) == ["This proposal was already approved."]
    assert their_listing.history.count() == versions
    assert Listing.objects.get(pk=their_listing.pk).phones.count() == 1


def test_a_second_approval_with_a_stale_copy_of_the_proposal_is_refused(vetter, phone_change):
    # Two reviewers loaded the same pending proposal; each approves their own copy.
    copy = Proposal.objects.get(pk=phone_change.pk)
    proposal_approve(proposal=phone_change, reviewer=vetter)

    with pytest.raises(NotPending):
        proposal_approve(proposal=copy, reviewer=vetter)


def test_the_status_check_reads_the_row_under_a_lock(vetter, phone_change):
    with CaptureQueriesContext(connection) as captured:
        proposal_approve(proposal=phone_change, reviewer=vetter)

    first_select = next(q["sql"] for q in captured if 'FROM "directory_proposal"' in q["sql"])
    assert first_select.rstrip().endswith("FOR UPDATE")


def test_the_search_vector_follows_the_approved_change(vetter, owner, their_listing):
    if connection.vendor != "postgresql":
        pytest.skip("the search vector exists on PostgreSQL only")
    proposal = proposal_create_edit(author=owner, listing=their_listing, values={"name": "Pajarito Refuge"})

    proposal_approve(proposal=proposal, reviewer=vetter)

    found = Listing.objects.filter(search_vector=SearchQuery("pajarito", config="directory_en"))
    assert list(found) == [their_listing]


def test_the_advocate_is_emailed_the_approval(
    vetter_client, phone_change, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        vetter_client.post(approve_url(phone_change))

    (email,) = mailoutbox
    assert email.to == ["owner@example.org"]
    assert email.subject == "Your proposal was approved: Casa Esperanza"
    assert f"/advocate/proposals/{phone_change.pk}/" in email.body


# Conflicts.


@pytest.fixture
def conflicting(owner, their_listing) -> Proposal:
    """A phone change, after which someone else changed the phone too."""
    proposal = proposal_create_edit(author=owner, listing=their_listing, values={"phone": ["+15055550199"]})
    phone = their_listing.phones.get()
    phone.number = "+15055550111"
    phone.save()
    return proposal


def test_a_proposal_against_an_older_version_is_shown_as_a_conflict(vetter_client, conflicting):
    response = vetter_client.get("/admin/directory/listing/review/")

    ((_, diff, _),) = response.context["groups"][0].proposals
    assert [(row.field, row.current, row.proposed, row.conflict) for row in diff] == [
        ("phone", "(505) 555-0111", "(505) 555-0199", True)
    ]
    assert b"Conflict: changed since the proposal was made" in response.content


def test_approve_refuses_a_conflict_and_overwrites_nothing(vetter_client, conflicting, their_listing):
    response = vetter_client.post(approve_url(conflicting), follow=True)

    (message,) = messages_of(response)
    assert "The listing has changed since this proposal was made (Phone)" in message
    assert resolve_url(conflicting) in message
    conflicting.refresh_from_db()
    assert conflicting.is_pending
    assert list(their_listing.phones.values_list("number", flat=True)) == ["+15055550111"]


def test_the_service_refuses_a_conflict_too(vetter, conflicting):
    with pytest.raises(ProposalConflict) as raised:
        proposal_approve(proposal=conflicting, reviewer=vetter)

    assert raised.value.fields == ["phone"]


def test_a_change_made_since_to_the_same_value_is_no_conflict(vetter, owner, their_listing):
    proposal = proposal_create_edit(author=owner, listing=their_listing, values={"name": "Casa E."})
    Listing.objects.filter(pk=their_listing.pk).update(name="Casa E.")

    proposal_approve(proposal=proposal, reviewer=vetter)

    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.APPROVED


def test_the_reviewer_resolves_a_conflict_by_editing_the_values_and_approving(
    vetter_client, vetter, conflicting, their_listing
):
    form = vetter_client.get(resolve_url(conflicting))
    assert form.status_code == 200
    assert form.context["form"].initial["phone"] == "(505) 555-0199"

    response = vetter_client.post(
        resolve_url(conflicting), edit_data(their_listing, phone="(505) 555-0199; (505) 555-0111"), follow=True
    )

    conflicting.refresh_from_db()
    assert conflicting.status == Proposal.Status.APPROVED
    assert sorted(their_listing.phones.values_list("number", flat=True)) == ["+15055550111", "+15055550199"]
    assert Listing.objects.get(pk=their_listing.pk).verified_by == vetter
    assert "Approved with your changes" in messages_of(response)[0]


def test_the_resolve_form_validates_like_the_portal(vetter_client, conflicting, their_listing):
    response = vetter_client.post(resolve_url(conflicting), edit_data(their_listing, phone="555"))

    assert response.status_code == 200
    assert "phone" in response.context["form"].errors
    conflicting.refresh_from_db()
    assert conflicting.is_pending


def test_a_confirmation_approved_marks_the_listing_verified_and_changes_nothing_else(
    vetter_client, vetter, owner, their_listing
):
    Listing.objects.filter(pk=their_listing.pk).update(last_verified=datetime.date(2024, 1, 1))
    proposal = proposal_create_confirmation(author=owner, listing=their_listing)

    vetter_client.post(approve_url(proposal))

    listing = Listing.objects.get(pk=their_listing.pk)
    assert listing.last_verified == timezone.localdate()
    assert listing.verified_by == vetter
    assert listing.name == "Casa Esperanza"


def test_a_confirmation_of_an_older_version_is_a_conflict(vetter, owner, their_listing):
    proposal = proposal_create_confirmation(author=owner, listing=their_listing)
    Listing.objects.filter(pk=their_listing.pk).update(city="Ranchos de Taos")

    with pytest.raises(ProposalConflict):
        proposal_approve(proposal=proposal, reviewer=vetter)


def test_approving_a_new_listing_publishes_it_with_everything_proposed(vetter_client, vetter, owner, organization):
    proposal = proposal_create_new(author=owner, organization=organization, values=NEW_LISTING)

    vetter_client.post(approve_url(proposal))

    listing = Listing.objects.get(name="Nuevo Amanecer")
    proposal.refresh_from_db()
    assert proposal.listing == listing
    assert listing.status == Listing.Status.PUBLISHED
    assert listing.organization == organization
    assert listing.slug == "nuevo-amanecer-santa-fe"
    assert listing.verified_by == vetter
    assert sorted(listing.phones.values_list("kind", "number")) == [("text", "233733"), ("voice", "+15055550123")]
    assert list(listing.service_types.values_list("slug", flat=True)) == ["counseling"]
    assert sorted(listing.languages.values_list("code", flat=True)) == ["en", "es"]
    assert listing.hours.count() == 5
    assert listing.history.latest().history_user == vetter
    # The public sees it.
    assert Client().get(f"/services/{listing.slug}/").status_code == 200


# Who may approve, and how.


def test_staff_without_the_reviewer_role_cannot_approve(client, reviewer, phone_change):
    client.force_login(reviewer)

    assert client.post(approve_url(phone_change)).status_code == 403
    phone_change.refresh_from_db()
    assert phone_change.is_pending


def test_an_advocate_cannot_approve_their_own_proposal(owner, phone_change):
    response = logged_in(owner).post(approve_url(phone_change))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    phone_change.refresh_from_db()
    assert phone_change.is_pending


def test_an_anonymous_visitor_is_sent_to_the_admin_login(client, phone_change):
    response = client.post(approve_url(phone_change))

    assert response.status_code == 302
    phone_change.refresh_from_db()
    assert phone_change.is_pending


def test_approving_takes_only_a_post(vetter_client, phone_change):
    assert vetter_client.get(approve_url(phone_change)).status_code == 405
    assert vetter_client.put(resolve_url(phone_change)).status_code == 405
    phone_change.refresh_from_db()
    assert phone_change.is_pending


def test_approving_without_a_csrf_token_is_refused(vetter, phone_change):
    client = Client(enforce_csrf_checks=True)
    client.force_login(vetter)

    assert client.post(approve_url(phone_change)).status_code == 403
    phone_change.refresh_from_db()
    assert phone_change.is_pending


def test_approving_an_unknown_proposal_is_404(vetter_client):
    assert vetter_client.post("/admin/directory/listing/review/proposal/999999/approve/").status_code == 404
