"""Proposing a change to a listing: stored for a reviewer, never applied."""

import pytest
from django.test import Client

from directory.models import Listing, Proposal
from tests.support import edit_data


def url(listing) -> str:
    return f"/advocate/listings/{listing.pk}/propose/"


def test_the_form_opens_filled_in_with_the_listing_as_it_is(owner_client, their_listing):
    response = owner_client.get(url(their_listing))

    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["name"] == "Casa Esperanza"
    assert form.initial["phone"] == "(505) 555-0100"
    assert form.initial["counties_served"] == ["taos"]


def test_a_proposal_stores_only_the_changed_fields_and_the_version_it_was_based_on(
    owner_client, owner, their_listing, django_capture_on_commit_callbacks
):
    data = edit_data(their_listing, phone="505-555-0199", note="New main line.")

    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(url(their_listing), data)

    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/advocate/proposals/{proposal.pk}/"
    assert proposal.kind == Proposal.Kind.EDIT
    assert proposal.status == Proposal.Status.PENDING
    assert proposal.author == owner
    assert proposal.values == {"phone": ["+15055550199"]}
    assert proposal.base_values["phone"] == ["+15055550100"]
    assert proposal.base_values["name"] == "Casa Esperanza"
    assert proposal.base_updated == their_listing.updated
    assert proposal.note == "New main line."


def test_the_live_listing_does_not_change(owner_client, their_listing):
    versions = their_listing.history.count()

    owner_client.post(url(their_listing), edit_data(their_listing, name="Renamed", phone="505-555-0199"))

    listing = Listing.objects.get(pk=their_listing.pk)
    assert listing.name == "Casa Esperanza"
    assert list(listing.phones.values_list("number", flat=True)) == ["+15055550100"]
    assert listing.history.count() == versions


def test_reviewers_are_emailed_about_the_proposal(
    owner_client, vetter, their_listing, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(url(their_listing), edit_data(their_listing, name="Casa Esperanza Taos"))

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["vetter@example.org"]
    assert "Casa Esperanza" in mailoutbox[0].subject
    assert "/admin/directory/listing/review/" in mailoutbox[0].body


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "555-01", "is not a US phone number"),
        ("tty", "233733", "is not a US phone number"),
        ("hours", "Mon 9am-5pm", "“Mon 9am-5pm” is not like “Mon-Fri 09:00-17:00"),
        ("languages", "es; xx1", "We do not know the language “xx1”"),
        ("zip", "10001", "“10001” is not a New Mexico ZIP code of 5 digits."),
        ("website", "not a url", "“not a url” is not a web address"),
        ("email", "help@", "“help@” is not an email address."),
    ],
)
def test_a_value_the_import_would_refuse_is_refused_here_too(owner_client, their_listing, field, value, message):
    response = owner_client.post(url(their_listing), edit_data(their_listing, **{field: value}))

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Proposal.objects.exists()


def test_statewide_and_counties_together_are_refused(owner_client, their_listing):
    response = owner_client.post(url(their_listing), edit_data(their_listing, statewide=True))

    assert "counties_served" in response.context["form"].errors


def test_an_unchanged_form_is_refused_with_a_pointer_to_still_accurate(owner_client, their_listing):
    response = owner_client.post(url(their_listing), edit_data(their_listing))

    assert response.status_code == 200
    assert "confirm it instead" in str(response.context["form"].non_field_errors())
    assert not Proposal.objects.exists()


def test_an_outsider_gets_404_and_proposes_nothing(outsider_client, their_listing):
    assert outsider_client.get(url(their_listing)).status_code == 404
    assert outsider_client.post(url(their_listing), edit_data(their_listing, name="Hijacked")).status_code == 404
    assert not Proposal.objects.exists()


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, their_listing):
    response = client.post(url(their_listing), edit_data(their_listing, name="Hijacked"))

    assert response.status_code == 302
    assert response["Location"].startswith("/advocate/login/")
    assert not Proposal.objects.exists()


def test_it_answers_only_get_and_post(owner_client, their_listing):
    assert owner_client.put(url(their_listing)).status_code == 405


def test_a_post_without_a_csrf_token_is_refused(owner, their_listing):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)

    response = client.post(url(their_listing), edit_data(their_listing, name="Renamed"))

    assert response.status_code == 403
    assert not Proposal.objects.exists()


def test_the_proposal_remembers_the_language_it_was_written_in(owner_client, their_listing):
    owner_client.post("/es" + url(their_listing), edit_data(their_listing, name="Casa Esperanza Taos"))

    assert Proposal.objects.get().language == "es"


def test_the_spanish_form_is_in_spanish(owner_client, their_listing):
    response = owner_client.get("/es" + url(their_listing))

    assert response.status_code == 200
    assert response.context["LANGUAGE_CODE"] == "es"


def test_a_listing_without_counties_can_still_be_corrected(owner_client, organization, make_listing):
    # The admin allows a listing with no counties served; that must not block other fixes.
    listing = make_listing("No area", organization=organization.name, counties_served=[])

    response = owner_client.post(url(listing), edit_data(listing, name="Named better"))

    assert response.status_code == 302
    assert Proposal.objects.get().values == {"name": "Named better"}


def test_the_spanish_eligibility_can_be_proposed_and_shows_in_the_diff(owner_client, their_listing):
    data = edit_data(their_listing, eligibility_es="Personas adultas de 18 años o más.")

    owner_client.post(url(their_listing), data)

    proposal = Proposal.objects.get()
    assert proposal.values == {"eligibility_es": "Personas adultas de 18 años o más."}
    page = owner_client.get(f"/es/advocate/proposals/{proposal.pk}/").content.decode()
    assert "Quién puede usarlo (español)" in page
    assert "Personas adultas de 18 años o más." in page


def test_an_unchanged_place_keeps_its_point_and_a_new_zip_brings_its_centre(owner_client, their_listing):
    from directory.rules import geo

    Listing.objects.filter(pk=their_listing.pk).update(latitude=36.4072, longitude=-105.5731)

    owner_client.post(url(their_listing), edit_data(their_listing, name="Casa Esperanza Taos"))
    owner_client.post(url(their_listing), edit_data(their_listing, zip="87501", city="Santa Fe"))

    kept, moved = Proposal.objects.order_by("pk")
    assert "latitude" not in kept.values
    centre = geo.zip_place("87501")
    assert (moved.values["latitude"], moved.values["longitude"]) == (
        round(centre.latitude, 4),
        round(centre.longitude, 4),
    )


def test_an_advocate_cannot_type_coordinates(owner_client, their_listing):
    response = owner_client.post(url(their_listing), edit_data(their_listing, latitude="35.0", longitude="-106.0"))

    # Nothing an advocate may change was changed: the typed point is not even read.
    assert response.status_code == 200
    assert "latitude" not in response.context["form"].fields
    assert not Proposal.objects.exists()
