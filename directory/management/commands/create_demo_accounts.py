from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from directory.models import Organization
from directory.review.roles import user_add_to_role

# Known to everyone who reads this file: for the demo database on a laptop, never a server.
PASSWORD = "demo-password-2026"
ORGANIZATION = "Example Sunrise Coalition"


class Command(BaseCommand):
    help = (
        "Demo only (refused unless DEBUG=true): create 'demo-advocate', an advocate of the demo's "
        f"'{ORGANIZATION}', and 'demo-reviewer', both with the password '{PASSWORD}'. "
        "Run after load_demo_data; running it again resets their passwords."
    )

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "demo accounts have a published password: they are only made with DEBUG=true, "
                "on the demo database (`make demo-accounts`)"
            )
        try:
            organization = Organization.objects.get(name=ORGANIZATION)
        except Organization.DoesNotExist:
            raise CommandError(f"no organization named {ORGANIZATION!r}: run `manage.py load_demo_data` first") from None
        User = get_user_model()
        for username, role in (("demo-advocate", "advocate"), ("demo-reviewer", "reviewer")):
            user, _created = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.org"})
            user.set_password(PASSWORD)
            user.save()
            user_add_to_role(user=user, role=role, organization=organization if role == "advocate" else None)
            self.stdout.write(f"{username} ({role}) — password: {PASSWORD}")
        self.stdout.write(self.style.SUCCESS("Advocates log in at /advocate/, reviewers at /admin/."))
