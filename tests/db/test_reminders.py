"""Reminders to advocates of listings about to go stale (12 months without verification)."""

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from directory.models import Listing
from directory.review.notifications import send_reverification_reminders
from tests.support import make_user

NEW_MEXICO = ZoneInfo("America/Denver")
TODAY = datetime.date(2025, 6, 15)


@pytest.fixture(autouse=True)
def frozen(time_machine):
    # Late evening in New Mexico is already tomorrow in UTC: the date must be New Mexico's.
    time_machine.move_to(datetime.datetime(2025, 6, 15, 22, 30, tzinfo=NEW_MEXICO), tick=False)


def verified_days_ago(make_listing, organization, name: str, days: int, **fields) -> Listing:
    verified = TODAY - datetime.timedelta(days=days)
    return make_listing(name, organization=organization.name, last_verified=verified, **fields)


def test_advocates_are_reminded_of_listings_going_stale_within_30_days(
    owner, colleague, organization, make_listing, mailoutbox
):
    verified_days_ago(make_listing, organization, "Stale tomorrow", 365)
    verified_days_ago(make_listing, organization, "Stale in 30 days", 336)
    verified_days_ago(make_listing, organization, "Stale in 31 days", 335)
    verified_days_ago(make_listing, organization, "Already stale", 366)
    verified_days_ago(make_listing, organization, "Draft going stale", 350, status=Listing.Status.DRAFT)

    sent = send_reverification_reminders()

    assert sent == 2
    assert sorted(email.to[0] for email in mailoutbox) == ["colleague@example.org", "owner@example.org"]
    body = mailoutbox[0].body
    assert "Stale tomorrow" in body and "Stale in 30 days" in body
    assert "Stale in 31 days" not in body and "Already stale" not in body and "Draft going stale" not in body
    assert body.index("Stale tomorrow") < body.index("Stale in 30 days")
    assert "/advocate/listings/" in body
    assert mailoutbox[0].subject == "Please check your directory listings"


def test_each_advocate_hears_only_of_their_own_organizations_listings(
    owner, outsider, organization, other_organization, make_listing, mailoutbox
):
    verified_days_ago(make_listing, organization, "Ours", 350)
    verified_days_ago(make_listing, other_organization, "Theirs", 350)

    send_reverification_reminders()

    by_recipient = {email.to[0]: email.body for email in mailoutbox}
    assert "Ours" in by_recipient["owner@example.org"] and "Theirs" not in by_recipient["owner@example.org"]
    assert "Theirs" in by_recipient["outsider@example.org"] and "Ours" not in by_recipient["outsider@example.org"]


def test_members_who_are_not_advocates_or_have_no_email_are_not_emailed(
    roles, organization, make_listing, mailoutbox
):
    organization.members.add(make_user("former"))  # a member, but not in the advocates group
    nobody = make_user("no-email")
    nobody.email = ""
    nobody.save()
    verified_days_ago(make_listing, organization, "Ours", 350)

    assert send_reverification_reminders() == 0
    assert mailoutbox == []


def test_nothing_going_stale_sends_nothing(owner, organization, make_listing, mailoutbox):
    verified_days_ago(make_listing, organization, "Fresh", 10)

    assert send_reverification_reminders() == 0


def test_the_command_sends_them_and_says_how_many(owner, organization, make_listing, mailoutbox):
    verified_days_ago(make_listing, organization, "Stale soon", 350)
    out = StringIO()

    call_command("send_reverification_reminders", stdout=out)

    assert out.getvalue() == "Sent 1 reminder.\n"
    assert len(mailoutbox) == 1


def test_the_command_can_look_further_ahead(owner, organization, make_listing, mailoutbox):
    verified_days_ago(make_listing, organization, "Stale in 50 days", 316)

    call_command("send_reverification_reminders", "--days", "60", stdout=StringIO())

    assert "Stale in 50 days" in mailoutbox[0].body


def test_the_reminder_says_the_day_the_listing_goes_stale(owner, organization, make_listing, mailoutbox):
    verified_days_ago(make_listing, organization, "Stale soon", 360)

    send_reverification_reminders()

    # Verified 2024-06-20: fresh through 2025-06-20, stale from 2025-06-21.
    assert "June 21, 2025" in mailoutbox[0].body
    assert Listing.objects.get(name="Stale soon").is_stale is False
