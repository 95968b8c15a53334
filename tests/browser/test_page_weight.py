"""Light on a slow rural connection: the results page with 20 results, every file it loads
included, is under 60 KB as sent over the wire, and loads nothing from anywhere else."""

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from django.test import override_settings
from django.test.testcases import LiveServerThread

pytestmark = pytest.mark.browser

LIMIT = 60 * 1024
HOST = "127.0.0.1"


def _leave_static_to_whitenoise(application):
    """LiveServerThread's static_handler: none. pytest-django's live_server answers /static/
    itself, uncompressed; here WhiteNoise serves the collectstatic output (`collected_static`)
    with its hashed names and compressed copies, as production does."""
    return application


@pytest.fixture(scope="module")
def production_like_server(django_db_setup, collected_static_root) -> Iterator[str]:
    # WhiteNoise indexes STATIC_ROOT once, when the server's thread loads the middleware.
    with override_settings(ALLOWED_HOSTS=[HOST], STATIC_ROOT=str(collected_static_root)):
        thread = LiveServerThread(HOST, static_handler=_leave_static_to_whitenoise)
        thread.daemon = True
        thread.start()
        thread.is_ready.wait()
        if thread.error:
            raise thread.error
        yield f"http://{HOST}:{thread.port}"
        thread.terminate()


@pytest.fixture
def twenty_five_listings(make_listing, vocabulary) -> None:
    """More than a page, each with everything a result shows."""
    for n in range(25):
        stale = {"last_verified": None} if n % 5 == 0 else {}  # a stale listing says more
        make_listing(
            f"Emergency Shelter and Legal Advocacy Program {n:02d}",
            organization=f"Example Northern New Mexico Coalition Against Trafficking {n % 4}",
            city="Española",
            county="rio-arriba",
            counties_served=["rio-arriba", "santa-fe", "taos"],
            service_types=["shelter", "legal-aid", "counseling"],
            languages=["en", "es", "nv"],
            populations=["women", "families"],
            fees="free",
            phones=[("voice", "+15055550100"), ("text", "233733"), ("tty", "+15055550199")],
            hours=[(day, "09:00", "17:00") for day in range(5)] + [(5, "20:00", "02:00")],
            **stale,
        )


def test_results_page_with_twenty_results_is_under_60_kb(
    production_like_server, collected_static, browser, twenty_five_listings, capsys
):
    context = browser.new_context()
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        urls, sizes, failed = {}, {}, []
        cdp.on("Network.requestWillBeSent", lambda event: urls.setdefault(event["requestId"], event["request"]["url"]))
        # encodedDataLength: every byte received for the response, headers included, as compressed.
        cdp.on("Network.loadingFinished", lambda event: sizes.__setitem__(event["requestId"], event["encodedDataLength"]))
        cdp.on("Network.loadingFailed", lambda event: failed.append(urls.get(event["requestId"])))

        page.goto(production_like_server + "/services/")
        page.wait_for_load_state("networkidle")
        assert page.locator(".result").count() == 20
    finally:
        context.close()

    assert failed == []
    assert {urlsplit(url).netloc for url in urls.values()} == {urlsplit(production_like_server).netloc}
    assert not [url for url in urls.values() if url.endswith((".woff", ".woff2", ".ttf", ".otf"))]
    total = sum(sizes.values())
    breakdown = ", ".join(f"{urlsplit(urls[id]).path} {size}" for id, size in sizes.items())
    with capsys.disabled():
        print(f"\nresults page with 20 results: {total} bytes transferred ({breakdown})")
    assert total < LIMIT, breakdown
