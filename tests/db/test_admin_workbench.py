"""admin_workbench.py: the directory's own admin site, its home of the work waiting, the
queue's filters, and publishing a reviewed draft."""

import datetime

import pytest
from django.utils import timezone

from directory.listings.values import listing_values
from directory.models import Listing, Suggestion
from directory.review.proposals import proposal_create_edit

QUEUE = "/admin/directory/listing/review/"


@pytest.fixture
def waiting(make_listing, organization, owner):
    long_ago = timezone.localdate() - datetime.timedelta(days=400)
    place = {"organization": organization.name, "county": "taos", "city": "Taos"}
    stale = make_listing("Stale", last_verified=long_ago, **place)
    never = make_listing("Never", last_verified=None, **place)
    draft = make_listing("Draft", status=Listing.Status.DRAFT, last_verified=None, **place)
    # A draft an import dated as verified still awaits its first review.
    dated_draft = make_listing("Dated draft", status=Listing.Status.DRAFT, **place)
    make_listing("Archived", status=Listing.Status.ARCHIVED, last_verified=None, **place)
    make_listing("Fresh", **place)
    values = listing_values(Listing.objects.for_detail().get(pk=stale.pk))
    proposal_create_edit(author=owner, listing=stale, values={**values, "name": "Stale, renamed"})
    Suggestion.objects.create(listing=never, text="Closed on Fridays now.")
    return {"stale": stale, "never": never, "draft": draft, "dated_draft": dated_draft}


def test_every_admin_page_carries_the_directorys_name(vetter_client):
    content = vetter_client.get("/admin/").content.decode()

    assert "<title>Reviewers’ desk | New Mexico Survivor Resource Directory</title>" in content
    assert "New Mexico Survivor Resource Directory</a>" in content
    assert "Django administration" not in content


def test_the_home_page_counts_the_work_waiting(vetter_client, waiting, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        response = vetter_client.get("/admin/")

    work = {str(item.label): item.count for item in response.context["work"]}
    assert work == {
        "Proposals from advocates": 1,
        "Suggestions from the public": 1,
        "Drafts awaiting their first review": 2,
        "Published listings never verified": 1,
        "Stale listings: not verified in 12 months": 1,
        "Requests for an advocate's account": 0,
    }


@pytest.mark.parametrize(
    ("show", "names"),
    [
        ("proposals", ["Stale"]),
        ("suggestions", ["Never"]),
        ("draft", ["Draft", "Dated draft"]),
        ("never-verified", ["Never"]),
        ("stale", ["Stale"]),
    ],
)
def test_each_count_links_to_the_queue_showing_that_work(vetter_client, waiting, show, names):
    response = vetter_client.get(f"{QUEUE}?show={show}")

    assert sorted(group.listing.name for group in response.context["groups"]) == sorted(names)


def test_a_reviewer_publishes_a_draft_from_the_queue_and_history_says_who(vetter, vetter_client, waiting):
    draft = waiting["draft"]

    response = vetter_client.post(f"{QUEUE}listing/{draft.pk}/publish/")

    assert response.status_code == 302 and response.url == QUEUE
    draft.refresh_from_db()
    assert draft.status == Listing.Status.PUBLISHED
    assert (draft.last_verified, draft.verified_by) == (timezone.localdate(), vetter)
    record = draft.history.filter(status=Listing.Status.PUBLISHED).earliest("history_date")
    assert record.history_user == vetter


def test_a_draft_that_contradicts_itself_is_not_published(vetter_client, make_listing, organization):
    draft = make_listing(
        "Contradiction",
        organization=organization.name,
        status=Listing.Status.DRAFT,
        hotline_24_7=True,
        hours=[(0, "09:00", "17:00")],
    )

    response = vetter_client.post(f"{QUEUE}listing/{draft.pk}/publish/", follow=True)

    assert "was not published" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Listing.Status.DRAFT


def test_only_drafts_are_published_from_the_queue(vetter_client, waiting):
    assert vetter_client.post(f"{QUEUE}listing/{waiting['stale'].pk}/publish/").status_code == 404


def test_publishing_needs_a_post(vetter_client, waiting):
    assert vetter_client.get(f"{QUEUE}listing/{waiting['draft'].pk}/publish/").status_code == 405


def test_an_advocate_cannot_publish(owner_client, waiting):
    response = owner_client.post(f"{QUEUE}listing/{waiting['draft'].pk}/publish/")

    assert response.status_code == 302 and "/admin/login/" in response.url
    assert Listing.objects.get(pk=waiting["draft"].pk).status == Listing.Status.DRAFT


def test_the_queue_shows_consistency_warnings(vetter_client, make_listing, organization):
    make_listing(
        "Contradiction",
        organization=organization.name,
        hotline_24_7=True,
        hours=[(0, "09:00", "17:00")],
        last_verified=None,
    )

    (group,) = vetter_client.get(QUEUE).context["groups"]

    assert any("“Answers 24/7” is ticked" in warning for warning in group.warnings)


def test_saving_a_listing_in_the_admin_warns_about_its_problems(superuser, client, make_listing):
    from tests.support import admin_form_data

    listing = make_listing("Línea", languages=["es"], description_es="")
    client.force_login(superuser)
    url = f"/admin/directory/listing/{listing.pk}/change/"

    response = client.post(url, admin_form_data(client.get(url)), follow=True)

    messages = [str(message) for message in response.context["messages"]]
    assert "The service speaks Spanish: give its description in Spanish too." in messages
