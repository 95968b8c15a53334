"""Where help is and is not: published services per county and service type.

The figures come from the facet index that the search's counts come from (search/facets.py), so
each one equals the result count of the search it links to, is current after every
write, and costs a few ANDs and popcounts per request instead of a query per cell.
"""

import csv
import io
import math
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from directory.exchange.tabular import safe_cell
from directory.rules import vocab
from directory.rules.county_shapes import SHAPES, VIEWBOX
from directory.search.facets import current_index


@dataclass
class Cell:
    count: int
    url: str | None  # the search whose result count this is (None: no search has it)


@dataclass
class Row:
    label: str
    cells: list[Cell]  # one per service type, then "any type"
    slug: str = ""  # the county's; empty for the summary rows


@dataclass
class Coverage:
    service_types: list[tuple[str, str]]  # slug, label: the table's columns
    counties: list[Row]
    every_county: Row  # services that serve all 33 counties (statewide ones), in every county's count
    whole_state: Row

    @property
    def summary_rows(self) -> list[Row]:
        return [self.every_county, self.whole_state]

    def counts(self, service_type: str = "") -> dict[str, int]:
        """Each county's count of one service type, or of any type ("")."""
        column = [slug for slug, _label in self.service_types].index(service_type) if service_type else -1
        return {row.slug: row.cells[column].count for row in self.counties}


def _search_url(**params: str) -> str:
    return reverse("directory:services") + "?" + urlencode(params)


def coverage() -> Coverage:
    """The figures as the public sees them now (labels in the active language)."""
    index = current_index()
    by_county, by_type = index.choices["county"], index.choices["service_type"]
    types = list(vocab.SERVICE_TYPES)

    def row(label: str, bitmap: int, slug: str = "", **place: str) -> Row:
        cells = [
            Cell((bitmap & by_type.get(service_type, 0)).bit_count(), _search_url(**place, service_type=service_type))
            for service_type in types
        ]
        cells.append(Cell(bitmap.bit_count(), _search_url(**place)))
        return Row(label, cells, slug)

    every_county = index.everyone
    for bitmap in by_county.values():
        every_county &= bitmap
    summary = row(_("Serve every county"), every_county)
    for cell in summary.cells:
        cell.url = None  # no search asks for "all 33 counties"
    return Coverage(
        service_types=[(slug, str(label)) for slug, label in vocab.SERVICE_TYPES.items()],
        counties=[row(name, by_county[slug], slug, county=slug) for slug, name in vocab.COUNTIES.items()],
        every_county=summary,
        whole_state=row(_("All of New Mexico"), index.everyone),
    )


# ---------------------------------------------------------------------------
# The map: each county shaded by its count of the chosen service type.


@dataclass
class Shade:
    css_class: str
    low: int
    high: int


def shades(highest: int) -> list[Shade]:
    """The legend: "none", then up to four equal steps up to the highest count."""
    found = [Shade("shade-0", 0, 0)]
    if highest <= 0:
        return found
    step = math.ceil(highest / 4)
    low = 1
    for n in range(1, 5):
        if low > highest:
            break
        high = min(low + step - 1, highest)
        found.append(Shade(f"shade-{n}", low, high))
        low = high + 1
    return found


def shade_of(count: int, legend: list[Shade]) -> Shade:
    return next(shade for shade in legend if shade.low <= count <= shade.high)


@dataclass
class MapCounty:
    slug: str
    name: str
    path: str
    label: tuple[int, int] | None
    count: int | None  # None on the home page's map, which shows no figures
    shade: str
    url: str


def county_map(counts: dict[str, int] | None, *, service_type: str = "") -> dict:
    """What the map template needs: the counties in the table's order (the tab order),
    each with its shape, link and shade."""
    legend = shades(max(counts.values())) if counts else []
    counties = []
    for slug, name in vocab.COUNTIES.items():
        path, label = SHAPES[slug]
        count = counts[slug] if counts else None
        params = {"county": slug, **({"service_type": service_type} if service_type else {})}
        counties.append(
            MapCounty(
                slug=slug,
                name=name,
                path=path,
                label=label,
                count=count,
                shade=shade_of(count, legend).css_class if counts else "",
                url=_search_url(**params),
            )
        )
    return {"viewbox": VIEWBOX, "counties": counties, "legend": legend}


# ---------------------------------------------------------------------------
# The table as CSV.


def coverage_csv(figures: Coverage) -> str:
    """The table of the coverage page, one row per county, then the two summary rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180
    header = [_("County"), *(label for _slug, label in figures.service_types), _("Any type of service")]
    for row in [header] + [
        [row.label, *(cell.count for cell in row.cells)] for row in [*figures.counties, *figures.summary_rows]
    ]:
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()
