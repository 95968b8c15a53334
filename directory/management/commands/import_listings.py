import signal
import threading
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from directory.exchange.csv_import import (
    ImportFileError,
    ImportObserver,
    ImportReport,
    import_csv,
)

# PostgreSQL checks this often whether the client is still there while a statement runs,
# so that an import killed mid-statement does not hold row locks on every listing for as
# long as the statement would have taken (PostgreSQL 14 and later).
CLIENT_CHECK_INTERVAL = "2s"


class Interrupted(Exception):
    """SIGTERM (or Ctrl-C) before the commit: the transaction is rolled back."""


class _CommandObserver(ImportObserver):
    """Prints progress, and makes SIGTERM roll back until the commit starts, then wait for it."""

    def __init__(self, command: BaseCommand) -> None:
        self.command = command
        self.started = time.monotonic()
        self.in_commit = False
        self.signal_during_commit: int | None = None

    def progress(self, message: str) -> None:
        self.command.stdout.write(f"[{time.monotonic() - self.started:5.1f} s] {message}")

    def committing(self) -> None:
        self.in_commit = True
        self.progress("committing")

    def on_signal(self, signum: int, frame) -> None:
        if self.in_commit:
            # Raising now could interrupt the commit, and leave no one knowing whether it happened.
            self.signal_during_commit = signum
            return
        raise Interrupted(signal.Signals(signum).name)


def _counts(report: ImportReport) -> str:
    return f"created {report.created}, updated {report.updated}, unchanged {report.unchanged}"


class Command(BaseCommand):
    help = "Import listings from a UTF-8 CSV file (PRODUCT.md, 'Data in and out'): every row or none."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="CSV file with a header row")
        parser.add_argument("--dry-run", action="store_true", help="validate and report, writing nothing")

    def handle(self, *args, file: Path, dry_run: bool, **options) -> None:
        observer = _CommandObserver(self)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET client_connection_check_interval = %s", [CLIENT_CHECK_INTERVAL])
        previous = {}
        if threading.current_thread() is threading.main_thread():  # only there can Python take signals
            previous = {signum: signal.signal(signum, observer.on_signal) for signum in (signal.SIGTERM, signal.SIGINT)}
        try:
            report = import_csv(file, dry_run=dry_run, observer=observer)
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        except Interrupted as interruption:
            raise CommandError(f"Interrupted by {interruption}: rolled back, nothing was imported.") from None
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        if report.errors:
            for error in report.errors:
                self.stderr.write(error)
            count = len(report.errors)
            raise CommandError(f"{count} error{'' if count == 1 else 's'}; nothing was imported.")
        if dry_run:
            self.stdout.write(f"Dry run: would have {_counts(report)}; nothing was written.")
            return
        self.stdout.write(self.style.SUCCESS(f"Committed: {_counts(report)}."))
        if observer.signal_during_commit is not None:
            name = signal.Signals(observer.signal_during_commit).name
            raise CommandError(f"{name} arrived during the commit, which completed: the import above is in place.")
