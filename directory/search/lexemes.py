"""Words without a scan: the published listings of each lexeme of their stored search
vectors, kept in the facet index, and a tsquery worked out over them.

"legal" is in 11,000 of the 20,000 bench listings: PostgreSQL finds them on the GIN index
and then reads each of their rows from the heap, which is most of a text search's time.
Here PostgreSQL only parses the search, exactly as the match does (the backend's query,
both languages, excluded words), in the query that asks whether anything matches at all
(backends/postgres.py match()), and the tsquery it gives is worked out with the same
bitmaps as the facets: a lexeme is the listings whose vector holds it, `&` and `|` and
`!` are AND, OR and NOT. A phrase (`<->`), a prefix or a weight needs the positions in
the vector, which are not kept: those searches stay in SQL (None). Ranking stays in SQL
too, on the few rows a page may show (facets._found_in_index()).

Each lexeme's listings are kept as a bitmap or as a list of ids, whichever is smaller
(bitmaps.compact()).
Like the rest of the index, this is public data, the same whoever searches for what.
"""

import re
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field

from directory.search.bitmaps import Bitmap, compact, expand

# A lexeme as tsquery's text writes it ('it''s'), an operator or a parenthesis.
_TOKEN = re.compile(r"\s*(?:'((?:[^'\\]|'')*)'(:[*A-D]+)?|(<\d+>|<->|[&|!()]))")


class Unsupported(Exception):
    """A tsquery whose answer needs the vectors' positions or weights."""


@dataclass
class Lexemes:
    listings: dict[str, int | array] = field(default_factory=dict)

    @classmethod
    def build(cls, rows: Iterable[str], bitmap: Bitmap, words: int) -> "Lexemes":
        """From "lexeme<TAB>id id ..." texts (backends/postgres.py LEXEMES_SQL);
        `words`: a bitmap's size in 64-bit words."""
        listings: dict[str, int | array] = {}
        for row in rows:
            lexeme, ids = row.split("\t", 1)
            listings[lexeme] = compact(array("q", map(int, ids.split())), bitmap, words)
        return cls(listings)

    def matching(self, tsquery: str, everyone: int, bitmap: Bitmap) -> int | None:
        """The listings (of `everyone`) that a tsquery's text matches; None when only
        PostgreSQL can tell."""
        tokens = []
        position = 0
        while position < len(tsquery.rstrip()):
            found = _TOKEN.match(tsquery, position)
            if not found:
                return None
            lexeme, options, operator = found.groups()
            if options or operator and operator.startswith("<"):
                return None  # a prefix, a weight or a phrase
            tokens.append(("lexeme", lexeme.replace("''", "'")) if lexeme is not None else ("op", operator))
            position = found.end()
        if not tokens:
            return 0  # only stop words: PostgreSQL matches nothing
        try:
            result, rest = self._either(tokens, everyone, bitmap)
        except (Unsupported, IndexError):
            return None
        return result if not rest else None

    def _listings(self, lexeme: str, bitmap: Bitmap) -> int:
        return expand(self.listings.get(lexeme, 0), bitmap)

    # tsquery's precedence, loosest first: | then & then !.
    def _either(self, tokens, everyone, bitmap):
        result, tokens = self._all(tokens, everyone, bitmap)
        while tokens and tokens[0] == ("op", "|"):
            right, tokens = self._all(tokens[1:], everyone, bitmap)
            result |= right
        return result, tokens

    def _all(self, tokens, everyone, bitmap):
        result, tokens = self._one(tokens, everyone, bitmap)
        while tokens and tokens[0] == ("op", "&"):
            right, tokens = self._one(tokens[1:], everyone, bitmap)
            result &= right
        return result, tokens

    def _one(self, tokens, everyone, bitmap):
        kind, value = tokens[0]
        if kind == "lexeme":
            return self._listings(value, bitmap), tokens[1:]
        if value == "!":
            result, tokens = self._one(tokens[1:], everyone, bitmap)
            return everyone & ~result, tokens
        if value == "(":
            result, tokens = self._either(tokens[1:], everyone, bitmap)
            if not tokens or tokens[0] != ("op", ")"):
                raise Unsupported
            return result, tokens[1:]
        raise Unsupported
