from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from directory.exchange.hsds.export import export_package
from directory.exchange.hsds.spec import SERVICES


class Command(BaseCommand):
    help = (
        "Write the published listings to DIR as an Open Referral HSDS 3.0 tabular data package "
        "(CSV files plus datapackage.json). Confidential locations are left out."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("directory", type=Path, help="directory to write into (created if missing)")

    def handle(self, *args, directory: Path, **options) -> None:
        if directory.exists() and not directory.is_dir():
            raise CommandError(f"{directory} is not a directory")
        try:
            counts = export_package(directory)
        except OSError as error:
            raise CommandError(f"cannot write to {directory}: {error.strerror or error}") from None
        services = counts[SERVICES.path]
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {services} service{'' if services == 1 else 's'} to {directory}.")
        )
