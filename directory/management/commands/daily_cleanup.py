"""Run once a day (cron or a systemd timer): forget what the directory need not keep."""

import datetime

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand
from django.utils import timezone

from directory.infra import ratelimit
from directory.search.index import prune_search_terms

# Staff logins (address and browser of each) are kept this long for audits, then deleted.
LOGIN_RECORDS_DAYS = 30


class Command(BaseCommand):
    help = (
        "Delete expired sessions, login records older than 30 days, finished lockouts, old "
        "rate-limit counters and typo-correction words no listing contains any more."
    )

    def handle(self, *args, **options) -> None:
        now = timezone.now()
        logins_before = now - datetime.timedelta(days=LOGIN_RECORDS_DAYS)
        lockouts_before = now - datetime.timedelta(hours=settings.AXES_COOLOFF_TIME)
        deleted = {
            "expired sessions": Session.objects.filter(expire_date__lt=now).delete()[0],
            "login records": AccessLog.objects.filter(attempt_time__lt=logins_before).delete()[0]
            + AccessFailureLog.objects.filter(attempt_time__lt=logins_before).delete()[0],
            "finished lockouts": AccessAttempt.objects.filter(attempt_time__lt=lockouts_before).delete()[0],
            "rate-limit counters": ratelimit.forget_old(),
            "unused typo words": prune_search_terms(),
        }
        self.stdout.write(", ".join(f"{what}: {count}" for what, count in deleted.items()))
