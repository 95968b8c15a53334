from django.core.management.base import BaseCommand

from directory.review.notifications import send_reverification_reminders


class Command(BaseCommand):
    help = (
        "Email each advocate their published listings that will go stale (not verified in "
        "12 months) within the next --days days. Meant to run weekly, e.g. from cron."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=30, help="how far ahead to look (default 30)")

    def handle(self, *args, days: int, **options) -> None:
        sent = send_reverification_reminders(days=days)
        self.stdout.write(f"Sent {sent} reminder{'' if sent == 1 else 's'}.")
