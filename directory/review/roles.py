"""The roles of people who sign in: the groups that migration 0006 creates, and adding someone to one."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from directory.models import Organization

ADVOCATES = "advocates"


REVIEWERS = "reviewers"


ROLES = ("advocate", "reviewer", "superuser")


def user_add_to_role(*, user: AbstractBaseUser, role: str, organization: Organization | None = None) -> None:
    """Advocates belong to organizations (the group lets them propose, membership says
    for which); reviewers work in the admin; superusers may do anything."""
    from django.contrib.auth.models import Group

    if role not in ROLES:
        raise ValueError(f"{role!r} is not a role (use: {', '.join(ROLES)})")
    if (role == "advocate") != (organization is not None):
        raise ValueError("an advocate needs an organization, and only advocates have one")
    with transaction.atomic():
        if role == "advocate":
            user.groups.add(Group.objects.get(name=ADVOCATES))
            organization.members.add(user)
        elif role == "reviewer":
            user.groups.add(Group.objects.get(name=REVIEWERS))
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        else:
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
