"""The Spanish catalogue is complete, and the Spanish pages show no English UI text.

The walk renders every public page and the advocates' portal under /es/ and reads what a
person sees or hears: the visible text, the page title, and the attributes a screen reader
announces or a browser shows (aria-label, placeholder, title, alt, button values). Text
marked lang="en" is English on purpose (an English-only description, the language switch),
and what the fixtures wrote (names, descriptions, places, phone numbers) is content, not UI:
both are left out. What remains must contain neither a message of the catalogue left in
English nor a common English UI word.
"""

import datetime
import functools
import gettext
import html
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.signals import setting_changed
from django.utils import timezone

from directory.listings.values import listing_values
from directory.models import County, Listing, Organization, Proposal
from directory.review.proposals import (
    proposal_create_confirmation,
    proposal_create_edit,
    proposal_reject,
)
from directory.rules.languages import NAMES
from tests.db.test_review_support import PASSWORD, edit_data

pytest_plugins = ["tests.db.test_review_support"]

LOCALE = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES"
PO = LOCALE / "django.po"
MO = LOCALE / "django.mo"


def msgfmt() -> str:
    path = shutil.which("msgfmt")
    if path is None:
        pytest.skip("msgfmt (GNU gettext) is not installed")
    return path


@pytest.fixture(scope="module", autouse=True)
def _compiled_catalogue():
    """Compile the .mo when it is missing or older than the .po (as `make test` does)."""
    if not MO.exists() or MO.stat().st_mtime < PO.stat().st_mtime:
        # Written aside, then moved in one step: a parallel worker never reads half a file.
        partial = MO.with_name(f"django.mo.{os.getpid()}")
        subprocess.run([msgfmt(), "--check", "-o", str(partial), str(PO)], check=True, capture_output=True)
        os.replace(partial, MO)
        # Django caches catalogues per process: drop them, as changing LOCALE_PATHS in a test does.
        setting_changed.send(sender=None, setting="LOCALE_PATHS", value=settings.LOCALE_PATHS, enter=False)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """The users' passwords are hashed with a cheap hasher: these tests are about words."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# The catalogue.


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


def catalogue() -> dict:
    """msgid -> msgstr from the compiled catalogue (plural forms keyed by (msgid, n))."""
    with MO.open("rb") as file:
        return gettext.GNUTranslations(file)._catalog  # type: ignore[attr-defined]


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


# The walk.

# Common English UI words, taken from the catalogue's msgids. Matched whole and case-sensitively,
# so that Spanish words ("No", "a", "Total") and the parts of Spanish words never match.
ENGLISH_WORDS = """
    the The and of for with your Your you You is are not this This that what What How who Who
    Search search Services services Service service Call Text Open open now Now Closed closed
    Verified verified Verify Skip Quick exit Exit Safety safety safe County county Counties Submit
    Log Login Password Username Back back Next Previous page Page Print Language Languages Hours
    hours results Results found Found Filter filters Clear Show Sort Best match Distance miles mile
    away Near Within Any Free Fee Sliding cost Cost Statewide Emergency emergency Hotline
    hotline Help help Home About Location Contact Area served Women Men People people Families
    Minors Immigrants Native Shelter shelter Housing housing Legal aid Counseling Medical
    Youth Food clothing Job training Suggest Suggestion suggestion correction Send Thank Thanks
    Approve Approved Reject Rejected Withdraw Withdrawn Proposal proposal Proposals Propose propose
    Listing listing Listings listings Organization Organizations Description Name Street address
    City ZIP code Latitude Longitude Confidential confidential Phone Website Email Yes Status
    Sent Decided Never never Cancel Edit History Field Review review reviewer Reviewer Advocate
    Advocates advocate Draft Published Archived Waiting optional required Required Enter enter
    Please Unknown Choose Select Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    Mon Tue Wed Thu Fri Sat Sun AM PM a.m. p.m. More Read Other ways Staying Need right
    There problem invalid Invalid Main content Skip menu Menu Type Automatic None Today
