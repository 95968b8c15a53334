"""The public's "suggest a correction" form."""

import datetime

import pytest
from django.test import Client

from directory.models import Listing, RateLimitCounter, Suggestion


@pytest.fixture
def listing(make_listing):
    return make_listing("Casa Esperanza", slug="casa-esperanza")


URL = "/services/casa-esperanza/suggest/"
SUGGESTION = {"text": "The hotline number changed to 505-555-0199.", "contact": "", "homepage": ""}


def test_the_form_opens_for_a_published_listing_in_both_languages(client, listing):
    english = client.get(URL)
    spanish = client.get("/es" + URL)

    assert english.status_code == 200
    assert b"Suggest a correction to Casa Esperanza" in english.content
    assert spanish.status_code == 200
    assert spanish.context["LANGUAGE_CODE"] == "es"


def test_the_detail_page_links_to_it(client, listing):
    assert URL.encode() in client.get("/services/casa-esperanza/").content


@pytest.mark.parametrize("status", [Listing.Status.DRAFT, Listing.Status.ARCHIVED])
def test_an_unpublished_listing_has_no_suggestion_form(client, make_listing, status):
    make_listing(slug="hidden", status=status)

    assert client.get("/services/hidden/suggest/").status_code == 404
    assert client.post("/services/hidden/suggest/", SUGGESTION).status_code == 404
    assert not Suggestion.objects.exists()


def test_a_suggestion_is_stored_for_reviewers_and_the_listing_does_not_change(client, listing):
    response = client.post(URL, {**SUGGESTION, "contact": "ana@example.org"})

    assert response.status_code == 200
    assert b"Thank you" in response.content
    suggestion = Suggestion.objects.get()
    assert suggestion.listing == listing
    assert suggestion.text == SUGGESTION["text"]
    assert suggestion.contact == "ana@example.org"
    assert suggestion.resolved is None
    listing_now = Listing.objects.get(pk=listing.pk)
    assert listing_now.updated == listing.updated


def test_reviewers_are_emailed_without_the_suggestion_text(
    client, listing, vetter, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, {**SUGGESTION, "contact": "ana@example.org"})

    (email,) = mailoutbox
    assert email.to == ["vetter@example.org"]
    assert "Casa Esperanza" in email.subject
    assert "505-555-0199" not in email.body
    assert "ana@example.org" not in email.body


def test_an_empty_suggestion_is_refused_with_a_message(client, listing):
    response = client.post(URL, {**SUGGESTION, "text": ""})

    assert response.status_code == 200
    assert "text" in response.context["form"].errors
    assert not Suggestion.objects.exists()


def test_a_filled_in_honeypot_is_thanked_and_silently_dropped(client, listing):
    response = client.post(URL, {**SUGGESTION, "homepage": "http://spam.example"})

    assert response.status_code == 200
    assert b"Thank you" in response.content
    assert not Suggestion.objects.exists()


def test_the_honeypot_is_hidden_by_a_class_not_an_inline_style(client, listing):
    content = client.get(URL).content.decode()

    assert 'class="visually-hidden" aria-hidden="true"' in content
    assert 'name="homepage"' in content
    assert "style=" not in content


def test_the_sixth_suggestion_in_an_hour_gets_429(client, listing):
    for _ in range(5):
        assert client.post(URL, SUGGESTION).status_code == 200

    response = client.post(URL, SUGGESTION)

    assert response.status_code == 429
    assert Suggestion.objects.count() == 5


def test_the_limit_is_per_client(client, listing):
    for _ in range(5):
        client.post(URL, SUGGESTION, REMOTE_ADDR="192.0.2.1")

    assert client.post(URL, SUGGESTION, REMOTE_ADDR="192.0.2.2").status_code == 200


def test_the_limit_resets_after_an_hour(client, listing, time_machine):
    # LocMemCache expires keys by wall-clock time, which time_machine moves.
    time_machine.move_to(datetime.datetime(2025, 6, 15, 12, 0, tzinfo=datetime.UTC), tick=False)
    for _ in range(5):
        client.post(URL, SUGGESTION)
    time_machine.shift(60 * 60 + 1)

    assert client.post(URL, SUGGESTION).status_code == 200


def test_the_client_address_is_never_stored(client, listing):
    client.post(URL, SUGGESTION, REMOTE_ADDR="192.0.2.77")

    (counter,) = RateLimitCounter.objects.all()
    assert "192.0.2.77" not in counter.key and counter.hits == 1
    assert "192.0.2.77" not in str(Suggestion.objects.values().get())


def test_a_post_without_a_csrf_token_is_refused(listing):
    client = Client(enforce_csrf_checks=True)

    assert client.post(URL, SUGGESTION).status_code == 403
    assert not Suggestion.objects.exists()


def test_a_post_with_the_token_from_the_form_is_accepted(listing):
    client = Client(enforce_csrf_checks=True)
    token = client.get(URL).context["csrf_token"]

    assert client.post(URL, {**SUGGESTION, "csrfmiddlewaretoken": str(token)}).status_code == 200
    assert Suggestion.objects.count() == 1


def test_the_form_sets_at_most_a_session_cookie_without_an_expiry(client, listing):
    response = client.get(URL)

    assert set(response.cookies) <= {"sessionid"}
    for morsel in response.cookies.values():
        assert not morsel["expires"] and not morsel["max-age"]


def test_it_answers_only_get_and_post(client, listing):
    assert client.put(URL).status_code == 405
