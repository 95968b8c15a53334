"""A confidential listing's street address in its own public text: reviewers are warned."""

from django.contrib.messages import get_messages

from directory.review.proposals import proposal_create_edit
from tests.support import admin_form_data


def test_saving_such_a_listing_in_the_admin_warns_the_reviewer(admin_client, make_listing):
    listing = make_listing(confidential_location=True, address="1234 Camino del Monte Sol NW", city="Santa Fe")
    url = f"/admin/directory/listing/{listing.pk}/change/"
    form = admin_client.get(url)

    response = admin_client.post(
        url, admin_form_data(form, description="Shelter at 1234 Camino del Monte Sol NW."), follow=True
    )

    messages = [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]
    assert (
        "warning",
        "This listing's location is confidential, but its street address appears in: Description (English).",
    ) in messages


def test_saving_a_clean_listing_gives_no_warning(admin_client, make_listing):
    listing = make_listing(confidential_location=True, address="1234 Camino del Monte Sol NW", city="Santa Fe")
    url = f"/admin/directory/listing/{listing.pk}/change/"

    response = admin_client.post(url, admin_form_data(admin_client.get(url)), follow=True)

    assert not [m for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]


def test_the_queue_warns_about_the_listing_and_about_a_proposal_that_would_leak_it(
    vetter_client, owner, organization, make_listing
):
    leaky = make_listing(
        "Leaky", organization=organization.name, confidential_location=True, address="9 Elm St", city="Taos",
        eligibility="Door at 9 Elm St.",
    )
    proposal_create_edit(author=owner, listing=leaky, values={"description": "Go to 9 elm street"})

    response = vetter_client.get("/admin/directory/listing/review/")

    (group,) = response.context["groups"]
    assert group.warnings == [
        "This listing's location is confidential, but its street address appears in: Who can use it (English)."
    ]
    ((_, _, warnings),) = group.proposals
    assert warnings == [
        "This listing's location is confidential, but its street address appears in: "
        "Description (English), Who can use it (English)."
    ]
    assert b"but its street address appears in" in response.content


def test_the_queue_warns_about_a_confidential_listing_in_an_unknown_town(vetter_client, owner, organization, make_listing):
    far = make_listing(
        "Far", organization=organization.name, confidential_location=True, city="Nowhereville", county="catron"
    )
    proposal_create_edit(author=owner, listing=far, values={"description": "Call first."})

    response = vetter_client.get("/admin/directory/listing/review/")

    (group,) = response.context["groups"]
    assert group.warnings == [
        "This listing's location is confidential and “Nowhereville” is not a known New Mexico town: "
        "distances to it are measured from its county's centre."
    ]
