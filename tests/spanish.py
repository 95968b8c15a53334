"""Reading a Spanish page as a person would, for the tests that check no English UI text is
left in one: the visible text and the attributes a screen reader announces, less what the
fixtures wrote (content, not UI), searched for the catalogue's English messages and common
English UI words. Also the catalogue itself (`catalogue`, `msgfmt`).
"""

import functools
import gettext
import html
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User

from directory.models import County, Listing, Organization, Proposal
from directory.rules.languages import NAMES

LOCALE = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES"
PO = LOCALE / "django.po"
MO = LOCALE / "django.mo"


def msgfmt() -> str:
    path = shutil.which("msgfmt")
    if path is None:
        pytest.skip("msgfmt (GNU gettext) is not installed")
    return path


def catalogue() -> dict:
    """msgid -> msgstr from the compiled catalogue (plural forms keyed by (msgid, n))."""
    with MO.open("rb") as file:
        return gettext.GNUTranslations(file)._catalog  # type: ignore[attr-defined]




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
