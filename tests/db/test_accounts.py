"""Accounts end to end through Django's email outbox: asking for an advocate's account, a
reviewer approving it, choosing a password from the emailed link; "forgot your password"
for advocates and reviewers, in English and Spanish; and the demo accounts."""

import re
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import translation

from directory.models import AccountRequest, Organization
from directory.web.accounts import ACCOUNT_REQUESTS
from tests.support import PASSWORD, logged_in

REQUEST_URL = "/advocate/request-account/"
REQUEST = {"organization": "Casa del Sol", "name": "Marta López", "email": "marta@example.org", "phone": "505-555-0142"}
NEW_PASSWORD = "a-brand-new-long-password"


@pytest.fixture
def reviewers_decide(roles) -> None:
    """Reviewers may see and decide account requests (migration 0012, kept by tests/conftest.py)."""


def link_in(body: str) -> str:
    return re.search(r"https?://[^\s]+|/(?:es/)?advocate/password/reset/\S+", body).group(0)


def path_of(link: str) -> str:
    return re.sub(r"^https?://[^/]+", "", link)


def logs_in(username: str, password: str) -> bool:
    response = Client().post("/advocate/login/", {"username": username, "password": password})
    return response.status_code == 302


def choose_password(client: Client, link: str) -> None:
    # Django's confirm view swaps the token for a session marker, then shows the form.
    response = client.get(path_of(link), follow=True)
    assert response.context["validlink"]
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302 and response.url.endswith("/advocate/password/reset/done/")


def test_a_requested_account_approved_by_a_reviewer_becomes_an_advocate_who_sets_a_password(
    client, vetter, vetter_client, reviewers_decide, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REQUEST_URL, REQUEST)

    assert response.status_code == 200 and response.context["sent"]
    request = AccountRequest.objects.get()
    assert (request.organization, request.email, request.status) == ("Casa del Sol", "marta@example.org", "pending")
    (to_reviewer,) = mailoutbox
    assert to_reviewer.to == [vetter.email]
    assert f"/admin/directory/accountrequest/{request.pk}/change/" in to_reviewer.body
    assert "505-555-0142" not in to_reviewer.body  # contact details stay on the server

    assert b"Requests for an advocate" in vetter_client.get("/admin/").content
    with django_capture_on_commit_callbacks(execute=True):
        response = vetter_client.post(
            "/admin/directory/accountrequest/",
            {"action": "approve", "_selected_action": [request.pk]},
        )
    assert response.status_code == 302

    user = User.objects.get(email="marta@example.org")
    assert user.has_perm("directory.add_proposal")
    assert list(user.organizations.values_list("name", flat=True)) == ["Casa del Sol"]
    request.refresh_from_db()
    assert (request.status, request.user, request.decided_by) == ("approved", user, vetter)
    welcome = mailoutbox[-1]
    assert welcome.to == ["marta@example.org"]
    assert user.username in welcome.body

    advocate = Client()
    choose_password(advocate, link_in(welcome.body))
    assert logs_in(user.username, NEW_PASSWORD)


def test_a_spanish_request_is_answered_in_spanish(
    vetter, reviewers_decide, mailoutbox, django_capture_on_commit_callbacks
):
    from directory.web.accounts import account_request_approve

    with django_capture_on_commit_callbacks(execute=True):
        Client().post("/es" + REQUEST_URL, REQUEST)
        account_request_approve(account_request=AccountRequest.objects.get(), reviewer=vetter)

    welcome = mailoutbox[-1]
    assert "/es/advocate/password/reset/" in welcome.body
    assert "Hola" in welcome.body or "contraseña" in welcome.body


def test_approving_uses_an_existing_organization_of_that_name(vetter, reviewers_decide):
    from directory.web.accounts import account_request_approve

    organization = Organization.objects.create(name="Casa del Sol")
    request = AccountRequest.objects.create(**REQUEST)

    user = account_request_approve(account_request=request, reviewer=vetter)

    assert list(user.organizations.all()) == [organization]


def test_an_email_that_already_has_an_account_is_not_approved_twice(vetter, reviewers_decide):
    from directory.review.proposals import ReviewError
    from directory.web.accounts import account_request_approve

    User.objects.create_user("marta", "marta@example.org", PASSWORD)
    request = AccountRequest.objects.create(**REQUEST)

    with translation.override("en"), pytest.raises(ReviewError, match="already has an account"):
        account_request_approve(account_request=request, reviewer=vetter)
    request.refresh_from_db()
    assert request.status == "pending"


