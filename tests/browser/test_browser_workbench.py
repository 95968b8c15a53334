"""The reviewers' and advocates' workbench in a real browser, at 1280 and 390 px: the
admin's home counts what the queue holds, reviewers approve, reject, publish a draft and
resolve a conflict from the queue, the 24/7-versus-hours contradiction is refused at the
form and flagged in the queue, and the hours editor and language picker work with and
without JavaScript."""

import datetime

import pytest
from django.utils import timezone

from directory.listings.values import listing_values
from directory.models import Listing, Organization, Proposal, Suggestion
from directory.review.proposals import proposal_create_edit, proposal_create_new
from directory.review.roles import user_add_to_role
from tests.browser.axe import violations
from tests.support import NEW_LISTING, PASSWORD, make_user

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def desk(make_listing, vocabulary):
    organization = Organization.objects.create(name="Enlace Comunitario")
    ana = make_user("ana")
    user_add_to_role(user=ana, role="advocate", organization=organization)
    user_add_to_role(user=make_user("rita"), role="reviewer")
    long_ago = timezone.localdate() - datetime.timedelta(days=400)
    common = {"organization": organization.name, "county": "taos", "city": "Taos", "counties_served": ["taos"]}
    casa = make_listing("Casa Esperanza", slug="casa-esperanza", last_verified=long_ago, **common)
    hotline = make_listing(
        "Línea Abierta", slug="linea-abierta", service_types=["hotline"], hotline_24_7=True, open_24_7=True, **common
    )
    draft = make_listing(
        "Nuevo Refugio", slug="nuevo-refugio", status=Listing.Status.DRAFT, last_verified=None, **common
    )
    never = make_listing("Puerta Abierta", slug="puerta-abierta", last_verified=None, **common)
    Suggestion.objects.create(listing=casa, text="The phone number changed last month.")
    return {"ana": ana, "organization": organization, "casa": casa, "hotline": hotline, "draft": draft, "never": never}


def log_in(page, url: str, username: str) -> None:
    page.goto(url)
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form [type=submit]").last.click()
    page.wait_for_load_state()


def overlaps(a: dict, b: dict) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


@pytest.mark.parametrize("viewport", WIDTHS.values(), ids=WIDTHS.keys())
def test_the_admin_home_counts_what_the_queue_holds(live_server, new_context, desk, viewport):
    proposal_create_edit(author=desk["ana"], listing=desk["casa"], values={**listing_values_of(desk["casa"]), "name": "Casa E."})
    proposal_create_new(author=desk["ana"], organization=desk["organization"], values=NEW_LISTING)
    page = new_context(viewport=viewport).new_page()

    log_in(page, live_server.url + "/admin/login/?next=/admin/", "rita")

    assert page.locator("#site-name").inner_text() == "New Mexico Survivor Resource Directory"
    assert "New Mexico Survivor Resource Directory" in page.title()
    items = page.locator(".work-list li")
    work = {}
    for index in range(items.count()):
        item = items.nth(index)
        work[item.locator(".work-label").inner_text()] = (
            int(item.locator(".work-count").inner_text()),
            item.locator("a").get_attribute("href"),
        )
    in_queue = {
        "Proposals from advocates": ".review-proposal",
        "Suggestions from the public": ".review-suggestion",
        "Drafts awaiting their first review": ".review-stale[data-waiting=draft]",
        "Published listings never verified": ".review-stale[data-waiting=never-verified]",
        "Stale listings: not verified in 12 months": ".review-stale[data-waiting=stale]",
    }
    assert {label: work[label][0] for label in in_queue} == {
        "Proposals from advocates": 2,
        "Suggestions from the public": 1,
        "Drafts awaiting their first review": 1,
        "Published listings never verified": 1,
        "Stale listings: not verified in 12 months": 1,
    }
    for label, selector in in_queue.items():
        page.goto(live_server.url + work[label][1])
        assert page.locator(selector).count() == work[label][0], label
    page.goto(live_server.url + "/admin/directory/listing/review/")
    for label, selector in in_queue.items():
        assert page.locator(selector).count() == work[label][0], label


def listing_values_of(listing: Listing) -> dict:
    return listing_values(Listing.objects.for_detail().get(pk=listing.pk))


