from django.core.management.base import BaseCommand

from directory.models import Listing
from directory.search.index import prune_search_terms, update_search_vectors

BATCH = 2000


class Command(BaseCommand):
    help = "Rebuild every listing's search vector and the typo-correction words (after an upgrade that changes them)."

    def handle(self, *args, **options) -> None:
        ids = list(Listing.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), BATCH):
            update_search_vectors(ids[start : start + BATCH])
        prune_search_terms()
        self.stdout.write(f"Rebuilt the search index of {len(ids)} listings.")
