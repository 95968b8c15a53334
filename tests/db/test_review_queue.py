"""The reviewers' queue in the admin: proposals, suggestions and stale listings, by listing."""

import datetime

from django.urls import reverse

from directory.models import Proposal, Suggestion
from directory.review.proposals import (
    proposal_create_confirmation,
    proposal_create_edit,
    proposal_create_new,
)
from tests.support import NEW_LISTING, logged_in

URL = "/admin/directory/listing/review/"


def test_the_url_is_named(db):
    assert reverse("admin:directory_listing_review") == URL


def test_a_reviewer_sees_a_proposal_with_its_field_by_field_diff(vetter_client, owner, their_listing):
    proposal_create_edit(author=owner, listing=their_listing, values={"phone": ["+15055550199"], "name": "Casa E."})

    response = vetter_client.get(URL)

    assert response.status_code == 200
    (group,) = response.context["groups"]
    assert group.listing == their_listing
    ((proposal, diff, warnings),) = group.proposals
    assert [(row.label, row.current, row.proposed, row.conflict) for row in diff] == [
        ("Name", "Casa Esperanza", "Casa E.", False),
        ("Phone", "(505) 555-0100", "(505) 555-0199", False),
    ]
    assert b"(505) 555-0199" in response.content


def test_proposals_suggestions_and_stale_listings_are_grouped_by_listing_oldest_first(
    vetter_client, owner, organization, their_listing, make_listing, time_machine
):
    time_machine.move_to(datetime.datetime(2025, 6, 1, 12, 0, tzinfo=datetime.UTC), tick=False)
    stale = make_listing("Old listing", organization=organization.name, last_verified=datetime.date(2023, 1, 1))
    time_machine.move_to(datetime.datetime(2025, 6, 2, 12, 0, tzinfo=datetime.UTC), tick=False)
    proposal_create_new(author=owner, organization=organization, values=NEW_LISTING)
    time_machine.move_to(datetime.datetime(2025, 6, 3, 12, 0, tzinfo=datetime.UTC), tick=False)
    proposal_create_confirmation(author=owner, listing=their_listing)
    time_machine.move_to(datetime.datetime(2025, 6, 4, 12, 0, tzinfo=datetime.UTC), tick=False)
    Suggestion.objects.create(listing=their_listing, text="The phone number is wrong.")
    Suggestion.objects.create(listing=stale, text="They moved.")

    response = vetter_client.get(URL)

    groups = response.context["groups"]
    assert [group.listing.name if group.listing else "new" for group in groups] == [
        "Old listing",  # stale since 2024
        "new",
        "Casa Esperanza",
    ]
    assert groups[0].stale and len(groups[0].suggestions) == 1
    assert [p.kind for p, _, _ in groups[2].proposals] == ["confirm"]
    assert len(groups[2].suggestions) == 1
    assert b"The phone number is wrong." in response.content
    assert b"Nuevo Amanecer" in response.content


def test_decided_proposals_and_dealt_with_suggestions_leave_the_queue(vetter_client, owner, their_listing, vetter):
    proposal = proposal_create_confirmation(author=owner, listing=their_listing)
    Proposal.objects.filter(pk=proposal.pk).update(status=Proposal.Status.WITHDRAWN)
    suggestion = Suggestion.objects.create(listing=their_listing, text="Closed on Fridays now.")
    vetter_client.post(f"/admin/directory/listing/review/suggestion/{suggestion.pk}/resolve/")

    assert vetter_client.get(URL).context["groups"] == []
    suggestion.refresh_from_db()
    assert suggestion.resolved_by == vetter


def test_the_queue_runs_a_fixed_number_of_queries(
    vetter_client, owner, organization, make_listing, django_assert_max_num_queries
):
    vetter_client.get(URL)

    def queries() -> int:
        with django_assert_max_num_queries(25) as captured:
            assert vetter_client.get(URL).status_code == 200
        return len(captured)

    def add(n: int) -> None:
        for _ in range(n):
            listing = make_listing(organization=organization.name, languages=["es"])
            proposal_create_edit(author=owner, listing=listing, values={"name": "Renamed"})
            Suggestion.objects.create(listing=listing, text="Wrong hours.")

    add(2)
    with_2 = queries()
    add(10)
    with_12 = queries()

    assert with_2 == with_12


def test_staff_without_the_reviewer_role_are_refused(client, reviewer):
    client.force_login(reviewer)  # conftest's bare staff user

    assert client.get(URL).status_code == 403


def test_an_advocate_is_sent_to_the_admin_login(owner_client):
    response = owner_client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_an_anonymous_visitor_is_sent_to_the_admin_login(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_queue_answers_only_get(vetter_client):
    assert vetter_client.post(URL).status_code == 405


def test_the_listing_changelist_links_to_the_queue(vetter_client):
    response = vetter_client.get(reverse("admin:directory_listing_changelist"))

    assert URL.encode() in response.content


def test_a_stale_listing_can_be_marked_verified_from_the_queue(vetter_client, vetter, make_listing):
    listing = make_listing("Old", last_verified=datetime.date(2020, 1, 1))

    response = vetter_client.post(f"/admin/directory/listing/review/listing/{listing.pk}/verify/")

    listing.refresh_from_db()
    assert response.status_code == 302
    assert listing.verified_by == vetter
    assert not listing.is_stale
    assert vetter_client.get(f"/admin/directory/listing/review/listing/{listing.pk}/verify/").status_code == 405


def test_resolving_a_suggestion_takes_a_post_and_the_reviewer_role(client, vetter_client, reviewer, their_listing):
    suggestion = Suggestion.objects.create(listing=their_listing, text="Closed on Fridays now.")
    path = f"/admin/directory/listing/review/suggestion/{suggestion.pk}/resolve/"
    client.force_login(reviewer)

    assert vetter_client.get(path).status_code == 405
    assert client.post(path).status_code == 403
    suggestion.refresh_from_db()
    assert suggestion.resolved is None


def test_resolving_an_unknown_suggestion_is_404(vetter_client):
    assert vetter_client.post("/admin/directory/listing/review/suggestion/999999/resolve/").status_code == 404


def test_an_advocate_cannot_resolve_a_suggestion(owner, their_listing):
    suggestion = Suggestion.objects.create(listing=their_listing, text="Closed on Fridays now.")

    response = logged_in(owner).post(f"/admin/directory/listing/review/suggestion/{suggestion.pk}/resolve/")

    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.resolved is None
