"""PRODUCT.md's safety rules, proven from the outside.

Every public page, in both languages, is fetched from a live server with urllib, as a
visitor's browser would, with production settings (DEBUG off): no cookie, the security
headers and exact Content-Security-Policy, nothing from another site, the safety line and
the quick exit, and nothing of a confidential listing's location anywhere. Then the accounts
(lockout, passwords, idle sessions), and hostile input thrown at every public URL.
"""

import datetime
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from html.parser import HTMLParser
from urllib.parse import quote, urlencode, urljoin, urlsplit

import pytest
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from directory.web.pages import HOTLINE_REPORT_FORM_URL
from tests.support import examples, forget_rate_limits

EXPECTED_CSP = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "object-src": {"'none'"},
    "base-uri": {"'none'"},
    "frame-ancestors": {"'none'"},
    "form-action": {"'self'"},
}

# The confidential shelter: none of this may leave the server through a public channel.
SECRET_ADDRESS = "4471 Quillfeather Lane NE"
SECRET_ZIP = "87111"
SECRET_LATITUDE = 35.1267
SECRET_LONGITUDE = -106.5719


def location_leaks(text: str) -> list[str]:
    """What of the confidential location appears in text: the address, the ZIP, or the
    coordinates exactly or rounded to 3 or 2 decimals (enough to find a building, a block)."""
    numbers = {str(SECRET_ZIP)}
    for value in (SECRET_LATITUDE, SECRET_LONGITUDE):
        numbers |= {repr(value), f"{value:.3f}", f"{value:.2f}", repr(abs(value)), f"{abs(value):.3f}", f"{abs(value):.2f}"}
    leaks = [f"address {part!r}" for part in (SECRET_ADDRESS, "Quillfeather") if part.lower() in text.lower()]
    leaks += [f"number {n}" for n in sorted(numbers) if re.search(rf"(?<![\d.]){re.escape(n)}(?!\d)", text)]
    return leaks


@dataclass
class Response:
    url: str
    status: int
    headers: Message
    text: str

    @property
    def cookies(self) -> list[str]:
        return self.headers.get_all("Set-Cookie") or []


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer to look at, not to follow


_opener = urllib.request.build_opener(_NoRedirects)


def fetch(url: str, headers: dict[str, str] | None = None) -> Response:
    try:
        response = _opener.open(urllib.request.Request(url, headers=headers or {}), timeout=30)
    except urllib.error.HTTPError as error:
        response = error
    with response:
        return Response(url, response.getcode(), response.headers, response.read().decode("utf-8"))


@dataclass
class Site:
    url: str
    public: object
    confidential: object

    def pages(self) -> dict[str, int]:
        """Every public HTML page, in both languages, and the status it should answer."""
        pages = {}
        for prefix in ("", "/es"):
            pages |= {
                f"{prefix}/": 200,
                f"{prefix}/services/": 200,
                f"{prefix}/services/?q=shelter": 200,
                f"{prefix}/services/{self.public.slug}/": 200,
                f"{prefix}/services/{self.confidential.slug}/": 200,
                f"{prefix}/about/": 200,
                f"{prefix}/safety/": 200,
                f"{prefix}/no-such-page/": 404,
                f"{prefix}/services/no-such-listing/": 404,
            }
        return pages

    def get(self, path: str, headers: dict[str, str] | None = None) -> Response:
        return fetch(self.url + path, headers)


@pytest.fixture
def site(live_server, vocabulary, make_listing) -> Site:
    public = make_listing(
        "Safe Harbor Counseling",
        slug="safe-harbor-counseling",
        service_types=["counseling", "shelter"],
        counties_served=["santa-fe"],
        county="santa-fe",
        address="200 Public Plaza",
        city="Santa Fe",
        zip="87501",
        latitude=35.6870,
        longitude=-105.9378,
        website="https://safe-harbor.example.org/",
        email="help@safe-harbor.example.org",
        phones=[("voice", "+15055550101"), ("text", "233733")],
    )
    public.organization.website = "https://harbor-network.example.org/"
    public.organization.save()
    confidential = make_listing(
        "Casa Segura Shelter",
        slug="casa-segura",
        organization="Casa Segura",
        service_types=["shelter"],
        counties_served=["bernalillo"],
        county="bernalillo",
        address=SECRET_ADDRESS,
        city="Albuquerque",
        zip=SECRET_ZIP,
        latitude=SECRET_LATITUDE,
        longitude=SECRET_LONGITUDE,
        confidential_location=True,
        hotline_24_7=True,
        description="A confidential emergency shelter.",
        description_es="Un refugio de emergencia confidencial.",
        phones=[("voice", "+15055550199")],
    )
    return Site(live_server.url, public, confidential)


