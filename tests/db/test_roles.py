"""Users and listings for the review workflow's tests (loaded by them as a plugin), and
the tests of the roles themselves: the groups, their permissions, `add_to_role`.

Three standing users, as in healthchecks: an advocate of the listing's organization
(the owner), an advocate of another organization (the outsider), and a reviewer.
"""

import datetime
import importlib
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.db.models import Model
from django.test import Client

from directory.listings.values import listing_values
from directory.models import Listing, Organization
from directory.review.roles import user_add_to_role
from directory.web.forms import ListingValuesForm

PASSWORD = "a-long-test-password"


def ensure_roles() -> None:
    """The groups of migration 0006 (idempotent): a live-server test's flush deletes them."""
    importlib.import_module("directory.migrations.0006_roles").create_roles(apps, None)


@pytest.fixture
def roles(db) -> None:
    ensure_roles()


@pytest.fixture
def organization(db) -> Organization:
    return Organization.objects.create(name="Enlace Comunitario")


@pytest.fixture
def other_organization(db) -> Organization:
    return Organization.objects.create(name="Elsewhere Alliance")


def make_user(username: str, **fields) -> User:
    return User.objects.create_user(username, f"{username}@example.org", PASSWORD, **fields)


@pytest.fixture
def owner(roles, organization) -> User:
    user = make_user("owner")
    user_add_to_role(user=user, role="advocate", organization=organization)
    return user


@pytest.fixture
def colleague(roles, organization) -> User:
    user = make_user("colleague")
    user_add_to_role(user=user, role="advocate", organization=organization)
    return user


@pytest.fixture
def outsider(roles, other_organization) -> User:
    user = make_user("outsider")
    user_add_to_role(user=user, role="advocate", organization=other_organization)
    return user


@pytest.fixture
def vetter(roles) -> User:
    """A reviewer: the role, not conftest's bare staff user."""
    user = make_user("vetter")
    user_add_to_role(user=user, role="reviewer")
    return user


def logged_in(user: User, **options) -> Client:
    client = Client(**options)
    client.force_login(user)
    return client


@pytest.fixture
def owner_client(owner) -> Client:
    return logged_in(owner)


@pytest.fixture
def outsider_client(outsider) -> Client:
    return logged_in(outsider)


@pytest.fixture
def vetter_client(vetter) -> Client:
    return logged_in(vetter)


@pytest.fixture
def their_listing(make_listing, organization):
    """A published listing of the owner's organization."""
    return make_listing(
        "Casa Esperanza",
        organization=organization.name,
        county="taos",
        counties_served=["taos"],
        city="Taos",
        phones=[("voice", "+15055550100")],
        languages=["en"],
    )


def form_data(values: dict, **overrides) -> dict:
    """What a browser posts for ListingValuesForm with these listing_values()-style values."""
    data = {}
    for name, value in {**ListingValuesForm.initial_from(values), **overrides}.items():
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is None:
            data[name] = ""
        else:
            data[name] = value
    return data


def edit_data(listing: Listing, **overrides) -> dict:
    """The edit form as it opens for `listing`, with `overrides` typed in."""
    return form_data(listing_values(Listing.objects.for_detail().get(pk=listing.pk)), **overrides)


def admin_form_data(response, **overrides) -> dict:
    """What the admin form on this page posts back unchanged (inlines included), plus overrides."""

    def posted(value):
        if isinstance(value, Model):
            return value.pk
        if isinstance(value, (list, tuple)) or hasattr(value, "all"):
            return [posted(item) for item in value]
        if isinstance(value, bool):
            return "on" if value else ""
        if value is None:
            return ""
        if isinstance(value, datetime.time):
            return value.strftime("%H:%M")
        return value

    def add(form, prefix: str = "") -> None:
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            key = f"{prefix}{name}"
            if value is False:
                continue
            data[key] = posted(value() if callable(value) else value)

    data: dict = {}
    add(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets") or []:
        formset = inline.formset
        for name, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{name}"] = value
        for index, form in enumerate(formset.initial_forms):
            add(form, f"{formset.prefix}-{index}-")
        data[f"{formset.prefix}-TOTAL_FORMS"] = len(formset.initial_forms)
    data.update(overrides)
    return {key: value for key, value in data.items() if value != "" or key in overrides}


NEW_LISTING = {
    "name": "Nuevo Amanecer",
    "description": "Counseling for survivors.",
    "description_es": "Consejería para sobrevivientes.",
    "service_types": ["counseling"],
    "statewide": False,
    "counties_served": ["santa-fe"],
    "fees": "free",
    "address": "",
    "city": "Santa Fe",
    "zip": "87501",
    "county": "",
    "latitude": None,
    "longitude": None,
    "confidential_location": False,
    "phone": ["+15055550123"],
    "text": ["233733"],
    "tty": [],
    "hotline_24_7": False,
    "hours": "Mon-Fri 09:00-17:00",
    "website": "",
    "email": "",
    "languages": ["en", "es"],
    "populations": ["women"],
    "eligibility": "",
    "eligibility_es": "",
}


# The roles themselves.


def test_the_migration_creates_the_advocate_and_reviewer_groups_with_their_permissions(roles):
    advocates = set(Group.objects.get(name="advocates").permissions.values_list("codename", flat=True))
    reviewers = set(Group.objects.get(name="reviewers").permissions.values_list("codename", flat=True))

    assert advocates == {"add_proposal", "view_proposal"}
    assert {"change_listing", "change_proposal", "change_suggestion", "view_suggestion"} <= reviewers
    assert "delete_listing" not in reviewers


def test_add_to_role_makes_an_advocate_of_an_organization(roles, organization):
    user = make_user("ana")
    out = StringIO()

    call_command("add_to_role", "ana", "advocate", "--organization", "Enlace Comunitario", stdout=out)

    assert user.groups.filter(name="advocates").exists()
    assert list(user.organizations.all()) == [organization]
    assert user.has_perm("directory.add_proposal")
    assert "ana is now an advocate of Enlace Comunitario" in out.getvalue()
    # Membership is part of the organization's audit history.
    assert organization.history.latest().members.filter(user=user).exists()


def test_add_to_role_makes_a_reviewer_who_can_open_the_admin(roles):
    user = make_user("rita")

    call_command("add_to_role", "rita", "reviewer", stdout=StringIO())

    user.refresh_from_db()
    assert user.is_staff and not user.is_superuser
    assert user.has_perm("directory.change_proposal")


def test_add_to_role_makes_a_superuser(roles):
    user = make_user("sam")

    call_command("add_to_role", "sam", "superuser", stdout=StringIO())

    user.refresh_from_db()
    assert user.is_staff and user.is_superuser


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["nobody", "reviewer"], "no user named 'nobody'"),
        (["ana", "advocate"], "an advocate needs --organization"),
        (["ana", "reviewer", "--organization", "Enlace Comunitario"], "only advocates belong"),
        (["ana", "advocate", "--organization", "Enlace"], "did you mean 'Enlace Comunitario'"),
    ],
    ids=["unknown-user", "advocate-without-organization", "reviewer-with-organization", "unknown-organization"],
)
def test_add_to_role_refuses_what_it_cannot_do(roles, organization, arguments, message):
    make_user("ana")

    with pytest.raises(CommandError, match=message):
        call_command("add_to_role", *arguments, stdout=StringIO())


def test_add_to_role_refuses_an_unknown_role(roles):
    make_user("ana")

    with pytest.raises(CommandError):
        call_command("add_to_role", "ana", "owner", stdout=StringIO())
