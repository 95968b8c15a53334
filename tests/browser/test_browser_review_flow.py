"""The review workflow end to end in a real browser: an advocate proposes a new phone
number, a reviewer approves it in the admin's queue, and the public page shows it."""

import datetime
import re

import pytest
from django.utils import formats, timezone, translation

from directory.models import Organization
from directory.review.roles import user_add_to_role
from tests.browser.axe import violations
from tests.support import PASSWORD, make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def people_and_listing(make_listing, vocabulary):
    # The live server's database is flushed after every test: the roles come back here.
    organization = Organization.objects.create(name="Enlace Comunitario")
    user_add_to_role(user=make_user("ana"), role="advocate", organization=organization)
    user_add_to_role(user=make_user("rita"), role="reviewer")
    return make_listing(
        "Casa Esperanza",
        slug="casa-esperanza",
        organization=organization.name,
        phones=[("voice", "+15055550100")],
        last_verified=timezone.localdate() - datetime.timedelta(days=200),
    )


def log_in(page, url: str, username: str) -> None:
    page.goto(url)
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form [type=submit]").last.click()
    page.wait_for_load_state()


def test_an_advocates_phone_change_goes_live_once_a_reviewer_approves_it(live_server, new_context, people_and_listing):
    listing = people_and_listing

    # The advocate proposes the change in the portal.
    advocate = new_context().new_page()
    log_in(advocate, live_server.url + "/advocate/login/", "ana")
    advocate.get_by_role("link", name="Casa Esperanza").click()
    advocate.get_by_role("link", name="Propose a change").click()
    advocate.get_by_label("Phone").fill("(505) 555-0199")
    advocate.get_by_role("button", name="Send to a reviewer").click()
    assert advocate.locator(".proposal-status").inner_text() == "Waiting for review"

    # Nothing is live yet.
    public = new_context().new_page()
    public.goto(f"{live_server.url}/services/{listing.slug}/")
    assert "(505) 555-0100" in public.content() and "(505) 555-0199" not in public.content()

    # The reviewer approves it in the queue.
    reviewer = new_context().new_page()
    log_in(reviewer, live_server.url + "/admin/login/?next=/admin/directory/listing/review/", "rita")
    assert "(505) 555-0199" in reviewer.locator(".review-diff").inner_text()
    reviewer.get_by_role("button", name="Approve proposal").click()
    assert "Approved" in reviewer.locator(".messagelist").inner_text()

    # The public page shows the new number, verified today.
    public.reload()
    with translation.override("en"):
        today = formats.date_format(timezone.localdate(), "DATE_FORMAT")
    assert "(505) 555-0199" in public.locator(".phones").inner_text()
    assert "(505) 555-0100" not in public.content()
    assert public.locator(".verified").inner_text() == f"Verified {today}"

    # And the advocate sees the decision.
    advocate.reload()
    assert advocate.locator(".proposal-status").inner_text() == "Approved"


@pytest.mark.parametrize("language", ["", "/es"])
def test_the_portal_pages_meet_wcag_22_aa(live_server, new_context, people_and_listing, language):
    listing = people_and_listing
    page = new_context().new_page()

    def assert_no_violations() -> None:
        page.wait_for_load_state()  # after a click, axe must see the page with its stylesheet
        found = violations(page)
        assert found == [], (page.url, [(v["id"], [n["html"] for n in v["nodes"]][:3]) for v in found])

    log_in(page, live_server.url + "/advocate/login/", "ana")
    for path in [
        "/advocate/",
        f"/advocate/listings/{listing.pk}/",
        "/advocate/listings/new/",
        f"/advocate/listings/{listing.pk}/propose/",
    ]:
        page.goto(f"{live_server.url}{language}{path}")
        assert_no_violations()
    phone = page.get_by_label(re.compile(r"^\s*(Phone|Teléfono)\b"))
    phone.fill("555")
    page.locator("form [type=submit]").last.click()
    page.locator(".error-summary").wait_for()  # the answer to the post, not the page it left
    assert_no_violations()
    phone.fill("(505) 555-0199")
    page.locator("form [type=submit]").last.click()
    assert "/advocate/proposals/" in page.url
    assert_no_violations()
