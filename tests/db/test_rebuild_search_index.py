import pytest
from django.core.management import call_command

from directory.models import Listing, SearchTerm

pytestmark = pytest.mark.django_db


def test_rebuild_restores_vectors_and_drops_words_no_listing_has(make_listing, capsys):
    listing = make_listing("Casa Serenidad", description="Refugio para familias")
    make_listing("Borrador Secreto", status=Listing.Status.DRAFT)
    Listing.objects.update(search_vector=None)
    SearchTerm.objects.create(word="staleword")

    call_command("rebuild_search_index")

    listing.refresh_from_db()
    assert listing.search_vector
    words = set(SearchTerm.objects.values_list("word", flat=True))
    assert "serenidad" in words
    assert "staleword" not in words
    # A draft's words stay candidates, never offered while it is unpublished (tests/browser/test_typo_words.py).
    assert "borrador" in words
    assert "Rebuilt the search index of 2 listings." in capsys.readouterr().out
