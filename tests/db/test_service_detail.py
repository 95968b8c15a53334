import pytest

from directory.models import Listing

pytestmark = pytest.mark.django_db


def test_shows_everything_public_about_a_listing(client, make_listing):
    make_listing(
        "Casa Segura",
        slug="casa-segura",
        organization="Example Coalition",
        description="Emergency shelter for women and children.",
        address="12 Plaza St",
        city="Santa Fe",
        zip="87501",
        county="santa-fe",
        service_types=["shelter", "legal-aid"],
        counties_served=["santa-fe"],
        languages=["es", "nv"],
        populations=["women"],
        fees="free",
        eligibility="Adults 18 and over.",
        phones=[("voice", "+15055550100"), ("text", "233733"), ("tty", "+15055550199")],
        hours=[(4, "20:00", "02:00")],
    )
    body = client.get("/services/casa-segura/").content.decode()
    for expected in (
        "Casa Segura",
        "Example Coalition",
        "Emergency shelter for women and children.",
        "12 Plaza St",
        "Santa Fe 87501",
        "Santa Fe County",
        "Legal aid",
        "Navajo",
        "Women",
        "Free",
        "Adults 18 and over.",
        'href="tel:+15055550100"',
        'href="sms:233733"',
        'href="tel:+15055550199"',
        "(505) 555-0100",
        "(next day)",
    ):
        assert expected in body, expected


@pytest.mark.parametrize("status", [Listing.Status.DRAFT, Listing.Status.ARCHIVED])
def test_unpublished_listing_is_not_found(client, make_listing, status):
    make_listing("Draft", slug="draft-one", status=status)
    assert client.get("/services/draft-one/").status_code == 404
    assert client.get("/es/services/draft-one/").status_code == 404


def test_unknown_slug_is_not_found(client, db):
    assert client.get("/services/no-such-listing/").status_code == 404


def test_confidential_listing_shows_city_and_county_only(client, make_listing):
    make_listing(
        "Safe House",
        slug="safe-house",
        confidential_location=True,
        address="4821 Hidden Mesa Rd",
        city="Taos",
        zip="87571",
        county="taos",
        latitude=36.40712,
        longitude=-105.57309,
        phones=[("voice", "+15755550100")],
    )
    for url in ("/services/safe-house/", "/es/services/safe-house/"):
        body = client.get(url).content.decode()
        assert "Taos" in body
        for secret in ("Hidden Mesa", "4821", "87571", "36.407", "36.41", "-105.57", "105.573"):
            assert secret not in body, (url, secret)
    assert "kept confidential for the safety" in client.get("/services/safe-house/").content.decode()


def test_stale_listing_says_so_plainly(client, make_listing):
    make_listing("Old", slug="old", last_verified=None)
    assert "Not verified in the last 12 months" in client.get("/services/old/").content.decode()


def test_spanish_page_shows_spanish_description(client, make_listing):
    make_listing("Casa", slug="casa", description="English text.", description_es="Texto en español.")
    assert "Texto en español." in client.get("/es/services/casa/").content.decode()
    assert "English text." in client.get("/services/casa/").content.decode()


def test_spanish_page_falls_back_to_english_marked_as_english(client, make_listing):
    make_listing("Casa", slug="casa", description="English only.")
    body = client.get("/es/services/casa/").content.decode()
    assert 'lang="en">' in body and "English only." in body


def test_detail_query_count_is_fixed(client, make_listing, django_assert_num_queries):
    make_listing("Casa", slug="casa", languages=["es"], counties_served=["taos", "lea"], hours=[(0, "09:00", "17:00")])
    with django_assert_num_queries(7):
        client.get("/services/casa/")
