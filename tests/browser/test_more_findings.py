"""What the red team noted beyond its nine findings."""

import datetime

from axes.models import AccessLog
from django.core.management import call_command
from django.utils import timezone

from directory.models import RateLimitCounter
from tests.browser.outside import PASSWORD, log_in


def test_api_json_is_never_cached(outside):
    answer = outside.request("/api/v1/counties/")

    assert answer.headers["Content-Type"] == "application/json"
    assert answer.headers["Cache-Control"] == "no-store"


def test_rate_limit_counters_never_hold_the_address(outside):
    outside.request("/api/v1/counties/")

    (counter,) = RateLimitCounter.objects.all()
    assert "127.0.0.1" not in counter.key


def test_the_daily_cleanup_forgets_old_login_records_and_counters(outside, advocate_of, capsys):
    log_in(outside, advocate_of("Casa Org"))
    AccessLog.objects.update(attempt_time=timezone.now() - datetime.timedelta(days=31))
    outside.request("/api/v1/counties/")
    RateLimitCounter.objects.update(started=0)

    call_command("daily_cleanup")

    assert not AccessLog.objects.exists()
    assert not RateLimitCounter.objects.exists()
    assert "login records: 1" in capsys.readouterr().out


def test_an_advocate_changes_their_own_password(outside, advocate_of):
    user = advocate_of("Casa Org")
    log_in(outside, user)
    token = outside.csrf_token("/advocate/password/")

    answer = outside.request(
        "/advocate/password/",
        data={"old_password": PASSWORD, "new_password1": "a-new-long-pass-phrase-7", "new_password2": "a-new-long-pass-phrase-7",
              "csrfmiddlewaretoken": token},
    )  # fmt: skip

    assert answer.status == 302
    user.refresh_from_db()
    assert user.check_password("a-new-long-pass-phrase-7")
