"""One row per language: a Language stored under another spelling of its code ("spa",
"SPA", "nav") is merged into the row of its stored code ("es", "nv").

Until the portal's form and the admin parsed language codes as the imports do, an
advocate who typed "spa" created a second Spanish on approval, which `?language=es`
did not find and the language filter listed twice. rules/languages.canonical_code() is
the one rule for the stored code; every path now goes through it, and this merges what
came in before.

For each alias: its listings are linked to the canonical row instead (a listing linked
to both keeps one link), and so are the history's relation snapshots, so that reverting
to an old version restores Spanish rather than a deleted row; then the alias is deleted.
An alias without a canonical row simply takes the canonical code (it keeps its id, so
nothing needs re-linking). Proposals still carrying an alias in their values (or in the
listing as the advocate saw it) get the canonical code too, so that approving one links
the one Spanish. Reversing does nothing: the aliases were one language all along.
"""

from django.db import migrations

from directory.rules.languages import canonical_code, english_name


def _relink(links, column: str, *, alias_id: int, canonical_id: int, owner: str) -> None:
    """Point `links` rows at the canonical language instead of the alias, one per owner."""
    has_canonical = links.objects.filter(**{column: canonical_id}).values(owner)
    links.objects.filter(**{column: alias_id}).exclude(**{f"{owner}__in": has_canonical}).update(
        **{column: canonical_id}
    )
    links.objects.filter(**{column: alias_id}).delete()


def _canonical_codes(codes: list) -> list:
    return sorted({canonical_code(code) or code for code in codes})


def merge_aliases(apps, schema_editor) -> None:
    Language = apps.get_model("directory", "Language")
    Listing = apps.get_model("directory", "Listing")
    Proposal = apps.get_model("directory", "Proposal")
    HistoricalLinks = apps.get_model("directory", "HistoricalListing_languages")
    Links = Listing.languages.through

    for alias in list(Language.objects.order_by("pk")):
        code = canonical_code(alias.code)
        if code is None or code == alias.code:
            continue  # already canonical, or not a code we know (left for a person to fix)
        canonical = Language.objects.filter(code=code).first()
        if canonical is None:
            alias.code, alias.name = code, english_name(code)
            alias.save(update_fields=["code", "name"])
            continue
        _relink(Links, "language_id", alias_id=alias.pk, canonical_id=canonical.pk, owner="listing_id")
        _relink(HistoricalLinks, "language_id", alias_id=alias.pk, canonical_id=canonical.pk, owner="history_id")
        alias.delete()

    for proposal in Proposal.objects.only("values", "base_values").iterator():
        changed = []
        for name in ("values", "base_values"):
            values = getattr(proposal, name) or {}
            codes = values.get("languages")
            if isinstance(codes, list) and _canonical_codes(codes) != codes:
                values["languages"] = _canonical_codes(codes)
                changed.append(name)
        if changed:
            proposal.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [("directory", "0013_sqlite_text_index")]

    operations = [migrations.RunPython(merge_aliases, migrations.RunPython.noop)]