""".split()

# Proper names and technical tokens that stay in English in a Spanish sentence.
KEPT_IN_ENGLISH = [
    "National Human Trafficking Hotline",
    "National Network to End Domestic Violence",
    "Safety Net",
    "Shift",  # the key is labelled so on US keyboards
    "hours are 24/7",  # the admin's model field label, quoted in a message
    "shelter, legal aid",  # the search examples in both languages (also marked lang="en")
]

# Attributes that a browser shows or a screen reader announces.
SPOKEN_ATTRIBUTES = {"aria-label", "aria-description", "placeholder", "title", "alt", "data-pressed"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
HIDDEN_CONTENT = {"script", "style", "template", "noscript"}

# The hours format of the import and the advocates' form ("Mon-Fri 09:00-17:00"): a format, not prose.
HOURS_FORMAT = re.compile(r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)(?:-(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun))? \d\d:\d\d-\d\d:\d\d")
DAY_CODES = re.compile(r"\(los días[^)]*\)")  # the help text that names the format's English day codes
PHONE = re.compile(r"(?:\+?1[ -.]?)?\(?\d{3}\)?[ -.]?\d{3}[ -.]?\d{4}|\b\d{3,}\b")
EMAIL_OR_URL = re.compile(r"\S+@\S+|https?://\S+")


class VisibleText(HTMLParser):
    """What a person reads or hears, one chunk a line; lang="en" elements and hidden content left out."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, skipping inside it)

    @property
    def skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        skip = self.skipping or tag in HIDDEN_CONTENT or (attrs.get("lang") or "").startswith("en")
        if tag == "input" and attrs.get("type") == "hidden":
            skip = True
        if not skip:
            for name in SPOKEN_ATTRIBUTES & attrs.keys():
                self.chunks.append(attrs[name] or "")
            if tag == "input" and attrs.get("type") in {"submit", "button", "reset"}:
                self.chunks.append(attrs.get("value") or "")
        if tag not in VOID:
            self.stack.append((tag, skip))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.chunks.append(data)


def visible_text(content: str) -> str:
    parser = VisibleText()
    parser.feed(content)
    parser.close()
    return "\n".join(" ".join(chunk.split()) for chunk in parser.chunks)


def fixture_content(*, english_marked: bool) -> list[str]:
    """Everything the fixtures wrote into the database: content, not UI.

    With `english_marked`, the English descriptions and eligibility are not among it: the public
    pages must mark them lang="en" instead (the walk then leaves them out for that reason).
    """
    texts = set(County.objects.values_list("name", flat=True)) | {"Doña Ana"}
    texts |= set(Organization.objects.values_list("name", flat=True))
    texts |= set(User.objects.values_list("username", flat=True))
    fields = ["name", "description_es", "address", "city", "zip", "email", "website"]
    if not english_marked:
        fields += ["description", "eligibility"]
    for row in Listing.objects.values_list(*fields):
        texts |= set(row)
    for proposal in Proposal.objects.all():
        texts |= {proposal.note, proposal.reason}
        texts |= {value for value in proposal.values.values() if isinstance(value, str)}
    # Descriptions also appear with their line breaks turned into paragraphs.
    texts |= {line.strip() for text in list(texts) for line in (text or "").splitlines()}
    return sorted((text for text in texts if text and len(text) > 1), key=len, reverse=True)


@functools.cache
def msgid_patterns() -> list[tuple[str, re.Pattern]]:
    """Each English message of the catalogue as a pattern over visible text (placeholders match anything)."""
    patterns = []
    for key, translation in catalogue().items():
        msgid = key[0] if isinstance(key, tuple) else key
        if not msgid or translation == msgid:  # "TTY", "No": the same in both languages
            continue
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", msgid)).split())
        if len(text) < 4 or text in KEPT_IN_ENGLISH:
            continue
        pieces = re.split(r"%%?\(\w+\)\w", text.replace("%%", "%"))
        if not any(len(piece.strip()) >= 4 for piece in pieces):
            continue
        pattern = r".+?".join(re.escape(piece) for piece in pieces)
        patterns.append((msgid, re.compile(r"(?<![\w])" + pattern + r"(?![\w])")))
    return patterns