def test_a_declined_request_makes_no_account(vetter_client, reviewers_decide, mailoutbox):
    request = AccountRequest.objects.create(**REQUEST)

    vetter_client.post("/admin/directory/accountrequest/", {"action": "decline", "_selected_action": [request.pk]})

    request.refresh_from_db()
    assert request.status == "declined"
    assert not User.objects.filter(email=REQUEST["email"]).exists()


def test_an_advocate_cannot_open_the_account_requests(owner_client):
    assert owner_client.get("/admin/directory/accountrequest/").status_code == 302  # to the admin's login


def test_requests_are_rate_limited_like_suggestions(client, db):
    for _ in range(ACCOUNT_REQUESTS.hits):
        assert client.post(REQUEST_URL, REQUEST).status_code == 200

    response = client.post(REQUEST_URL, REQUEST)

    assert response.status_code == 429
    assert AccountRequest.objects.count() == ACCOUNT_REQUESTS.hits


def test_a_form_error_does_not_count_against_the_limit(client, db):
    for _ in range(ACCOUNT_REQUESTS.hits + 2):
        assert client.post(REQUEST_URL, {**REQUEST, "email": "not an email"}).status_code == 200
    assert client.post(REQUEST_URL, REQUEST).status_code == 200


def test_a_bot_filling_the_honeypot_is_thanked_and_ignored(client, db, mailoutbox):
    response = client.post(REQUEST_URL, {**REQUEST, "homepage": "http://spam.example"})

    assert response.context["sent"]
    assert not AccountRequest.objects.exists()


def test_the_login_pages_lead_to_a_password_reset_and_an_account_request(client, db):
    content = client.get("/advocate/login/").content.decode()
    assert 'href="/advocate/password/reset/"' in content
    assert 'href="/advocate/request-account/"' in content
    admin_login = client.get("/admin/login/").content.decode()
    assert 'href="/admin/password_reset/"' in admin_login
    assert client.get("/admin/password_reset/").url == "/advocate/password/reset/"


@pytest.mark.parametrize("language", ["", "/es"])
def test_an_advocate_resets_a_forgotten_password_by_email(client, owner, mailoutbox, language):
    response = client.post(f"{language}/advocate/password/reset/", {"email": owner.email})

    assert response.status_code == 302 and response.url == f"{language}/advocate/password/reset/sent/"
    (email,) = mailoutbox
    assert email.to == [owner.email]
    link = link_in(email.body)
    assert f"{language}/advocate/password/reset/" in link
    if language:
        assert "contraseña" in email.subject

    choose_password(client, link)

    assert logs_in("owner", NEW_PASSWORD)
    # A used link is spent.
    assert not client.get(path_of(link), follow=True).context["validlink"]


def test_a_reviewer_resets_a_forgotten_password_the_same_way(client, vetter, mailoutbox):
    client.post("/advocate/password/reset/", {"email": vetter.email})

    choose_password(client, link_in(mailoutbox[0].body))

    assert logs_in("vetter", NEW_PASSWORD)


def test_an_unknown_email_gets_the_same_answer_and_no_email(client, db, mailoutbox):
    response = client.post("/advocate/password/reset/", {"email": "nobody@example.org"})

    assert response.status_code == 302 and response.url == "/advocate/password/reset/sent/"
    assert mailoutbox == []


def test_demo_accounts_are_refused_unless_debug_is_on(db, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="only made with DEBUG=true"):
        call_command("create_demo_accounts", stdout=StringIO())
    assert not User.objects.filter(username__startswith="demo-").exists()


def test_demo_accounts_are_an_advocate_and_a_reviewer_of_the_demo(roles, settings):
    from directory.management.commands.create_demo_accounts import ORGANIZATION
    from directory.management.commands.create_demo_accounts import (
        PASSWORD as DEMO_PASSWORD,
    )

    settings.DEBUG = True
    Organization.objects.create(name=ORGANIZATION)

    call_command("create_demo_accounts", stdout=StringIO())
    call_command("create_demo_accounts", stdout=StringIO())  # again: no duplicates

    advocate, reviewer = User.objects.get(username="demo-advocate"), User.objects.get(username="demo-reviewer")
    assert advocate.check_password(DEMO_PASSWORD) and advocate.has_perm("directory.add_proposal")
    assert reviewer.is_staff and reviewer.has_perm("directory.change_proposal")
    assert logged_in(reviewer).get("/admin/").status_code == 200


def test_password_reset_emails_are_rate_limited(client, owner, mailoutbox):
    from directory.web.accounts import PASSWORD_RESETS

    for _ in range(PASSWORD_RESETS.hits):
        assert client.post("/advocate/password/reset/", {"email": owner.email}).status_code == 302

    response = client.post("/advocate/password/reset/", {"email": owner.email})

    assert response.status_code == 429
    assert len(mailoutbox) == PASSWORD_RESETS.hits
