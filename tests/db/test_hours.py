"""When a closed service opens next (hours.next_opening) and how a card says it, in New Mexico time."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

DENVER = ZoneInfo("America/Denver")


def local(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).replace(tzinfo=DENVER)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("at", "path", "says"),
    [
        ("2026-12-01T18:00", "/services/", "Closed now · Opens Wed 9:00 a.m."),
        ("2026-12-01T07:00", "/services/", "Closed now · Opens today 9:00 a.m."),
        ("2026-12-04T18:00", "/services/", "Closed now · Opens Mon 9:00 a.m."),
        ("2026-03-07T20:00", "/services/?q=Sunday", "Closed now · Opens Sun 9:00 a.m."),
        ("2026-12-01T18:00", "/es/services/", "Cerrado ahora · Abre el Mié a las 9:00 a.\u00a0m."),  # a no-break space
    ],
)
def test_a_closed_card_says_when_it_opens(client, make_listing, at, path, says):
    if "Sunday" in path:
        make_listing("Sunday Clinic", hours=[(6, "09:00", "12:00")])
    else:
        make_listing("Office", hours=[(day, "09:00", "17:00") for day in range(5)])
    with time_machine.travel(local(at), tick=False):
        html = client.get(path).content.decode()
    assert says in html


@pytest.mark.django_db
def test_the_detail_page_says_when_it_opens(client, make_listing):
    make_listing("Office", slug="office", hours=[(day, "09:00", "17:00") for day in range(5)])
    with time_machine.travel(local("2026-12-05T10:00"), tick=False):
        html = client.get("/services/office/").content.decode()
    assert "Closed now · Opens Mon 9:00 a.m." in html


@pytest.mark.django_db
def test_an_open_card_says_nothing_of_the_next_opening(client, make_listing):
    make_listing("Office", hours=[(day, "09:00", "17:00") for day in range(5)])
    with time_machine.travel(local("2026-12-01T10:00"), tick=False):
        html = client.get("/services/").content.decode()
    assert "Open now" in html and "Opens " not in html
