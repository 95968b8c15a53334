from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from directory.imports import ImportFileError, import_csv


def _listings(count: int) -> str:
    return f"{count} listing{'' if count == 1 else 's'}"


class Command(BaseCommand):
    help = "Import listings from a UTF-8 CSV file (PRODUCT.md, 'Data in and out'): every row or none."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="CSV file with a header row")
        parser.add_argument("--dry-run", action="store_true", help="validate and report, writing nothing")

    def handle(self, *args, file: Path, dry_run: bool, **options) -> None:
        try:
            report = import_csv(file, dry_run=dry_run)
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        if report.errors:
            for error in report.errors:
                self.stderr.write(error)
            count = len(report.errors)
            raise CommandError(f"{count} error{'' if count == 1 else 's'}; nothing was imported.")
        if dry_run:
            self.stdout.write(
                f"Dry run: would create {_listings(report.created)} and update {_listings(report.updated)}; "
                "nothing was written."
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Created {_listings(report.created)}, updated {_listings(report.updated)}.")
            )
