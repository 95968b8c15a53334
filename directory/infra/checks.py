"""Deploy-time checks (`manage.py check --deploy`) for settings that fail quietly in production."""

from django.conf import settings
from django.core.checks import Error, Tags, register

# Backends that never deliver: reviewers would never hear of proposals or suggestions.
UNDELIVERED_EMAIL = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}
# Caches each worker keeps to itself: anything counted in them counts once per worker.
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.filebased.FileBasedCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.security, deploy=True)
def email_is_delivered(app_configs, **kwargs) -> list[Error]:
    if settings.EMAIL_BACKEND in UNDELIVERED_EMAIL:
        return [
            Error(
                f"EMAIL_BACKEND is {settings.EMAIL_BACKEND}: no email would leave the server.",
                hint="Set EMAIL_BACKEND (e.g. django.core.mail.backends.smtp.EmailBackend) and EMAIL_HOST.",
                id="directory.E001",
            )
        ]
    return []


@register(Tags.caches, deploy=True)
def cache_is_shared(app_configs, **kwargs) -> list[Error]:
    backend = settings.CACHES["default"]["BACKEND"]
    if backend in PER_PROCESS_CACHES:
        return [
            Error(
                f"The default cache is {backend}, kept per process: with several workers every "
                "rate limit would count once per worker.",
                hint="Leave CACHES to settings.py (the database, or Redis with REDIS_URL).",
                id="directory.E002",
            )
        ]
    return []
