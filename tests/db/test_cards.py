"""Result cards kept per version of the public data and language (directory/web/cards.py).

The cards' HTML itself is tested through the results page (test_services.py, the browser
tests); these tests are about keeping them: that a kept card is used, that every committed
write a card shows reaches it, that what differs per request (distance, open now) and per
language is never taken from another request, and that nothing about a search is kept.
Writes really commit here (the vocabulary fixture): inside a test's transaction no card is
kept at all.
"""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from directory.models import Listing, OpeningHours, Organization, Phone
from directory.search.facets import public_data_version
from directory.search.query import IdsFirstPaginator
from directory.web import cards

NEW_MEXICO = ZoneInfo("America/Denver")
MONDAY_NOON = datetime.datetime(2026, 6, 1, 12, 0, tzinfo=NEW_MEXICO)
MONDAY_NIGHT = datetime.datetime(2026, 6, 1, 22, 0, tzinfo=NEW_MEXICO)


def _results(client, url: str = "/services/", **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode().split('<ol class="result-list"')[1].split("</ol>")[0]


@pytest.fixture
def casa(vocabulary, make_listing):
    return make_listing(
        "Casa Segura",
        organization="Refugio del Norte",
        service_types=["shelter"],
        counties_served=["santa-fe"],
        languages=["es"],
        phones=[("voice", "+15055550100")],
        hours=[(0, "09:00", "17:00")],
        city="Santa Fe",
        zip="87501",
        latitude=35.6870,
        longitude=-105.9378,
    )


def test_a_kept_card_needs_no_rows(client, casa, django_assert_num_queries):
    first = _results(client)
    # The version only: the page's ids come from the index, the card was kept.
    with django_assert_num_queries(1):
        assert _results(client) == first
    assert ("en", casa.pk) in cards._kept


@pytest.mark.parametrize(
    ("write", "shown"),
    [
        (
            lambda casa: Organization.objects.filter(pk=casa.organization_id).update(name="Refugio del Sur"),
            "Refugio del Sur",
        ),
        (lambda casa: Phone.objects.filter(listing=casa).update(number="+15055550199"), "(505) 555-0199"),
        (lambda casa: OpeningHours.objects.filter(listing=casa).update(closes=datetime.time(19, 0)), "7 p.m."),
        (lambda casa: Listing.objects.filter(pk=casa.pk).update(name="Casa Tranquila"), "Casa Tranquila"),
    ],
    ids=["organization", "phone", "hours", "listing"],
)
def test_a_committed_write_reaches_the_card(client, casa, write, shown):
    """Organizations, phones and hours change the data version too (migration 0015)."""
    before = _results(client)
    assert shown not in before
    version = public_data_version()
    write(casa)
    assert public_data_version() != version
    assert shown in _results(client)


def test_open_now_is_worked_out_per_request(client, casa):
    with time_machine.travel(MONDAY_NOON, tick=False):
        assert '<p class="open-status open-status-open">Open now</p>' in _results(client)
    with time_machine.travel(MONDAY_NIGHT, tick=False):
        closed = _results(client)
    assert '<p class="open-status open-status-closed">Closed now · Opens Mon 9:00 a.m.</p>' in closed
    assert ("en", casa.pk) in cards._kept  # the same card both times


def test_the_distance_is_worked_out_per_request(client, casa):
    def miles(html: str) -> int:
        return int(re.search(r"<strong>(\d+) miles? away</strong>", html)[1])

    assert "miles away" not in _results(client)  # no place, no distance
    assert miles(_results(client, near="87501")) < 5
    assert miles(_results(client, near="87532", radius="100")) > 15  # from Española
    assert "miles away" not in _results(client)


def test_each_language_has_its_own_card(client, casa):
    english = _results(client)
    spanish = _results(client, "/es/services/")
    assert 'href="/services/' in english and "Languages:" in english
    assert 'href="/es/services/' in spanish and "Idiomas:" in spanish
    assert {("en", casa.pk), ("es", casa.pk)} <= set(cards._kept)
    assert _results(client) == english


def test_a_new_day_starts_over(client, casa):
    """A card says whether its listing went a year unverified: it is kept for one day."""
    _results(client)
    kept_for = cards._kept_for
    with time_machine.travel(datetime.datetime.now(NEW_MEXICO) + datetime.timedelta(days=1)):
        _results(client)
    assert cards._kept_for != kept_for
    assert cards._kept_for[0] == kept_for[0]  # the same version of the data


def test_nothing_about_a_search_is_kept(client, casa):
    for params in ({"q": "casa zzsecret"}, {"q": "segura"}, {"near": "87501"}, {"county": "santa-fe"}):
        client.get("/services/", params)
    assert set(cards._kept) <= {("en", casa.pk)}
    kept = repr(cards._kept) + repr(cards._kept_for)
    assert "zzsecret" not in kept and "segura" not in kept and "87501" not in kept


def test_a_process_keeps_a_bounded_number_of_cards(client, vocabulary, make_listing, monkeypatch):
    """Full, it starts over: memory stays flat however many listings are looked at."""
    monkeypatch.setattr(cards, "MAX_CARDS", 3)
    for n in range(5):
        make_listing(f"Listing {n}")
    _results(client)
    assert {language for language, _ in cards._kept} == {"en"}
    _results(client, "/es/services/")
    assert {language for language, _ in cards._kept} == {"es"}  # 5 >= 3: the English ones went
    assert len(cards._kept) == 5


def test_inside_a_transaction_nothing_is_kept(client, make_listing):
    """Uncommitted writes (a test's, or a request's own) are not the public data of any version."""
    kept_before = dict(cards._kept)
    make_listing("Uncommitted")
    assert "Uncommitted" in _results(client)
    assert cards._kept == kept_before


def test_a_listing_gone_since_its_id_was_read_is_left_out(make_listing):
    """Between the statement that read a page's ids and the read of its rows, a listing
    may be unpublished: the page shows the others rather than failing."""
    shown = make_listing("Shown")
    gone = make_listing("Gone")
    queryset = Listing.objects.published().for_results()
    page = IdsFirstPaginator(queryset, 20, known_pages={1: [gone.pk, shown.pk]}, count=2).page(1)
    Listing.objects.filter(pk=gone.pk).update(status=Listing.Status.ARCHIVED)
    rendered = cards.result_cards(page, version=None, now=timezone.now(), place=None, distances={})
    assert len(rendered) == 1 and "Shown" in rendered[0]
