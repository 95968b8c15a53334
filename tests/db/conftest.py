"""Fixtures of the database tests: the review workflow's people and their listing, and the
search tests' directory.

Three standing users, as in healthchecks: an advocate of the listing's organization (the
owner), an advocate of another organization (the outsider), and a reviewer (the vetter).
The roles are those of the data migrations (kept by tests/conftest.py's django_db_setup).
"""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from directory.models import Listing, Organization
from directory.review.roles import user_add_to_role
from tests.search_directory import DIRECTORY
from tests.support import create_listing, logged_in, make_user


@pytest.fixture
def roles(db) -> None:
    """The advocates' and reviewers' groups, as migrations 0006 and 0012 made them."""


@pytest.fixture
def organization(db) -> Organization:
    return Organization.objects.create(name="Enlace Comunitario")


@pytest.fixture
def other_organization(db) -> Organization:
    return Organization.objects.create(name="Elsewhere Alliance")


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


@pytest.fixture
def directory(shared_rows) -> dict[str, Listing]:
    """tests/search_directory.py's fictional services, by slug: built once for the tests of
    a module that read them (`shared_rows`, tests/conftest.py)."""
    return shared_rows("directory", lambda: {slug: create_listing(slug=slug, **fields) for slug, fields in DIRECTORY.items()})
