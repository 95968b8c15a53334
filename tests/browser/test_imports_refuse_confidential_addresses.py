"""Finding 2: an import may not publish a confidential street address in public text."""

import csv
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from directory.models import Listing

ROW = {
    "external_id": "glimmer-1",
    "organization": "Glimmer Org",
    "name": "Glimmer Shelter",
    "description": "Shelter at 808 Glimmerquill Road, call first.",
    "service_types": "shelter",
    "counties_served": "bernalillo",
    "county": "bernalillo",
    "address": "808 Glimmerquill Road",
    "city": "Albuquerque",
    "zip": "87102",
    "confidential_location": "yes",
    "status": "published",
}


def write_csv(path: Path, rows: list[dict]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.mark.parametrize("dry_run", [True, False])
def test_the_csv_import_refuses_the_row_naming_row_and_column(outside, tmp_path, capsys, dry_run):
    path = write_csv(tmp_path / "listings.csv", [ROW])

    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_listings", str(path), *(["--dry-run"] if dry_run else []))

    errors = capsys.readouterr().err
    assert "row 2, column description: the confidential street address appears in this public text" in errors
    assert not Listing.objects.exists()
    answer = outside.request("/api/v1/services/?q=glimmerquill")
    assert json.loads(answer.text)["count"] == 0


def test_a_confidential_row_in_an_unknown_town_is_imported_with_a_warning(outside, tmp_path, capsys):
    row = {**ROW, "description": "Call first.", "city": "Nowhereville"}
    call_command("import_listings", str(write_csv(tmp_path / "listings.csv", [row])))

    assert "row 2, column city: warning:" in capsys.readouterr().out
    assert Listing.objects.get().confidential_location


def test_the_hsds_import_refuses_a_package_that_writes_a_kept_confidential_address(outside, make_listing, tmp_path):
    make_listing(
        "Glimmer Shelter", slug="glimmer", confidential_location=True, address="808 Glimmerquill Road",
        city="Albuquerque", county="bernalillo", counties_served=["bernalillo"],
    )
    call_command("export_hsds", str(tmp_path))
    services = (tmp_path / "services.csv").read_text(encoding="utf-8")
    (tmp_path / "services.csv").write_text(
        services.replace("A fictional example service.", "Door at 808 Glimmerquill Road."), encoding="utf-8"
    )

    with pytest.raises(CommandError):
        call_command("import_hsds", str(tmp_path))

    assert "Glimmerquill" not in Listing.objects.get().description