# A time of day on the 24-hour clock ("14:00"), not followed by "a. m." / "p. m.".
CLOCK_24 = re.compile(r"(?<![\w:])(?:[01]?\d|2[0-3]):[0-5]\d(?![\w:])(?!\s*[ap]\.\s?m\.)")


def visible_chunks(content: str) -> list[str]:
    parser = VisibleText()
    parser.feed(content)
    parser.close()
    return [" ".join(chunk.split()) for chunk in parser.chunks]


def spanish_style_left(content: str) -> list[str]:
    """Spanish written the English way: a language name with a capital mid-sentence (a
    capital only where a label starts), a name left in English or misspelt, a 24-hour time."""
    findings = []
    for chunk in visible_chunks(content):
        text = HOURS_FORMAT.sub(" ", chunk)  # the import format of hours: a format, not prose
        for match in CLOCK_24.finditer(text):
            findings.append(f"24-hour time {match[0]!r} in: {chunk!r}")
        for code, (english, spanish) in NAMES.items():
            capitalised = spanish[0].upper() + spanish[1:]
            for match in re.finditer(r"(?<!\w)" + re.escape(capitalised) + r"(?!\w)", chunk):
                if chunk[: match.start()].strip():
                    findings.append(f"language name with a capital mid-sentence {match[0]!r} in: {chunk!r}")
            if english.lower() != spanish and re.search(r"(?<!\w)" + re.escape(english) + r"(?!\w)", chunk):
                findings.append(f"language name in English {english!r} in: {chunk!r}")
        for wrong in ("Árábe", "Tewa (USA)"):
            if wrong in chunk:
                findings.append(f"language name {wrong!r} in: {chunk!r}")
    return findings


def unmarked_english_listing_text(content: str) -> list[str]:
    """A listing's own English text (description, eligibility) shown outside a lang="en" element."""
    text = visible_text(content)
    findings = []
    for listing in Listing.objects.all():
        for name in ("description", "eligibility"):
            english = " ".join(getattr(listing, name).split())
            if english and english != " ".join(getattr(listing, f"{name}_es").split()) and english in text:
                findings.append(f"{listing.slug}: {name} in English without lang=\"en\": {english!r}")
    return findings


def english_left(content: str, *, english_marked: bool = False) -> list[str]:
    """The English UI text a Spanish page still shows, as readable findings."""
    text = visible_text(content)
    for known in KEPT_IN_ENGLISH + fixture_content(english_marked=english_marked):
        text = re.sub(r"(?<!\w)" + re.escape(known) + r"(?!\w)", " ", text)
    for pattern in (HOURS_FORMAT, DAY_CODES, EMAIL_OR_URL, PHONE):
        text = pattern.sub(" ", text)
    findings = []
    for msgid, pattern in msgid_patterns():
        for match in pattern.finditer(text):
            findings.append(f"message left in English: {match[0]!r} (msgid {msgid!r})")
    words = re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, ENGLISH_WORDS)) + r")(?![\w])")
    for line in text.splitlines():
        found = sorted(set(words.findall(line)))
        if found:
            findings.append(f"English words {found} in: {line.strip()!r}")
    return findings


