"""One listing in the portal: what it says now, and its proposals."""

import pytest


def url(listing) -> str:
    return f"/advocate/listings/{listing.pk}/"


def test_the_owner_sees_the_listing_as_it_is_now(owner_client, their_listing):
    response = owner_client.get(url(their_listing))

    assert response.status_code == 200
    assert b"Casa Esperanza" in response.content
    assert b"(505) 555-0100" in response.content
    assert b"Still accurate" in response.content


def test_the_owner_sees_a_draft_listing_of_theirs_too(owner_client, organization, make_listing):
    draft = make_listing("Draft", organization=organization.name, status="draft")

    assert owner_client.get(url(draft)).status_code == 200


def test_an_outsider_gets_404(outsider_client, their_listing):
    assert outsider_client.get(url(their_listing)).status_code == 404


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, their_listing):
    response = client.get(url(their_listing))

    assert response.status_code == 302
    assert response["Location"].startswith("/advocate/login/?next=")


def test_a_reviewer_who_is_no_advocate_is_refused(vetter_client, their_listing):
    assert vetter_client.get(url(their_listing)).status_code == 403


def test_it_answers_only_get(owner_client, their_listing):
    assert owner_client.post(url(their_listing)).status_code == 405


@pytest.mark.parametrize("prefix", ["", "/es"])
def test_it_opens_in_both_languages(owner_client, their_listing, prefix):
    response = owner_client.get(prefix + url(their_listing))

    assert response.status_code == 200
    assert response.context["LANGUAGE_CODE"] == (prefix.strip("/") or "en")