@pytest.mark.parametrize("viewport", WIDTHS.values(), ids=WIDTHS.keys())
def test_a_reviewer_approves_rejects_publishes_and_resolves_a_conflict_from_the_queue(
    live_server, new_context, desk, viewport
):
    casa, never = desk["casa"], desk["never"]
    approve_me = proposal_create_edit(
        author=desk["ana"], listing=casa, values={**listing_values_of(casa), "phone": ["+15055550199"]}
    )
    reject_me = proposal_create_new(author=desk["ana"], organization=desk["organization"], values=NEW_LISTING)
    conflicted = proposal_create_edit(
        author=desk["ana"], listing=never, values={**listing_values_of(never), "description": "Walk in any weekday."}
    )
    Listing.objects.filter(pk=never.pk).update(description="Changed by a reviewer meanwhile.")
    page = new_context(viewport=viewport).new_page()
    log_in(page, live_server.url + "/admin/login/?next=/admin/directory/listing/review/", "rita")

    # On a phone too, nothing overlaps: approve, edit-and-approve, the reason and reject.
    actions = page.locator(f"#proposal-{approve_me.pk} .review-actions")
    boxes = [
        actions.locator("input[type=submit].default").bounding_box(),
        actions.locator("a.button").bounding_box(),
        actions.locator("label").bounding_box(),
        actions.locator("textarea").bounding_box(),
        actions.locator("input[type=submit]:not(.default)").bounding_box(),
    ]
    for i, a in enumerate(boxes):
        assert a["x"] + a["width"] <= viewport["width"]
        for b in boxes[i + 1 :]:
            assert not overlaps(a, b), (a, b)
    # The public's words in body text, not tiny grey.
    assert page.locator(".suggestion-text").evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 15

    page.get_by_role("button", name=f"Approve proposal #{approve_me.pk}").click()
    assert "Approved" in page.locator(".messagelist").inner_text()

    page.fill(f"#reason-{reject_me.pk}", "Please add the organization's phone number.")
    page.get_by_role("button", name=f"Reject proposal #{reject_me.pk}").click()
    assert "Rejected" in page.locator(".messagelist").inner_text()

    page.get_by_role("button", name="Publish “Nuevo Refugio”").click()
    assert "is published" in page.locator(".messagelist").inner_text()

    page.get_by_role("button", name=f"Approve proposal #{conflicted.pk}").click()
    page.get_by_role("link", name="Resolve it").click()
    page.fill("#id_description", "Walk in any weekday; call first.")
    page.get_by_role("button", name="Approve with these values").click()
    assert "Approved with your changes" in page.locator(".messagelist").inner_text()

    approve_me.refresh_from_db(), reject_me.refresh_from_db(), conflicted.refresh_from_db()
    assert (approve_me.status, reject_me.status, conflicted.status) == ("approved", "rejected", "approved")
    draft = Listing.objects.get(pk=desk["draft"].pk)
    assert draft.status == Listing.Status.PUBLISHED and draft.last_verified == timezone.localdate()
    published = draft.history.filter(status=Listing.Status.PUBLISHED).earliest("history_date")
    assert published.history_user.username == "rita"
    assert Listing.objects.get(pk=never.pk).description == "Walk in any weekday; call first."
    page.goto(live_server.url + "/services/nuevo-refugio/")
    assert page.locator("h1").inner_text().startswith("Nuevo Refugio")


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
@pytest.mark.parametrize("viewport", WIDTHS.values(), ids=WIDTHS.keys())
def test_answering_24_7_beside_weekday_hours_is_refused_at_the_form(live_server, new_context, desk, viewport, javascript):
    hotline = desk["hotline"]
    page = new_context(viewport=viewport, java_script_enabled=javascript).new_page()
    log_in(page, live_server.url + "/advocate/login/", "ana")
    page.goto(f"{live_server.url}/advocate/listings/{hotline.pk}/propose/")
    assert page.locator("input[name=hotline_24_7]").is_checked()

    page.locator("input[name=hours_always]").uncheck()
    page.locator("input[name=hours_0_open]").check()
    page.locator("input[name=hours_0_opens]").fill("09:00")
    page.locator("input[name=hours_0_closes]").fill("17:00")
    page.get_by_role("button", name="Send to a reviewer").click()

    assert "“Answers 24/7” is ticked" in page.locator(".error-summary").inner_text()
    assert not Proposal.objects.exists()


def test_the_queue_flags_a_proposal_that_contradicts_itself(live_server, new_context, desk):
    hotline = desk["hotline"]
    # As the old form allowed: weekday hours, "answers 24/7" left ticked.
    proposal_create_edit(
        author=desk["ana"], listing=hotline, values={**listing_values_of(hotline), "hours": "Mon-Fri 09:00-17:00"}
    )
    page = new_context().new_page()
    log_in(page, live_server.url + "/admin/login/?next=/admin/directory/listing/review/", "rita")

    assert "If approved: “Answers 24/7” is ticked" in page.locator(f"#listing-{hotline.pk}").inner_text()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
