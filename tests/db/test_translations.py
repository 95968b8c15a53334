"""The Spanish pages show no English UI text (the catalogue itself: tests/unit/test_catalogue.py).

The walk renders every public page and the advocates' portal under /es/ and reads what a
person sees or hears: the visible text, the page title, and the attributes a screen reader
announces or a browser shows (aria-label, placeholder, title, alt, button values). Text
marked lang="en" is English on purpose (an English-only description, the language switch),
and what the fixtures wrote (names, descriptions, places, phone numbers) is content, not UI:
both are left out. What remains must contain neither a message of the catalogue left in
English nor a common English UI word.
"""

import datetime

import pytest
from django.utils import timezone

from directory.listings.values import listing_values
from directory.models import Listing, Organization, Proposal
from directory.review.proposals import (
    proposal_create_confirmation,
    proposal_create_edit,
    proposal_reject,
)
from directory.review.roles import user_add_to_role
from tests.spanish import (
    english_left,
    spanish_style_left,
    unmarked_english_listing_text,
    visible_text,
)
from tests.support import PASSWORD, create_listing, edit_data, make_user


@pytest.fixture
def _spanish_world(shared_rows) -> dict:
    """The organization, its advocate (owner), a reviewer (vetter), and the listings and
    proposals of `spanish_directory`: built once for the module's tests (`shared_rows`,
    tests/conftest.py)."""
    return shared_rows("spanish", _build_spanish_world)


@pytest.fixture
def organization(_spanish_world):
    return _spanish_world["organization"]


@pytest.fixture
def owner(_spanish_world):
    return _spanish_world["owner"]


@pytest.fixture
def vetter(_spanish_world):
    return _spanish_world["vetter"]


@pytest.fixture
def spanish_directory(_spanish_world):
    """Listings that bring out every part of the pages: hours open and closed, overnight, 24/7,
    stale, statewide, confidential, every phone kind, an English-only description. Their texts
    are Spanish or names, so that any English left is UI."""
    return _spanish_world["listings"]


def _build_spanish_world() -> dict:
    organization = Organization.objects.create(name="Enlace Comunitario")
    owner = make_user("owner")
    user_add_to_role(user=owner, role="advocate", organization=organization)
    vetter = make_user("vetter")
    user_add_to_role(user=vetter, role="reviewer")
    every_day = [(day, "00:00", "23:59") for day in range(7)]
    listings = {
        "published": create_listing(
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
        "confidential": create_listing(
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
        "english-only": create_listing(
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
        "statewide-stale": create_listing(
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
    return {"organization": organization, "owner": owner, "vetter": vetter, "listings": listings}


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


@pytest.mark.parametrize(("prefix", "optional"), [("", "(optional)"), ("/es", "(opcional)")])
def test_the_suggestion_form_says_optional_once(client, spanish_directory, prefix, optional):
    content = client.get(f"{prefix}/services/casa-segura/suggest/").content.decode()

    assert content.count(optional) == 1
