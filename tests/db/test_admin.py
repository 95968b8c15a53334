import datetime
from zoneinfo import ZoneInfo

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.urls import reverse

from directory.models import (
    AccountRequest,
    County,
    Language,
    Listing,
    OpeningHours,
    Organization,
    Phone,
    ServiceType,
)
from directory.review.actions import listings_mark_verified, listings_set_status

NEW_MEXICO = ZoneInfo("America/Denver")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def reviewer_client(client, reviewer):
    reviewer.user_permissions.set(
        Permission.objects.filter(content_type__app_label="directory", codename__in=["view_listing", "change_listing"])
    )
    client.force_login(reviewer)
    return client


def changelist_url(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def listing_form_data(organization: Organization, **overrides) -> dict:
    """What the listing add form posts: fields, M2M ids and both inline management forms."""
    phones = overrides.pop("phones", [("voice", "(505) 555-0100")])
    hours = overrides.pop("hours", [])
    data = {
        "organization": organization.pk,
        "name": "Casa Esperanza",
        "slug": "casa-esperanza",
        "external_id": "",
        "description": "Emergency shelter for survivors.",
        "description_es": "",
        "service_types": [ServiceType.objects.get(slug="shelter").pk],
        "counties_served": [County.objects.get(slug="taos").pk],
        "fees": "free",
        "address": "",
        "city": "Taos",
        "zip": "",
        "county": County.objects.get(slug="taos").pk,
        "latitude": "",
        "longitude": "",
        "website": "",
        "email": "",
        "eligibility": "",
        "status": "draft",
        "last_verified": "",
        "phones-TOTAL_FORMS": len(phones),
        "phones-INITIAL_FORMS": 0,
        "phones-MIN_NUM_FORMS": 0,
        "phones-MAX_NUM_FORMS": 1000,
        "hours-TOTAL_FORMS": len(hours),
        "hours-INITIAL_FORMS": 0,
        "hours-MIN_NUM_FORMS": 0,
        "hours-MAX_NUM_FORMS": 1000,
        "_save": "Save",
    }
    for i, (kind, number) in enumerate(phones):
        data[f"phones-{i}-kind"] = kind
        data[f"phones-{i}-number"] = number
    for i, (weekday, opens, closes) in enumerate(hours):
        data[f"hours-{i}-weekday"] = weekday
        data[f"hours-{i}-opens"] = opens
        data[f"hours-{i}-closes"] = closes
    data.update(overrides)
    return data


def post_action(client, action: str, listings) -> object:
    return client.post(
        changelist_url(Listing),
        {"action": action, admin.helpers.ACTION_CHECKBOX_NAME: [listing.pk for listing in listings]},
        follow=True,
    )


def shown_listings(response) -> set[str]:
    return {listing.name for listing in response.context["cl"].result_list}


# Every registered admin opens.

REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


@pytest.fixture
def one_of_everything(make_listing):
    """A row of every registered model, so that every change page has something to open.

    (Logging in writes the axes AccessLog row; the vocabularies come from migrations.)
    """
    make_listing(languages=["es"], hours=[(0, "09:00", "17:00")], county="taos")
    Group.objects.create(name="Reviewers")
    attempt = {
        "username": "someone",
        "ip_address": "192.0.2.1",
        "user_agent": "test",
        "http_accept": "*/*",
        "path_info": "/admin/login/",
    }
    AccessAttempt.objects.create(**attempt, get_data="", post_data="", failures_since_start=1)
    AccessFailureLog.objects.create(**attempt, locked_out=False)
    AccountRequest.objects.create(organization="Example Coalition", name="Ana Example", email="ana@example.org")


@pytest.mark.parametrize(("model", "model_admin"), REGISTERED, ids=[m._meta.label for m, _ in REGISTERED])
def test_every_admin_changelist_opens(admin_client, one_of_everything, model, model_admin):
    assert admin_client.get(changelist_url(model)).status_code == 200


@pytest.mark.parametrize(("model", "model_admin"), REGISTERED, ids=[m._meta.label for m, _ in REGISTERED])
def test_every_admin_add_page_opens_where_adding_is_allowed(admin_client, rf, superuser, model, model_admin):
    request = rf.get("/")
    request.user = superuser
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    expected = 200 if model_admin.has_add_permission(request) else 403
    assert admin_client.get(url).status_code == expected


@pytest.mark.parametrize(("model", "model_admin"), REGISTERED, ids=[m._meta.label for m, _ in REGISTERED])
def test_every_admin_change_page_opens(admin_client, one_of_everything, model, model_admin):
    obj = model._default_manager.first()
    assert obj is not None, f"one_of_everything must create a {model._meta.label}"
    assert admin_client.get(change_url(obj)).status_code == 200


def test_fixed_vocabularies_cannot_be_added_changed_or_deleted(admin_client):
    county = County.objects.get(slug="taos")
    delete_url = reverse("admin:directory_county_delete", args=[county.pk])

    assert admin_client.get(reverse("admin:directory_servicetype_add")).status_code == 403
    assert admin_client.get(delete_url).status_code == 403
    assert admin_client.post(change_url(county), {"slug": "taos", "name": "Renamed"}).status_code == 403
    county.refresh_from_db()
    assert county.name == "Taos"


def test_a_language_code_that_is_not_iso_639_is_refused(admin_client):
    response = admin_client.post(reverse("admin:directory_language_add"), {"code": "xx1", "name": "Nonsense"})

    assert response.status_code == 200
    assert "code" in response.context["adminform"].form.errors
    assert not Language.objects.filter(code="xx1").exists()


def test_the_history_page_of_a_listing_opens(admin_client, make_listing):
    listing = make_listing("Casa Esperanza")
    url = reverse("admin:directory_listing_history", args=[listing.pk])

    response = admin_client.get(url)

    assert response.status_code == 200
    assert b"Casa Esperanza" in response.content


# The changelist.


def test_the_stale_filter_shows_stale_and_hides_fresh_listings(admin_client, make_listing, time_machine):
    time_machine.move_to(datetime.datetime(2025, 6, 15, 12, 0, tzinfo=NEW_MEXICO), tick=False)
    make_listing("Fresh", last_verified=datetime.date(2025, 6, 1))
    make_listing("Last checked two years ago", last_verified=datetime.date(2023, 6, 1))
    make_listing("Never verified", last_verified=None)
    url = changelist_url(Listing)

    stale = admin_client.get(url, {"stale": "yes"})
    fresh = admin_client.get(url, {"stale": "no"})

    assert shown_listings(stale) == {"Last checked two years ago", "Never verified"}
    assert shown_listings(fresh) == {"Fresh"}


def test_the_listing_changelist_runs_the_same_number_of_queries_for_3_and_30_listings(
    admin_client, make_listing, django_assert_max_num_queries
):
    url = changelist_url(Listing)
    # The first page with a form stores the CSRF token in the session (CSRF_USE_SESSIONS):
    # a one-off write that is not what this test measures.
    admin_client.get(url)

    def queries_for_changelist() -> int:
        # Session read and its save (SESSION_SAVE_EVERY_REQUEST: expiry counts from the last
        # request), user, the county, counties-served and service-type filter choices, the
        # filtered and the full count, and the page of listings; never one per listing.
        with django_assert_max_num_queries(11) as captured:
            response = admin_client.get(url)
        assert response.status_code == 200
        return len(captured)

    for n in range(3):
        make_listing(county="taos", counties_served=["taos"], organization=f"Organization {n}")
    with_3 = queries_for_changelist()
    for n in range(3, 30):
        make_listing(county="taos", counties_served=["taos"], organization=f"Organization {n}")
    with_30 = queries_for_changelist()

    assert with_3 == with_30


def test_the_changelist_searches_by_organization_name_and_external_id(admin_client, make_listing):
    make_listing("Hotline", organization="Enlace Comunitario")
    make_listing("Legal clinic", external_id="nmlegal-42")
    make_listing("Unrelated")
    url = changelist_url(Listing)

    assert shown_listings(admin_client.get(url, {"q": "Enlace"})) == {"Hotline"}
    assert shown_listings(admin_client.get(url, {"q": "nmlegal-42"})) == {"Legal clinic"}


# Actions.


def test_the_verify_action_records_the_date_the_reviewer_and_a_history_entry(
    reviewer_client, reviewer, make_listing, time_machine
):
    time_machine.move_to(datetime.datetime(2025, 6, 15, 12, 0, tzinfo=NEW_MEXICO), tick=False)
    old = make_listing("Old", last_verified=datetime.date(2023, 1, 1))
    never = make_listing("Never", last_verified=None)
    untouched = make_listing("Untouched", last_verified=datetime.date(2023, 1, 1))

    response = post_action(reviewer_client, "mark_verified", [old, never])

    assert response.status_code == 200
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Marked 2 listings verified today."]
    for listing in (old, never):
        listing.refresh_from_db()
        assert listing.last_verified == datetime.date(2025, 6, 15)
        assert listing.verified_by == reviewer
        latest = listing.history.latest()
        assert latest.history_user == reviewer
        assert latest.last_verified == datetime.date(2025, 6, 15)
    untouched.refresh_from_db()
    assert untouched.last_verified == datetime.date(2023, 1, 1)
    assert untouched.verified_by is None


def test_marking_verified_outside_a_request_still_records_the_reviewer(reviewer, make_listing):
    listing = make_listing(last_verified=None)

    result = listings_mark_verified(
        listings=Listing.objects.filter(pk=listing.pk), reviewer=reviewer, today=datetime.date(2025, 1, 2)
    )

    listing.refresh_from_db()
    assert result.count == 1
    assert listing.last_verified == datetime.date(2025, 1, 2)
    assert listing.history.latest().history_user == reviewer


def test_the_publish_action_publishes_drafts_and_records_who_published(reviewer_client, reviewer, make_listing):
    draft = make_listing("Draft", status=Listing.Status.DRAFT)
    published = make_listing("Already published")
    history_before = published.history.count()

    response = post_action(reviewer_client, "publish", [draft, published])

    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Published 1 listing."]
    draft.refresh_from_db()
    assert draft.status == Listing.Status.PUBLISHED
    assert draft.history.latest().history_user == reviewer
    # A listing already in that state gets no history entry claiming a change.
    assert published.history.count() == history_before


def test_the_archive_action_archives_and_records_who_archived(reviewer_client, reviewer, make_listing):
    listing = make_listing("Closed programme")

    response = post_action(reviewer_client, "archive", [listing])

    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Archived 1 listing."]
    listing.refresh_from_db()
    assert listing.status == Listing.Status.ARCHIVED
    latest = listing.history.latest()
    assert latest.history_user == reviewer
    assert latest.status == Listing.Status.ARCHIVED


def test_setting_an_unknown_status_is_refused(reviewer, make_listing):
    listing = make_listing()

    with pytest.raises(ValueError):
        listings_set_status(listings=Listing.objects.filter(pk=listing.pk), status="deleted", reviewer=reviewer)


def test_a_staff_member_who_may_only_view_listings_cannot_publish_them(client, reviewer, make_listing):
    reviewer.user_permissions.set(Permission.objects.filter(codename="view_listing"))
    client.force_login(reviewer)
    listing = make_listing(status=Listing.Status.DRAFT)

    response = post_action(client, "publish", [listing])

    listing.refresh_from_db()
    assert listing.status == Listing.Status.DRAFT
    assert response.status_code == 200


# The listing form.


def test_adding_a_listing_stores_phone_numbers_normalized(admin_client, superuser):
    organization = Organization.objects.create(name="Enlace")
    data = listing_form_data(
        organization, phones=[("voice", "(505) 555-0100"), ("text", "233733")], hours=[(4, "20:00", "02:00")]
    )

    response = admin_client.post(reverse("admin:directory_listing_add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    listing = Listing.objects.get(slug="casa-esperanza")
    assert sorted(listing.phones.values_list("kind", "number")) == [("text", "233733"), ("voice", "+15055550100")]
    assert list(listing.hours.values_list("weekday", "opens", "closes")) == [
        (4, datetime.time(20, 0), datetime.time(2, 0))
    ]
    assert listing.history.latest().history_user == superuser


@pytest.mark.parametrize(
    "phone",
    [("voice", "555-01"), ("voice", "233733"), ("tty", "not a number"), ("text", "12")],
    ids=["too-short", "short-code-for-a-call", "letters", "short-code-too-short"],
)
def test_a_bad_phone_in_the_inline_re_renders_the_form_with_an_error_and_saves_nothing(admin_client, phone):
    organization = Organization.objects.create(name="Enlace")
    data = listing_form_data(organization, phones=[phone])

    response = admin_client.post(reverse("admin:directory_listing_add"), data)

    assert response.status_code == 200
    phone_formset = next(f for f in response.context["inline_admin_formsets"] if f.formset.model is Phone)
    assert "number" in phone_formset.formset.forms[0].errors
    assert not Listing.objects.exists()
    assert not Phone.objects.exists()


def test_hours_that_open_and_close_at_the_same_time_are_refused(admin_client):
    organization = Organization.objects.create(name="Enlace")
    data = listing_form_data(organization, hours=[(0, "09:00", "09:00")])

    response = admin_client.post(reverse("admin:directory_listing_add"), data)

    assert response.status_code == 200
    assert not Listing.objects.exists()
    assert not OpeningHours.objects.exists()


def test_typing_a_verification_date_records_who_verified(admin_client, superuser):
    organization = Organization.objects.create(name="Enlace")
    data = listing_form_data(organization, last_verified="2025-03-01")

    admin_client.post(reverse("admin:directory_listing_add"), data)

    listing = Listing.objects.get(slug="casa-esperanza")
    assert listing.last_verified == datetime.date(2025, 3, 1)
    assert listing.verified_by == superuser


# Search stays current.


def matching(word: str) -> set[str]:
    query = SearchQuery(word, config="directory_en")
    return set(Listing.objects.filter(search_vector=query).values_list("name", flat=True))


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the search vector exists on PostgreSQL only")


def test_adding_a_listing_in_the_admin_updates_its_search_vector(postgresql, admin_client):
    organization = Organization.objects.create(name="Enlace")
    data = listing_form_data(organization, name="Casa Esperanza", description="Refuge for survivors of trafficking.")

    admin_client.post(reverse("admin:directory_listing_add"), data)

    listing = Listing.objects.get(slug="casa-esperanza")
    assert listing.search_vector is not None
    assert matching("trafficking") == {"Casa Esperanza"}
    # Service types are saved after the listing itself; the vector still includes them.
    assert matching("shelter") == {"Casa Esperanza"}


def test_renaming_an_organization_updates_its_listings_search_vectors(postgresql, admin_client, make_listing):
    listing = make_listing("Hotline", organization="Old Name")
    organization = listing.organization
    data = {"name": "Pajarito Alliance", "website": "", "_save": "Save"}

    response = admin_client.post(change_url(organization), data)

    assert response.status_code == 302
    assert matching("Pajarito") == {"Hotline"}
