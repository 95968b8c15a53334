from django.core.management.base import BaseCommand, CommandError

from directory.exchange.csv_import import import_rows
from directory.exchange.demo import demo_rows


class Command(BaseCommand):
    help = (
        "Load fictional demo listings, marked as examples, through the CSV import rules. "
        "Running it again updates them rather than adding copies."
    )

    def handle(self, *args, **options) -> None:
        report = import_rows(demo_rows())
        if report.errors:
            raise CommandError("The demo data did not pass validation:\n" + "\n".join(report.errors))
        self.stdout.write(
            f"Demo listings: {report.created} created, {report.updated} updated, {report.unchanged} unchanged."
        )
