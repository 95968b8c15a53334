"""The facet index's words (search/lexemes.py): a tsquery's text worked out over bitmaps,
as PostgreSQL's @@ would, or None where only PostgreSQL can tell."""

import pytest

from directory.search.lexemes import Lexemes
from tests.support import bitmap

EVERYONE = bitmap(range(1, 9))
LEXEMES = Lexemes.build(
    ["legal\t1 2 3 4", "aid\t3 4 5", "immigr\t4 6", "shelter\t7", "it's\t8"], bitmap, words=0
)


@pytest.mark.parametrize(
    ("tsquery", "expected"),
    [
        ("'legal'", {1, 2, 3, 4}),
        ("'legal' & 'aid'", {3, 4}),
        ("'legal' | 'shelter'", {1, 2, 3, 4, 7}),
        ("'legal' & !'immigr'", {1, 2, 3}),
        ("!'legal'", {5, 6, 7, 8}),
        ("'shelter' | 'legal' & 'aid'", {3, 4, 7}),  # & binds tighter than |
        ("( 'shelter' | 'legal' ) & 'aid'", {3, 4}),
        ("!( 'legal' | 'aid' )", {6, 7, 8}),
        ("'nothing'", set()),
        ("'it''s'", {8}),
        ("", set()),  # only stop words: PostgreSQL matches nothing
    ],
)
def test_a_tsquery_matches_what_postgresql_would(tsquery, expected):
    assert LEXEMES.matching(tsquery, EVERYONE, bitmap) == bitmap(expected)


@pytest.mark.parametrize(
    "tsquery",
    ["'t' <-> 'visa'", "'legal' <2> 'aid'", "'leg':*", "'legal':A", "'legal' &", "( 'legal'", "'a\\\\b'"],
)
def test_phrases_prefixes_weights_and_anything_unreadable_are_left_to_postgresql(tsquery):
    assert LEXEMES.matching(tsquery, EVERYONE, bitmap) is None
