"""The portal's login and logout: Django's auth views, with axes watching."""

import pytest
from django.urls import reverse

from tests.support import PASSWORD

LOGIN = "/advocate/login/"


def test_the_login_page_opens_in_english_and_spanish(client, db):
    english = client.get(LOGIN)
    spanish = client.get("/es/advocate/login/")

    assert english.status_code == 200
    assert b"Advocates\xe2\x80\x99 log in" in english.content
    assert spanish.status_code == 200
    assert spanish.context["LANGUAGE_CODE"] == "es"


def test_the_login_page_sets_only_a_session_cookie(client, db):
    response = client.get(LOGIN)

    assert set(response.cookies) <= {"sessionid"}
    for morsel in response.cookies.values():
        assert not morsel["expires"] and not morsel["max-age"]


def test_an_advocate_logs_in_and_lands_on_their_listings(client, owner, their_listing):
    response = client.post(LOGIN, {"username": "owner", "password": PASSWORD}, REMOTE_ADDR="192.0.2.10")

    assert response.status_code == 302
    assert response["Location"] == reverse("directory:advocate:home")
    assert b"Casa Esperanza" in client.get(response["Location"]).content


def test_a_wrong_password_shows_the_form_again_with_a_message(client, owner):
    response = client.post(LOGIN, {"username": "owner", "password": "wrong"}, REMOTE_ADDR="192.0.2.11")

    assert response.status_code == 200
    assert b"did not match" in response.content
    assert "_auth_user_id" not in client.session


def test_axes_locks_out_after_five_failures(client, owner):
    for _ in range(5):
        client.post(LOGIN, {"username": "owner", "password": "wrong"}, REMOTE_ADDR="192.0.2.12")

    response = client.post(LOGIN, {"username": "owner", "password": PASSWORD}, REMOTE_ADDR="192.0.2.12")

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_login_form_refuses_a_post_without_a_csrf_token(owner):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)

    response = client.post(LOGIN, {"username": "owner", "password": PASSWORD})

    assert response.status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, db):
    response = client.get("/advocate/")

    assert response.status_code == 302
    assert response["Location"] == "/advocate/login/?next=/advocate/"


def test_an_anonymous_visitor_to_the_spanish_portal_is_sent_to_the_spanish_login(client, db):
    response = client.get("/es/advocate/")

    assert response["Location"].startswith("/es/advocate/login/")


def test_logging_out_takes_a_post(owner_client):
    assert owner_client.get("/advocate/logout/").status_code == 405

    response = owner_client.post("/advocate/logout/")

    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert owner_client.get("/advocate/").status_code == 302


@pytest.mark.parametrize("path", ["/advocate/", "/advocate/listings/new/"])
def test_a_logged_in_user_who_is_not_an_advocate_is_refused(client, vetter, path):
    client.force_login(vetter)

    assert client.get(path).status_code == 403
