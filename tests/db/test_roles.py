"""The roles themselves: the groups of the data migrations, their permissions, and
`manage.py add_to_role`."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from tests.support import make_user


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