@pytest.fixture
def spanish_directory(db, make_listing, organization, owner, vetter):
    """Listings that bring out every part of the pages: hours open and closed, overnight, 24/7,
    stale, statewide, confidential, every phone kind, an English-only description. Their texts
    are Spanish or names, so that any English left is UI."""
    every_day = [(day, "00:00", "23:59") for day in range(7)]
    listings = {
        "published": make_listing(
            "Casa Segura",
            organization=organization.name,
            slug="casa-segura",
            description="Emergency shelter for women and their children.",
            description_es="Refugio de emergencia para mujeres y sus hijos.",
            eligibility="Adults 18 and over.",
            eligibility_es="Personas adultas de 18 años o más.",
            service_types=["shelter", "counseling"],
            counties_served=["dona-ana", "sierra"],
            county="dona-ana",
            address="1200 Calle del Sol",
            city="Las Cruces",
            zip="88001",
            latitude=32.3199,
            longitude=-106.7637,
            languages=["en", "es", "nv"],
            populations=["women", "families", "lgbtq"],
            fees="sliding-scale",
            email="ayuda@casasegura.example",
            website="https://casasegura.example/",
            phones=[("voice", "+15755550100"), ("text", "233733"), ("tty", "+15755550101")],
            hours=[*every_day, (4, "20:00", "02:00")],
        ),
        "confidential": make_listing(
            "Refugio Luz del Norte",
            organization="Alianza Luz del Norte",
            slug="refugio-luz",
            description="A confidential shelter.",
            description_es="Un refugio confidencial.",
            service_types=["shelter"],
            counties_served=["taos"],
            county="taos",
            address="7 Camino Escondido",
            city="Taos",
            zip="87571",
            latitude=36.4072,
            longitude=-105.5731,
            confidential_location=True,
            hotline_24_7=True,
            open_24_7=True,
            fees="free",
            phones=[("voice", "+15755550199")],
        ),
        "english-only": make_listing(
            "Centro Legal Frontera",
            organization="Centro Legal Frontera",
            slug="centro-legal",
            description="Free legal help with T and U visas for survivors.",
            eligibility="Survivors of trafficking or serious crimes.",
            service_types=["legal-aid", "immigration"],
            counties_served=["bernalillo"],
            county="bernalillo",
            city="Albuquerque",
            fees="free",
            hours=[(6, "03:00", "03:01")],  # closed nearly always
        ),
        "statewide-stale": make_listing(
            "Línea Estatal de Apoyo",
            organization="Red Estatal de Apoyo",
            slug="linea-estatal",
            description="A statewide hotline.",
            description_es="Una línea de ayuda para todo el estado.",
            service_types=["hotline"],
            statewide=True,
            fees="fee",
            last_verified=timezone.localdate() - datetime.timedelta(days=500),
        ),
    }
    # Proposals in each state, so the portal shows statuses, a reviewer's reason and diffs.
    published = listings["published"]

    def values(**changes):
        return {**listing_values(Listing.objects.for_detail().get(pk=published.pk)), **changes}

    rejected = proposal_create_edit(
        author=owner, listing=published, values=values(name="Casa Segura Sur"), note="Nuevo nombre."
    )
    proposal_reject(proposal=rejected, reviewer=vetter, reason="Por favor, llámenos primero.")
    listings["proposal-rejected"] = rejected
    listings["proposal-pending"] = proposal_create_edit(
        author=owner, listing=published, values=values(city="Mesilla", hotline_24_7=True, fees="free")
    )
    listings["proposal-confirmation"] = proposal_create_confirmation(author=owner, listing=published)
    return listings


@pytest.fixture
def two_pages_of_results(spanish_directory, make_listing):
    """17 more listings: 21 in all, two pages of results (20 a page)."""
    for number in range(17):
        make_listing(
            f"Servicio Comunitario {number}",
            organization="Red Comunitaria",
            description="A community service.",
            description_es="Un refugio y servicio comunitario.",
            service_types=["basic-needs"],
            counties_served=["santa-fe"],
            county="santa-fe",
            city="Santa Fe",
        )