# Pages: cookies, headers, what they link to and load


def parse_csp(header: str) -> dict[str, set[str]]:
    directives = [part.split() for part in header.split(";") if part.strip()]
    return {name: set(values) for name, *values in directives}


SECURITY_HEADERS = {
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.inline_scripts = 0
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline_scripts += 1


def elements(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    return parser


URL_ATTRIBUTES = ("href", "src", "action", "formaction", "poster", "data", "srcset", "cite", "background")


def outside_references(response: Response, *, allowed_websites: set[str]) -> list[str]:
    """Every URL in the page that points off this site, bar the ones PRODUCT.md allows."""
    origin = urlsplit(response.url).netloc
    problems = []
    for tag, attrs in elements(response.text).elements:
        for attribute in URL_ATTRIBUTES:
            if attribute not in attrs:
                continue
            for value in attrs[attribute].split(",") if attribute == "srcset" else [attrs[attribute]]:
                url = urljoin(response.url, value.strip().split(" ")[0])
                parts = urlsplit(url)
                if parts.scheme in ("tel", "sms", "mailto") and tag == "a":
                    continue
                if parts.scheme in ("http", "https") and parts.netloc == origin:
                    continue
                if parts.scheme == "data" and tag == "link" and attrs.get("rel") == "icon":
                    continue  # `<link rel="icon" href="data:,">`: no favicon request at all
                rel = set(attrs.get("rel", "").split())
                is_exit = attrs.get("id") == "quick-exit" and url == settings.QUICK_EXIT_URL
                is_website = tag == "a" and url in allowed_websites
                # A listing's public street address links to directions (never a confidential one).
                is_directions = tag == "a" and url.startswith("https://www.openstreetmap.org/directions?to=")
                # The data licence (/about/) and the hotline's report form (/signs/).
                is_reference = tag == "a" and url in {settings.DATA_LICENSE_URL, HOTLINE_REPORT_FORM_URL}
                if (is_exit or is_website or is_directions or is_reference) and rel >= {"noreferrer", "noopener"}:
                    continue
                problems.append(f"<{tag} {attribute}={value!r} rel={attrs.get('rel')!r}>")
    return problems


def page_problems(
    path: str, response: Response, expected_status: int, *, websites: set[str], has_post_form: bool = False
) -> list[str]:
    """Every safety rule of PRODUCT.md that this public page breaks."""
    problems = []
    if response.status != expected_status:
        problems.append(f"status {response.status}")
    if response.cookies and not has_post_form:  # those are checked on their own below
        problems.append(f"sets cookies {response.cookies}")
    headers = {name: response.headers.get(name) for name in SECURITY_HEADERS}
    if headers != SECURITY_HEADERS:
        problems.append(f"headers {headers}")
    csp = response.headers.get("Content-Security-Policy", "")
    if parse_csp(csp) != EXPECTED_CSP or "unsafe" in csp:
        problems.append(f"CSP {csp!r}")

    problems += outside_references(response, allowed_websites=websites)
    page = elements(response.text)
    if page.inline_scripts:
        problems.append("inline script")
    for tag, attrs in page.elements:
        if tag == "style" or "style" in attrs or any(name.startswith("on") for name in attrs):
            problems.append(f"inline style or handler on <{tag}>")

    prefix = "/es" if path.startswith("/es/") else ""
    links = [attrs for tag, attrs in page.elements if tag == "a"]
    hrefs = {attrs.get("href") for attrs in links}
    problems += [f"no link {h}" for h in ("tel:911", "tel:+18883737888", "sms:233733", f"{prefix}/safety/") if h not in hrefs]
    problems += [f"no {text}" for text in ("911", "1-888-373-7888", "233733") if text not in response.text]
    exits = [attrs for attrs in links if attrs.get("id") == "quick-exit"]
    if len(exits) != 1 or exits[0]["href"] != settings.QUICK_EXIT_URL:
        problems.append("no quick exit")
    elif not set(exits[0].get("rel", "").split()) >= {"noreferrer", "noopener"}:
        problems.append("quick exit without rel=noreferrer noopener")
    return problems


def test_every_public_page_keeps_the_safety_rules(site):
    """No cookie; Referrer-Policy, nosniff, DENY, no-store and the exact CSP; nothing loaded
    from another site and no link out without rel="noreferrer noopener" (listings' own
    websites, directions to a public address and the quick exit are the only links out); the
    safety line and the quick exit."""
    websites = {site.public.website, site.public.organization.website}
    problems = {}
    for path, status in site.pages().items():
        found = page_problems(path, site.get(path), status, websites=websites)
        if found:
            problems[path] = found
    assert problems == {}
    # The detail page does link out, to the listing's and its organization's websites.
    detail = site.get(f"/services/{site.public.slug}/").text
    assert f'href="{site.public.website}"' in detail and f'href="{site.public.organization.website}"' in detail


def test_the_page_check_would_see_a_third_party_request_or_a_bare_link_out():
    html = (
        '<link rel="stylesheet" href="https://fonts.example.com/a.css"><img src="//cdn.example.com/p.png">'
        '<a href="https://tracker.example/">x</a><a href="https://listing.example/" rel="noopener">y</a>'
        '<a href="/about/">ok</a><a href="tel:911">ok</a><div style="color:red" onclick="x()"></div>'
    )
    response = Response("http://localhost:8000/", 200, Message(), html)
    problems = page_problems("/", response, 200, websites={"https://listing.example/"})
    assert [p for p in problems if p.startswith("<")] == [
        "<link href='https://fonts.example.com/a.css' rel='stylesheet'>",
        "<img src='//cdn.example.com/p.png' rel=None>",
        "<a href='https://tracker.example/' rel=None>",
        "<a href='https://listing.example/' rel='noopener'>",
    ]
    assert "inline style or handler on <div>" in problems and "no quick exit" in problems


def test_nothing_else_public_sets_a_cookie_or_lets_a_redirect_be_cached(site):
    for path in ("/healthz", "/api/v1/services/", "/api/v1/counties/", "/api/v1/services/casa-segura/"):
        assert site.get(path).cookies == [], path
    # The language comes from the path alone: no cookie read or written.
    english = site.get("/services/", {"Accept-Language": "es", "Cookie": f"{settings.LANGUAGE_COOKIE_NAME}=es"})
    assert '<html lang="en">' in english.text and english.cookies == []
    spanish = site.get("/es/services/", {"Accept-Language": "en"})
    assert '<html lang="es">' in spanish.text and spanish.cookies == []
    # A browser keeps a 301 indefinitely; this one carries a search in its Location.
    redirect = site.get("/services?q=shelter")
    assert redirect.status == 301 and redirect.headers["Location"] == "/services/?q=shelter"
    assert redirect.headers["Cache-Control"] == "no-store" and redirect.cookies == []


# Forms that post: a session cookie, only for the browser session


def session_only(cookie: str) -> bool:
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")[1:]}
    return "expires" not in attributes and "max-age" not in attributes


def test_a_page_with_a_post_form_sets_only_a_session_length_session_cookie(site):
    public_forms = [f"/services/{site.public.slug}/suggest/", f"/es/services/{site.public.slug}/suggest/"]
    try:
        public_forms += [reverse(settings.LOGIN_URL), "/es" + reverse(settings.LOGIN_URL)]
    except NoReverseMatch:
        pass  # no advocates' portal yet: the admin login below stands for it
    problems = {}
    for path in [*public_forms, "/admin/login/"]:
        response = site.get(path)
        assert response.status in (200, 404), path  # 404: that form is not built yet
        if response.status == 404:
            continue
        assert 'method="post"' in response.text, path
        found = []
        if [cookie.split("=")[0] for cookie in response.cookies] != [settings.SESSION_COOKIE_NAME]:
            found.append(f"cookies {response.cookies}")
        for cookie in response.cookies:
            attributes = {part.strip().lower() for part in cookie.split(";")}
            if not session_only(cookie) or not {"httponly", "secure", "samesite=lax"} <= attributes:
                found.append(f"cookie {cookie}")
        if path in public_forms:  # the rest of the rules hold on these public pages too
            found += page_problems(path, response, 200, websites=set(), has_post_form=True)
        if found:
            problems[path] = found
    assert problems == {}


# Confidential locations


def test_no_public_output_reveals_a_confidential_location(site):
    slug = site.confidential.slug
    paths = []
    for prefix in ("", "/es"):
        paths += [
            f"{prefix}/services/",
            f"{prefix}/services/?q=Casa+Segura",
            f"{prefix}/services/?q=refugio",
            f"{prefix}/services/?county=bernalillo",
            f"{prefix}/services/?service_type=shelter&sort=verified",
            f"{prefix}/services/?near=Albuquerque",
            f"{prefix}/services/?near=Albuquerque&radius=5&sort=distance",
            f"{prefix}/services/?near=87102",
            f"{prefix}/services/?near=Albuquerque&page=99",  # an error page
            f"{prefix}/services/{slug}/",
            f"{prefix}/services/{slug}/suggest/",
            f"{prefix}/services/{slug}x/",  # 404
        ]
    paths += [
        "/api/v1/services/",
        "/api/v1/services/?q=Casa+Segura",
        "/api/v1/services/?county=bernalillo",
        "/api/v1/services/?near=Albuquerque",
        "/api/v1/services/?near=87102&sort=distance",
        f"/api/v1/services/{slug}/",
        "/api/schema/",
    ]
    responses = {path: site.get(path) for path in paths}
    assert {path: location_leaks(r.text) for path, r in responses.items()} == {path: [] for path in paths}
    assert [path for path, r in responses.items() if r.status not in (200, 400, 404)] == []
    # The city and county are public, and the pages that list it do list it.
    detail = responses[f"/services/{slug}/"]
    assert detail.status == 200 and "Albuquerque" in detail.text and "Bernalillo" in detail.text
    assert "Casa Segura Shelter" in responses["/services/?near=Albuquerque"].text
    assert "Casa Segura Shelter" in responses["/es/services/?county=bernalillo"].text
    assert '"slug":"casa-segura"' in responses["/api/v1/services/?near=Albuquerque"].text.replace(" ", "")
    assert "Albuquerque" in responses[f"/api/v1/services/{slug}/"].text
    # A public listing's address is shown, on the same kind of page: the check is not blind.
    assert site.public.address in site.get(f"/services/{site.public.slug}/").text


def test_the_location_check_would_see_a_leak():
    assert location_leaks(f"<p>{SECRET_ADDRESS}, {SECRET_ZIP}</p>") == [
        f"address {SECRET_ADDRESS!r}",
        "address 'Quillfeather'",
        f"number {SECRET_ZIP}",
    ]
    assert location_leaks('{"lat": 35.13, "lng": -106.572}') == ["number -106.572", "number 106.572", "number 35.13"]
    assert location_leaks("35.1 and 106.5 and 35.12") == []


# Caching: pages never, static files for good


def test_static_files_stay_cacheable_for_slow_connections(client, collected_static):
    from django.templatetags.static import static

    response = client.get(static("css/site.css"))
    assert response.status_code == 200
    assert "no-store" not in response["Cache-Control"] and "max-age" in response["Cache-Control"]
    again = client.get(static("css/site.css"), headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304 and "no-store" not in again.get("Cache-Control", "")


# HTTPS in production


def test_production_redirects_plain_http_to_https_unless_the_proxy_says_https(client, settings, db):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/services/?q=shelter")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/services/?q=shelter"
    assert response["Cache-Control"] == "no-store"
    assert client.get("/services/?q=shelter", headers={"X-Forwarded-Proto": "https"}).status_code == 200
    assert client.get("/healthz").status_code == 200  # for a load balancer's plain-HTTP check


def test_https_responses_carry_hsts_with_subdomains_and_preload(client, db):
    response = client.get("/about/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


# Accounts


@pytest.fixture
def staff(db):
    from django.contrib.auth.models import User

    return User.objects.create_user("advocate", "a@example.org", "a-long-test-password", is_staff=True)


def test_five_failed_logins_lock_the_account_out_with_429(client, staff):
    wrong = {"username": "advocate", "password": "not-the-password"}
    statuses = [client.post("/admin/login/", wrong, REMOTE_ADDR="203.0.113.5").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    right = {"username": "advocate", "password": "a-long-test-password"}
    assert client.post("/admin/login/", right, REMOTE_ADDR="203.0.113.5").status_code == 429
    attempt = AccessAttempt.objects.get(username="advocate")
    assert attempt.failures_since_start >= 5 and attempt.ip_address == "203.0.113.5"
    assert "a-long-test-password" not in attempt.post_data and "not-the-password" not in attempt.post_data


def test_a_successful_login_is_logged_and_resets_the_failures(client, staff):
    client.post("/admin/login/", {"username": "advocate", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "advocate", "password": "a-long-test-password"})
    assert response.status_code == 302
    assert AccessLog.objects.filter(username="advocate").count() == 1
    assert not AccessAttempt.objects.filter(username="advocate").exists()


@pytest.mark.parametrize("password", ["short-pw-1", "password1234", "123456789012345", "advocate2026"])
def test_weak_passwords_are_refused(password, staff):
    with pytest.raises(ValidationError):
        validate_password(password, user=staff)


def test_a_long_uncommon_password_is_accepted(staff):
    validate_password("mesa-turquoise-juniper-41", user=staff)


def test_a_session_ends_after_an_hour_without_a_request_however_long_it_is_used(client, staff, time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC), tick=False)
    client.force_login(staff)
    for _ in range(4):  # two hours of work, a request every 30 minutes
        time_machine.shift(datetime.timedelta(minutes=30))
        assert client.get("/admin/").status_code == 200
    time_machine.shift(datetime.timedelta(minutes=61))
    assert client.get("/admin/").status_code == 302  # back to the login page


# Hostile input: no 500, and nothing reflected as markup

MARKUP = [
    "<script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "'><img src=x onerror=alert(1)>",
    "</title><fz-tag>",
    "<!--<fz-comment>-->",
]
SQL = ["' OR '1'='1", "1; DROP TABLE directory_listing; --", "%' AND 1=1 --", "\\'; SELECT pg_sleep(0); --"]
ODD = ["\x00", "\x00abc", "é", "ñandú", "شيء", "𝕏", "\u202e", "\r\n", "%00", "%ff", "../../etc/passwd", "..", "-" * 300]

hostile_text = st.one_of(
    st.sampled_from(MARKUP + SQL + ODD),
    st.text(max_size=40),
    st.text(min_size=2000, max_size=5000, alphabet="aé<>\"'&%;0 "),
    st.builds(lambda a, b, c: a + b + c, st.text(max_size=10), st.sampled_from(MARKUP), st.text(max_size=10)),
)
PARAMETERS = [
    "q", "county", "service_type", "language", "population", "near", "radius", "open_now", "fees", "sort", "page",
    "next", "format", "lang", "slug",
]  # fmt: skip
PUBLIC_PATHS = [
    "/", "/services/", "/services/casa-segura/", "/services/casa-segura/suggest/", "/about/", "/safety/",
    "/healthz", "/api/v1/services/", "/api/v1/services/casa-segura/", "/api/v1/counties/", "/api/schema/",
    "/advocate/login/", "/admin/login/",
]  # fmt: skip


@pytest.fixture
def fuzz_listings(make_listing, db):
    make_listing("Casa Segura", slug="casa-segura", county="bernalillo", city="Albuquerque", address=SECRET_ADDRESS,
                 zip=SECRET_ZIP, latitude=SECRET_LATITUDE, longitude=SECRET_LONGITUDE, confidential_location=True)  # fmt: skip
    make_listing("Taos Legal Aid", service_types=["legal-aid"], county="taos", city="Taos", statewide=True)


def assert_safe(response, hostile: list[str]) -> None:
    assert response.status_code < 500
    text = response.content.decode("utf-8", "replace")
    if response.get("Content-Type", "").startswith("text/html"):
        # Markup sent in comes back escaped (a long random string with "<" cannot be in the
        # page by chance; a short one could be, like "<p>").
        reflected = [m for m in MARKUP if m in text] + [h for h in hostile if "<" in h and len(h) >= 20 and h in text]
        assert reflected == []
    assert set(location_leaks(text)) <= set(location_leaks(" ".join(hostile)))  # unless it was sent in


@pytest.mark.parametrize("prefix", ["", "/es"])
def test_markup_in_any_parameter_of_any_page_comes_back_escaped(client, fuzz_listings, prefix):
    payload = "".join(MARKUP)
    for path in PUBLIC_PATHS:
        forget_rate_limits()  # no throttling: every request reaches the view
        assert_safe(client.get(prefix + path, {name: payload for name in PARAMETERS}), [payload])
        for name in PARAMETERS:
            assert_safe(client.get(prefix + path, {name: [payload, "x" + payload]}), [payload])


FUZZ = hypothesis_settings(
    max_examples=examples(250), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


@FUZZ
@given(
    prefix=st.sampled_from(["", "/es"]),
    path=st.sampled_from(PUBLIC_PATHS),
    params=st.lists(
        st.tuples(st.sampled_from(PARAMETERS) | st.sampled_from(PARAMETERS) | st.text(max_size=20), hostile_text),
        max_size=6,
    ),
)
def test_hostile_parameters_never_cause_an_error_or_reflect_markup(client, fuzz_listings, prefix, path, params):
    forget_rate_limits()  # no throttling: every example reaches the view
    # Repeated parameters come with the list; urlencode sends NUL and the rest percent-encoded.
    response = client.get(prefix + path + "?" + urlencode(params))
    assert_safe(response, [value for _, value in params])


@FUZZ
@given(
    prefix=st.sampled_from(["", "/es", "/en", "/fr", "/es/es"]),
    template=st.sampled_from(
        ["/services/{}/", "/services/{}", "/{}/", "/services/{}/suggest/", "/api/v1/services/{}/", "/static/{}", "/{}"]
    ),
    segment=hostile_text,
)
def test_hostile_paths_and_slugs_never_cause_an_error_or_reflect_markup(client, fuzz_listings, prefix, template, segment):
    forget_rate_limits()  # no throttling: every example reaches the view
    path = prefix + template.format(quote(segment, safe="/%"))
    response = client.get(path)
    assert_safe(response, [segment])


header_text = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=300)


@FUZZ
@given(
    path=st.sampled_from(["/", "/services/?q=shelter", "/es/services/casa-segura/", "/about/", "/api/v1/services/"]),
    host=st.one_of(
        st.just("testserver"),
        st.sampled_from(["evil.example", "testserver:99999", "[::1", "a" * 300, "testserver\x00"]),
        header_text,
    ),
    language=st.one_of(st.sampled_from(["es", "es-MX,es;q=0.9", "*;q=0", "x" * 500, "en;q=abc"]), header_text),
    cookie=st.one_of(
        st.sampled_from(["sessionid=" + "a" * 32, "sessionid=../x", "django_language=xx", "csrftoken=<x>"]),
        header_text,
    ),
    other=header_text,
)
def test_hostile_headers_never_cause_an_error(client, fuzz_listings, path, host, language, cookie, other):
    forget_rate_limits()  # no throttling: every example reaches the view
    response = client.get(
        path,
        HTTP_HOST=host,
        headers={"Accept-Language": language, "Cookie": cookie, "Referer": other, "User-Agent": other, "X-Forwarded-Proto": other, "X-Forwarded-For": other},
    )  # fmt: skip
    assert_safe(response, [host, language, cookie, other])
