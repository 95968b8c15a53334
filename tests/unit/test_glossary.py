"""The Spanish glossary (docs/glossary.md) holds in the catalogue and in the demo data.

TERMS is the glossary's table as patterns: wherever an English text uses the term, its
Spanish uses the one Spanish term, and no Spanish text uses a word the glossary rules out.
"""

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from directory.exchange.demo import LISTINGS

GLOSSARY = Path(settings.BASE_DIR) / "docs" / "glossary.md"
PO = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"

# (English pattern, the Spanish term's pattern, Spanish words ruled out). Case is ignored.
TERMS = [
    (r"\btraffick(?:ing|ed)\b", r"\btrata\b", [r"\btráfico"]),
    (r"\btraffickers?\b", r"\btratantes?\b", [r"\btraficantes?\b"]),
    (r"\bsurvivors?\b", r"\bsobrevivientes?\b", [r"\bsuperviviente"]),
    (r"\bshelters?\b", r"\brefugios?\b", [r"\balbergue"]),
    (r"\badvocates?\b", r"\bacompañantes?\b", [r"\bdefensor"]),
    (r"\badvocacy\b", r"\bacompañamiento\b", [r"\bdefensor[ií]a"]),
    (r"\bcase manage", r"\bgestión de casos\b", [r"\bmanejo de casos"]),
    (r"\blegal (?:aid|help)\b", r"\basesoría legal\b", [r"\bayuda legal"]),
    (r"\bcounseling\b", r"\bconsejería\b", [r"\basesoramiento"]),
    (r"\bintake\b", r"\badmisión\b", [r"\bsolicitar ingreso"]),
    # "text" as in texting a phone, not as in writing ("free text", "public text").
    (r"(?<!free )(?<!public )\btext(?:ing)?\b", r"\bmensajes? de texto\b", [r"\benv[ií]e un texto", r"\btextear"]),
    (r"\bTTY\b", r"\bTTY \(para personas sordas\)", []),
    (r"\bShift\b", r"\bShift\b", [r"\bMayús\b"]),
    (r"\bsubstance use\b", r"\bconsumo de alcohol y drogas\b", [r"\buso de sustancias", r"\badicciones"]),
    (r"\bpeople with disabilities\b", r"\bpersonas con discapacidad\b", [r"\bdiscapacidades\b", r"\bdiscapacitad"]),
    (r"\bforensic\b", r"\b(?:examen|exámenes) médicos? después de una agresión sexual\b", [r"\bforense"]),
    (r"\bimmigration screening", r"\brevisión de su caso de inmigración\b", [r"\bevaluaci(?:ón|ones) migratoria"]),
    (r"\bunder coercion\b", r"\bdeudas que le obligaron a tomar\b", [r"\bcoacción"]),
    (r"\bquick exit\b", r"\bsalida rápida\b", []),
    (r"\breviewers?\b", r"\brevisor(?:es)?\b", []),
]


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory) -> list[tuple[str, str]]:
    """msgid -> msgstr of the catalogue as it is in the .po now (compiled aside)."""
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (GNU gettext) is not installed")
    mo = tmp_path_factory.mktemp("glossary") / "django.mo"
    subprocess.run(["msgfmt", "-o", str(mo), str(PO)], check=True, capture_output=True)
    with mo.open("rb") as file:
        entries = gettext.GNUTranslations(file)._catalog  # type: ignore[attr-defined]
    return [(key[0] if isinstance(key, tuple) else key, text) for key, text in entries.items() if key]


def demo_texts() -> list[tuple[str, str]]:
    pairs = []
    for listing in LISTINGS:
        pairs += [(listing.about, listing.about_es), (listing.eligibility, listing.eligibility_es)]
    return [(english, spanish) for english, spanish in pairs if spanish]


def problems(pairs: list[tuple[str, str]]) -> list[str]:
    found = []
    for english, spanish in pairs:
        for term, spanish_term, ruled_out in TERMS:
            if re.search(term, english, re.I) and not re.search(spanish_term, spanish, re.I):
                found.append(f"{english!r} -> {spanish!r}: wants {spanish_term!r}")
            for word in ruled_out:
                if re.search(word, spanish, re.I):
                    found.append(f"{spanish!r}: {word!r} is ruled out by the glossary")
    return found


def test_every_spanish_term_is_in_the_glossary():
    glossary = GLOSSARY.read_text(encoding="utf-8")
    spanish_terms = re.findall(r"\*\*(.+?)\*\*", glossary)
    for _term, spanish_term, _ruled_out in TERMS:
        assert any(re.search(spanish_term, term, re.I) for term in spanish_terms), spanish_term


def test_the_catalogue_uses_the_glossarys_terms(catalogue):
    assert problems(catalogue) == []


def test_the_demo_datas_spanish_uses_the_glossarys_terms():
    assert problems(demo_texts()) == []


def test_the_check_finds_a_term_used_two_ways():
    assert problems([("Emergency shelter", "Albergue de emergencia")]) != []
    assert problems([("Case management and advocacy", "Manejo de casos y defensoría")]) != []
    assert problems([("Emergency shelter", "Refugio de emergencia")]) == []