@pytest.mark.parametrize("viewport", WIDTHS.values(), ids=WIDTHS.keys())
def test_languages_by_name_and_hours_by_day_make_a_new_listing(live_server, new_context, desk, viewport, javascript):
    page = new_context(viewport=viewport, java_script_enabled=javascript).new_page()
    log_in(page, live_server.url + "/advocate/login/", "ana")
    page.goto(live_server.url + "/advocate/listings/new/")
    page.fill("#id_name", "Casa del Sol")
    page.fill("#id_description", "Counseling for survivors.")
    page.fill("#id_description_es", "Consejería para sobrevivientes.")
    page.get_by_label("Counseling and mental health").check()
    page.get_by_label("Taos", exact=True).check()
    page.fill("#id_city", "Taos")
    page.fill("#id_zip", "87571")
    page.fill("#id_phone", "(575) 555-0123")

    languages = page.locator("#id_languages")
    if javascript:
        languages.press_sequentially("English; Nav")
        offered = page.eval_on_selector_all("#languages-names option", "options => options.map(o => o.value)")
        assert "English; Navajo" in offered  # the language being typed is the one completed
        languages.fill("English; Navajo; Spanish")
    else:
        languages.fill("english; navajo; español")
    for day in range(5):
        page.locator(f"input[name=hours_{day}_open]").check()
        page.locator(f"input[name=hours_{day}_opens]").fill("09:00")
        page.locator(f"input[name=hours_{day}_closes]").fill("17:00")
    page.locator("input[name=hours_5_open]").check()
    page.locator("input[name=hours_5_opens]").fill("20:00")
    page.locator("input[name=hours_5_closes]").fill("02:00")  # overnight
    page.get_by_role("button", name="Send to a reviewer").click()

    assert "/advocate/proposals/" in page.url, page.locator("main").inner_text()[:800]
    values = Proposal.objects.get().values
    assert values["languages"] == ["en", "es", "nv"]
    weekdays = "; ".join(f"{day} 09:00-17:00" for day in ["Mon", "Tue", "Wed", "Thu", "Fri"])
    assert values["hours"] == f"{weekdays}; Sat 20:00-02:00"
    # The place gives the point (the ZIP's centre): never typed by an advocate.
    assert values["latitude"] and values["longitude"]
    assert page.locator("#id_latitude").count() == 0


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_the_text_syntax_still_works_in_the_hours_editor(live_server, new_context, desk, javascript):
    casa = desk["casa"]
    page = new_context(java_script_enabled=javascript).new_page()
    log_in(page, live_server.url + "/advocate/login/", "ana")
    page.goto(f"{live_server.url}/advocate/listings/{casa.pk}/propose/")

    page.get_by_label("Or type the hours").fill("Mon 09:00-12:00; Mon 13:00-17:00")
    page.get_by_role("button", name="Send to a reviewer").click()

    assert Proposal.objects.get().values["hours"] == "Mon 09:00-12:00; Mon 13:00-17:00"


@pytest.mark.parametrize("language", ["", "/es"])
@pytest.mark.parametrize("viewport", WIDTHS.values(), ids=WIDTHS.keys())
def test_the_portal_pages_meet_wcag_22_aa(live_server, new_context, desk, viewport, language):
    page = new_context(viewport=viewport).new_page()

    def assert_no_violations() -> None:
        page.wait_for_load_state()
        found = violations(page)
        assert found == [], (page.url, [(v["id"], [n["html"] for n in v["nodes"]][:3]) for v in found])

    for path in ["/advocate/login/", "/advocate/request-account/", "/advocate/password/reset/", "/advocate/password/reset/sent/"]:
        page.goto(f"{live_server.url}{language}{path}")
        assert_no_violations()
    page.goto(f"{live_server.url}{language}/advocate/request-account/")
    page.locator("form [type=submit]").last.click()
    page.locator(".error-summary").wait_for()  # the answer to the post, not the page it left
    assert_no_violations()
    log_in(page, f"{live_server.url}{language}/advocate/login/", "ana")
    for path in ["/advocate/listings/new/", f"/advocate/listings/{desk['hotline'].pk}/propose/"]:
        page.goto(f"{live_server.url}{language}{path}")
        assert_no_violations()
    page.locator("input[name=hours_always]").uncheck()
    page.locator("input[name=hours_0_open]").check()
    page.locator("form [type=submit]").last.click()
    page.locator(".error-summary").wait_for()  # the answer to the post, not the page it left
    assert_no_violations()
