"""Sets of listings as bitmaps: a Python int whose bit n stands for the listing with id n
(the facet index's currency, search/facets.py).

A set the index keeps (an interval's listings, a lexeme's) is stored as a bitmap or as a
list of its ids, whichever is smaller, so that the index never holds more for it than its
ids would take.
"""

from array import array
from collections.abc import Callable, Iterable, Iterator

Bitmap = Callable[[Iterable[int]], int]  # listing ids -> a bitmap of them (FacetIndex.bitmap)


def set_bits(bitmap: int) -> Iterator[int]:
    """The listing ids in a bitmap, lowest first."""
    bits = bin(bitmap)[:1:-1]  # character n is bit n
    found = bits.find("1")
    while found != -1:
        yield found
        found = bits.find("1", found + 1)


def compact(ids: array, bitmap: Bitmap, words: int) -> int | array:
    """The ids as a bitmap (`words` 64-bit words long), or as they are if that is smaller."""
    return bitmap(ids) if len(ids) > words else ids


def expand(listings: int | array, bitmap: Bitmap) -> int:
    """A set kept by compact(), as a bitmap."""
    return listings if isinstance(listings, int) else bitmap(listings)
