"""A new listing's slug: the one allocator for every write path.

Slugs are part of public URLs (PRODUCT.md), so a listing keeps its slug for life: it is
allocated once, when the listing is created, as 'name-city' (or 'name-organization'
when there is no city), then '-2', '-3'... while taken.
"""

from django.db.models import Q
from django.utils.text import slugify

from directory.models import Listing

# Room for a "-12345" suffix within Listing.slug's 120 characters.
SLUG_BASE_LENGTH = 110
# Up to this many new listings, only the slugs that could clash are read; beyond, every
# slug (one query, a few MB even at 100,000 listings).
FEW = 20


def slug_base(name: str, place: str) -> str:
    return slugify(f"{name} {place}")[:SLUG_BASE_LENGTH].strip("-") or "listing"


class SlugAllocator:
    """Unique slugs across the database and the listings being created together."""

    def __init__(self, taken: set[str]) -> None:
        self.taken = taken
        self.next_suffix: dict[str, int] = {}

    @classmethod
    def load(cls, bases: list[str]) -> "SlugAllocator":
        """An allocator that knows every stored slug that could clash with `bases`."""
        slugs = Listing.objects.order_by()
        if len(bases) <= FEW:
            if not bases:
                return cls(set())
            clashes = Q()
            for base in set(bases):
                clashes |= Q(slug__startswith=base)
            slugs = slugs.filter(clashes)
        return cls(set(slugs.values_list("slug", flat=True)))

    def allocate(self, base: str) -> str:
        slug, suffix = base, self.next_suffix.get(base, 2)
        while slug in self.taken:
            slug, suffix = f"{base}-{suffix}", suffix + 1
        self.next_suffix[base] = suffix
        self.taken.add(slug)
        return slug
