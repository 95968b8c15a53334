from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from directory.models import Organization
from directory.review.roles import ROLES, user_add_to_role


class Command(BaseCommand):
    help = (
        "Give an existing user a role: 'advocate' of an organization (--organization), "
        "'reviewer' (admin access, reviews proposals) or 'superuser'."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("role", choices=ROLES)
        parser.add_argument("--organization", help="the organization's exact name (advocates only)")

    def handle(self, *args, username: str, role: str, organization: str | None, **options) -> None:
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"no user named {username!r} (create one first, e.g. in the admin)") from None
        if role == "advocate" and not organization:
            raise CommandError("an advocate needs --organization NAME")
        if role != "advocate" and organization:
            raise CommandError("only advocates belong to an organization: leave out --organization")
        found = None
        if organization:
            try:
                found = Organization.objects.get(name=organization)
            except Organization.DoesNotExist:
                close = Organization.objects.filter(name__icontains=organization).values_list("name", flat=True)[:5]
                hint = f" (did you mean {', '.join(repr(name) for name in close)}?)" if close else ""
                raise CommandError(f"no organization named {organization!r}{hint}") from None
        try:
            user_add_to_role(user=user, role=role, organization=found)
        except Group.DoesNotExist:
            raise CommandError("the role groups are missing: run `manage.py migrate`") from None
        where = f" of {found.name}" if found else ""
        self.stdout.write(self.style.SUCCESS(f"{username} is now {'an' if role == 'advocate' else 'a'} {role}{where}."))
