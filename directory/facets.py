"""Counts per filter choice ("Legal aid (12)") that respect the other active filters."""

from django.db.models import Count, QuerySet

from . import vocab
from .models import Listing
from .search import SearchResult, apply_filters

Facets = dict[str, dict[str, int]]

_RELATIONS = {
    "service_type": (Listing.service_types.through, "servicetype__slug"),
    "language": (Listing.languages.through, "language__code"),
    "population": (Listing.populations.through, "population__slug"),
}


def _group_counts(rows: QuerySet, key: str) -> dict[str, int]:
    return {row[key]: row["n"] for row in rows.values(key).annotate(n=Count("*")).order_by()}


def facet_counts(result: SearchResult, data: dict) -> Facets:
    """One query per facet (two for counties), whatever the number of results."""

    def others(name: str) -> QuerySet:
        # Each facet counts with every filter but its own, so choosing one service
        # type still shows how many listings the other types would add.
        return apply_filters(result.text_matched, data, place=result.place, exclude=name).values("pk")

    facets: Facets = {}
    for name, (relation, key) in _RELATIONS.items():
        facets[name] = _group_counts(relation.objects.filter(listing_id__in=others(name)), key)

    county_scope = Listing.objects.filter(pk__in=others("county"))
    statewide = county_scope.filter(statewide=True).count()
    by_county = _group_counts(
        Listing.counties_served.through.objects.filter(listing_id__in=county_scope.filter(statewide=False).values("pk")),
        "county__slug",
    )
    facets["county"] = {slug: by_county.get(slug, 0) + statewide for slug in vocab.COUNTIES}
    facets["fees"] = _group_counts(Listing.objects.filter(pk__in=others("fees")).exclude(fees=""), "fees")
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
