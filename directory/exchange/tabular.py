"""CSV cells that a spreadsheet will not run as formulas (OWASP's CSV-injection advice).

Every CSV the application writes passes its cells through safe_cell(), and every CSV it
reads passes them through read_cell(), so an export imports back unchanged (PRODUCT.md).
"""

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A plain number (a coordinate, a count) is data, not a formula, whatever its sign.
_PLAIN_NUMBER = re.compile(r"[-+]?[0-9]+(\.[0-9]+)?")


def safe_cell(value: object) -> object:
    """A text cell beginning like a formula, with a leading apostrophe; all else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def read_cell(text: str) -> str:
    """The value safe_cell() wrote: its apostrophe dropped again."""
    if text.startswith("'") and text[1:2] and text[1] in "".join(FORMULA_STARTS):
        return text[1:]
    return text
