"""Counts per filter choice ("Legal aid (12)") that respect the other active filters."""

from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper

from . import vocab
from .models import County, Language, Listing, Population, ServiceType
from .search import FACETED, SearchResult, apply_unfaceted, facet_conditions

Facets = dict[str, dict[str, int]]

# facet -> (through table, its column for the choice, choice table, the choice's key)
_CHOICES = {
    "service_type": (Listing.service_types.through, "servicetype_id", ServiceType, "slug"),
    "language": (Listing.languages.through, "language_id", Language, "code"),
    "population": (Listing.populations.through, "population_id", Population, "slug"),
    "county": (Listing.counties_served.through, "county_id", County, "slug"),
}


def facet_counts(result: SearchResult, data: dict) -> Facets:
    """Every facet in one query, whatever the number of results.

    The listings matching the text and the unfaceted filters (open now, near) are
    found once, in a common table expression, each with a flag per active faceted
    filter; each facet then counts the rows whose flags pass for every filter but its
    own, so choosing one service type still shows how many listings the others would
    add. PostgreSQL materialises a CTE used more than once, so the text search and
    the distance run once rather than once per facet.
    """
    conditions = facet_conditions(data)
    flags = {f"ok_{name}": ExpressionWrapper(rule, output_field=BooleanField()) for name, rule in conditions.items()}
    base = apply_unfaceted(result.text_matched, data, place=result.place, now=result.now)
    rows = base.annotate(**flags).order_by().values("pk", "statewide", "fees", *flags)
    base_sql, base_params = rows.query.sql_with_params()

    def passing(facet: str) -> str:
        return " AND ".join(f"b.ok_{name}" for name in conditions if name != facet) or "TRUE"

    selects, params = [], []
    for facet, (through, column, choice, key) in _CHOICES.items():
        statewide_rule = " AND NOT b.statewide" if facet == "county" else ""
        # Counted by id first, then named: the join to the choice table sees a dozen
        # rows rather than one per listing and choice.
        selects.append(
            f"SELECT %s, c.{key}, g.n FROM ("
            f"SELECT x.{column} AS choice_id, COUNT(*) AS n FROM base b"
            f" JOIN {through._meta.db_table} x ON x.listing_id = b.id"
            f" WHERE {passing(facet)}{statewide_rule} GROUP BY x.{column}"
            f") g JOIN {choice._meta.db_table} c ON c.id = g.choice_id"
        )
        params.append(facet)
    # Statewide listings serve every county: counted once, added to each county below.
    selects.append(f"SELECT %s, '', COUNT(*) FROM base b WHERE {passing('county')} AND b.statewide")
    params.append("statewide")
    selects.append(f"SELECT %s, b.fees, COUNT(*) FROM base b WHERE {passing('fees')} AND b.fees <> '' GROUP BY b.fees")
    params.append("fees")

    facets: Facets = {name: {} for name in (*FACETED, "statewide")}
    with connection.cursor() as cursor:
        columns = ", ".join(["id", "statewide", "fees", *flags])
        cursor.execute(f"WITH base ({columns}) AS ({base_sql}) " + " UNION ALL ".join(selects), [*base_params, *params])
        for facet, value, count in cursor.fetchall():
            facets[facet][value] = count
    statewide = facets.pop("statewide").get("", 0)
    facets["county"] = {slug: facets["county"].get(slug, 0) + statewide for slug in vocab.COUNTIES}
    return facets


def facet_groups(facets: Facets | None, form) -> list[dict]:
    """The checkbox groups of the filter form: each choice with its count and state."""
    from .languages import language_name

    groups = []
    for name in ("service_type", "county", "population", "language"):
        selected = form.data.getlist(name) if form.is_bound else []
        if name == "language":
            codes = sorted(set((facets or {}).get("language", {})) | set(selected))
            choices = [(code, language_name(code)) for code in codes]
        else:
            choices = [(value, str(label)) for value, label in form.fields[name].choices]
        counts = (facets or {}).get(name, {})
        groups.append(
            {
                "name": name,
                "label": form.fields[name].label,
                "errors": form.errors.get(name, []),
                "open": bool(selected) or name == "service_type",
                "choices": [
                    {
                        "value": value,
                        "label": label,
                        "count": counts.get(value, 0) if facets else None,
                        "checked": value in selected,
                    }
                    for value, label in choices
                ],
            }
        )
    return groups
