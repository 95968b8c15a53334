"""Finding 3: "did you mean" never offers (or confirms) a word only an unpublished listing has."""

import pytest
from django.core.management import call_command
from django.db import connection

from directory.models import Listing
from directory.review.actions import listings_set_status
from tests.support import write_csv

ROW = {
    "external_id": "snork-1",
    "organization": "Example Org",
    "name": "Snorkelwomp Clinic",
    "description": "Counseling.",
    "service_types": "counseling",
    "counties_served": "taos",
    "status": "published",
}


def corrects_to_snorkelwomp(outside) -> bool:
    return "snorkelwomp" in outside.request("/services/?q=snorkelwom").text.lower()


def test_a_listing_imported_again_as_draft_stops_offering_its_words(outside, tmp_path):
    call_command("import_listings", str(write_csv(tmp_path / "a.csv", [ROW], header=list(ROW))))
    assert corrects_to_snorkelwomp(outside)  # published: its name is a fair suggestion

    call_command("import_listings", str(write_csv(tmp_path / "b.csv", [{**ROW, "status": "draft"}], header=list(ROW))))

    assert outside.request(f"/services/{Listing.objects.get().slug}/").status == 404
    assert not corrects_to_snorkelwomp(outside)


@pytest.mark.parametrize("how", ["review action", "sql"])
def test_archiving_by_any_path_stops_offering_its_words(outside, tmp_path, reviewer, how):
    call_command("import_listings", str(write_csv(tmp_path / "a.csv", [ROW], header=list(ROW))))
    assert corrects_to_snorkelwomp(outside)

    if how == "review action":
        listings_set_status(listings=Listing.objects.all(), status=Listing.Status.ARCHIVED, reviewer=reviewer)
    else:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE directory_listing SET status = 'archived'")

    assert not corrects_to_snorkelwomp(outside)


def test_an_unpublished_word_is_not_treated_as_known_either(outside, tmp_path, make_listing):
    # Known words are never "corrected": if a draft's word counted as known, searching
    # for it would answer differently from searching for a word nobody has.
    make_listing("Snorkelwomp Clinic", status=Listing.Status.DRAFT)
    make_listing("Snorkelwamp Centre")

    assert "snorkelwamp" in outside.request("/services/?q=snorkelwomp").text.lower()