PUBLIC_PAGES = {
    "home": ("/es/", 200),
    "services": ("/es/services/", 200),
    "services-page-2": ("/es/services/?page=2", 200),
    "services-search": ("/es/services/?q=refugio", 200),
    "services-near": ("/es/services/?near=Taos&radius=100&sort=distance", 200),
    "services-open-now": ("/es/services/?open_now=1&county=dona-ana", 200),
    "services-nothing-found": ("/es/services/?county=catron&service_type=youth", 200),
    "services-error": ("/es/services/?county=atlantis", 400),
    "services-many-errors": ("/es/services/?county=atlantis&radius=9999&sort=nope&fees=cheap&near=00000", 400),
    "detail": ("/es/services/casa-segura/", 200),
    "detail-confidential": ("/es/services/refugio-luz/", 200),
    "detail-english-only": ("/es/services/centro-legal/", 200),
    "detail-stale-statewide": ("/es/services/linea-estatal/", 200),
    "suggest": ("/es/services/casa-segura/suggest/", 200),
    "about": ("/es/about/", 200),
    "safety": ("/es/safety/", 200),
    "not-found": ("/es/services/no-such-service/", 404),
    "not-found-path": ("/es/no-such-page/", 404),
    "advocate-login": ("/es/advocate/login/", 200),
}


@pytest.mark.parametrize(("path", "status"), PUBLIC_PAGES.values(), ids=PUBLIC_PAGES.keys())
def test_a_public_spanish_page_shows_no_english_ui_text(request, client, spanish_directory, path, status):
    if path.startswith("/es/services/?") or path == "/es/services/":
        request.getfixturevalue("two_pages_of_results")

    response = client.get(path)

    assert response.status_code == status, path
    content = response.content.decode()
    assert '<html lang="es">' in content
    assert english_left(content, english_marked=True) == []
    assert spanish_style_left(content) == []
    assert unmarked_english_listing_text(content) == []


def advocate_pages(listings) -> dict[str, str]:
    published = listings["published"]
    return {
        "home": "/es/advocate/",
        "listing": f"/es/advocate/listings/{published.pk}/",
        "propose-edit": f"/es/advocate/listings/{published.pk}/propose/",
        "propose-new": "/es/advocate/listings/new/",
        "proposal-rejected": f"/es/advocate/proposals/{listings['proposal-rejected'].pk}/",
        "proposal-pending": f"/es/advocate/proposals/{listings['proposal-pending'].pk}/",
        "proposal-confirmation": f"/es/advocate/proposals/{listings['proposal-confirmation'].pk}/",
    }


ADVOCATE_PAGES = [
    "home", "listing", "propose-edit", "propose-new", "proposal-rejected", "proposal-pending", "proposal-confirmation"
]


@pytest.mark.parametrize("page", ADVOCATE_PAGES)
def test_an_advocates_spanish_page_shows_no_english_ui_text(owner_client, spanish_directory, page):
    response = owner_client.get(advocate_pages(spanish_directory)[page])

    assert response.status_code == 200
    assert english_left(response.content.decode()) == []
    assert spanish_style_left(response.content.decode()) == []


def test_the_spanish_login_form_with_a_wrong_password_shows_no_english(client, spanish_directory):
    response = client.post("/es/advocate/login/", {"username": "owner", "password": "not-" + PASSWORD})

    assert response.status_code == 200
    assert english_left(response.content.decode()) == []


def test_spanish_form_errors_in_the_advocates_portal_show_no_english(owner_client, spanish_directory):
    listing = spanish_directory["published"]
    data = edit_data(
        listing,
        name="",
        zip="ABCDE",
        phone="555",
        hours="todos los días",
        languages="xx",
        latitude="35.1",
        website="no es una dirección",
        email="no-es-correo",
    )

    response = owner_client.post(f"/es/advocate/listings/{listing.pk}/propose/", data)

    assert response.status_code == 200
    assert response.context["form"].errors
    assert english_left(response.content.decode()) == []


def test_an_unchanged_spanish_proposal_is_refused_in_spanish(owner_client, spanish_directory):
    listing = spanish_directory["published"]

    response = owner_client.post(f"/es/advocate/listings/{listing.pk}/propose/", edit_data(listing))

    assert response.status_code == 200
    assert english_left(response.content.decode()) == []


