from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from directory.exchange.hsds.importer import import_package


def _listings(count: int) -> str:
    return f"{count} listing{'' if count == 1 else 's'}"


class Command(BaseCommand):
    help = (
        "Import an Open Referral HSDS 3.0 tabular data package (as export_hsds writes it) from DIR: "
        "every service or none. Importing the same services again updates their listings."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("directory", type=Path, help="directory holding datapackage.json and the CSV files")

    def handle(self, *args, directory: Path, **options) -> None:
        if not directory.is_dir():
            raise CommandError(f"{directory} is not a directory")
        report = import_package(directory)
        if report.errors:
            for error in report.errors:
                self.stderr.write(error)
            count = len(report.errors)
            raise CommandError(f"{count} error{'' if count == 1 else 's'}; nothing was imported.")
        for warning in report.warnings:
            self.stdout.write(f"warning: {warning}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {_listings(report.created)}, updated {_listings(report.updated)}, "
                f"{report.unchanged} unchanged."
            )
        )
