"""The Spanish catalogue: complete, nothing fuzzy, and every translation keeps what its
English message must pass on (placeholders, tags, phone numbers)."""

import re
import shutil
import subprocess

from tests.spanish import PO, catalogue, msgfmt


def test_msgfmt_reports_every_message_translated_and_none_fuzzy():
    result = subprocess.run(
        [msgfmt(), "--check", "--statistics", "-o", "/dev/null", str(PO)], capture_output=True, text=True
    )
    statistics = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else ""
    listing = subprocess.run(
        ["msgattrib", "--no-wrap", "--untranslated", "--only-fuzzy", str(PO)], capture_output=True, text=True
    ).stdout if shutil.which("msgattrib") else ""

    assert result.returncode == 0, result.stderr
    assert re.match(r"\d+ translated messages?\.$", statistics), f"{statistics}\n{listing}"
    assert int(statistics.split()[0]) > 300
    assert "fuzzy" not in result.stderr, listing
    assert "untranslated" not in result.stderr, listing


def plurals() -> dict[str, str]:
    """msgid -> msgid_plural, read from the .po (the .mo keeps only the singular)."""
    text = PO.read_text(encoding="utf-8")
    found = {}
    for block in text.split("\n\n"):
        singular = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        plural = re.search(r'^msgid_plural ((?:".*"\n?)+)', block, re.M)
        if singular and plural:
            join = lambda quoted: "".join(re.findall(r'"(.*)"', quoted)).replace('\\"', '"')  # noqa: E731
            found[join(singular[1])] = join(plural[1])
    return found


def test_every_translation_keeps_its_placeholders_html_tags_and_phone_numbers():
    """msgfmt checks python-format; this also covers tags, links and numbers in blocktranslate text."""
    problems = []
    plural_of = plurals()
    for key, translation in catalogue().items():
        if key == "":
            continue
        msgid, form = key if isinstance(key, tuple) else (key, None)
        source = plural_of.get(msgid, msgid) if form else msgid
        for pattern in (r"<[^>]+>", r"%\(\w+\)\w|%%", r"\d[\d-]{2,}\d", r"\b911\b"):
            if sorted(re.findall(pattern, source)) != sorted(re.findall(pattern, translation)):
                problems.append(f"{msgid!r} -> {translation!r}")
    assert not problems, "\n".join(problems)


def test_the_shift_count_message_keeps_its_escaped_placeholder_for_the_script():
    """The template's {% translate %} doubles %; the script replaces "%(count)s" in what is left."""
    from django.template import Context, Template
    from django.utils import translation

    with translation.override("es"):
        template = Template("{% load i18n %}{% translate 'Shift pressed %(count)s of 3 times for quick exit.' %}")
        text = template.render(Context())
    assert "%(count)s" in text and "Shift pressed" not in text