def test_spanish_messages_after_an_advocates_action_show_no_english(owner_client, spanish_directory):
    listing = spanish_directory["published"]
    Proposal.objects.filter(kind=Proposal.Kind.CONFIRM).delete()

    response = owner_client.post(f"/es/advocate/listings/{listing.pk}/confirm/", follow=True)

    assert response.status_code == 200
    assert "Gracias" in response.content.decode()
    assert english_left(response.content.decode()) == []


@pytest.mark.parametrize(
    "data", [{"text": "", "contact": ""}, {"text": "El teléfono cambió.", "contact": ""}], ids=["errors", "sent"]
)
def test_the_spanish_suggestion_form_answers_in_spanish(client, spanish_directory, data):
    response = client.post("/es/services/casa-segura/suggest/", data)

    assert response.status_code in {200, 429}
    assert english_left(response.content.decode()) == []


def test_the_english_check_does_find_english(client, spanish_directory):
    """The check itself: the same page in English is full of findings, and lang="en" text is skipped."""
    english = client.get("/services/casa-segura/").content.decode().replace('<html lang="en">', "<html>")
    unmarked = client.get("/es/services/centro-legal/").content.decode().replace('lang="en"', "")

    assert len(english_left(english)) > 10
    assert any("Free legal help" in finding for finding in english_left(unmarked, english_marked=True))
    assert english_left('<p lang="en">Search the services</p><p>Buscar</p>') == []
    assert unmarked_english_listing_text(unmarked) != []
    assert unmarked_english_listing_text(client.get("/es/services/centro-legal/").content.decode()) == []
    assert english_left('<p>Buscar</p><a aria-label="Quick exit" href="#">x</a>') != []


def test_a_listing_text_missing_in_spanish_is_shown_in_english_marked_and_noted(client, spanish_directory):
    content = client.get("/es/services/centro-legal/").content.decode()

    assert '<div class="description" lang="en">' in content
    assert '<span lang="en">Survivors of trafficking or serious crimes.</span>' in content
    assert content.count('<span class="english-only">Solo en inglés</span>') == 1  # the eligibility
    assert content.count('<p class="english-only">Solo en inglés</p>') == 1  # the description


def test_a_listing_text_in_spanish_is_shown_without_the_note(client, spanish_directory):
    content = client.get("/es/services/casa-segura/").content.decode()

    assert "Personas adultas de 18 años o más." in content
    assert "Adults 18 and over." not in content
    assert "Solo en inglés" not in content


def test_spanish_pages_show_language_names_in_lowercase_and_times_on_the_12_hour_clock(client, spanish_directory):
    detail = visible_text(client.get("/es/services/casa-segura/").content.decode())
    results = visible_text(client.get("/es/services/?county=dona-ana").content.decode())

    assert "Español, inglés, navajo" in detail  # a label starts there
    assert "Idiomas: español, inglés, navajo" in results
    assert "Familias, mujeres, personas LGBTQ+" in detail
    assert "8:00 p. m.–2:00 a. m." in detail


def test_the_spanish_style_check_finds_what_it_is_for():
    assert spanish_style_left("<p>Idiomas: Inglés, Español</p>") != []
    assert spanish_style_left("<p>Idiomas: inglés, Eastern Keres</p>") != []
    assert spanish_style_left("<td>14:00–20:00</td>") != []
    assert spanish_style_left("<td>Árábe</td>") != []
    assert spanish_style_left('<label>Español</label><p>Idiomas: inglés, zuñi</p><td>2:00 p. m.–8:30 p. m.</td>') == []
    assert spanish_style_left('<p lang="en">Languages: English, Spanish; 14:00</p>') == []


@pytest.mark.parametrize(("prefix", "optional"), [("", "(optional)"), ("/es", "(opcional)")])
def test_the_suggestion_form_says_optional_once(client, spanish_directory, prefix, optional):
    content = client.get(f"{prefix}/services/casa-segura/suggest/").content.decode()

    assert content.count(optional) == 1
