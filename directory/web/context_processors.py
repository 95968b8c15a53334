from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language


def site(request):
    """The quick-exit target and the link to this same page in the other language."""
    current = (get_language() or "en")[:2]
    other = "en" if current == "es" else "es"
    return {
        "LANGUAGE_CODE": current,
        "QUICK_EXIT_URL": settings.QUICK_EXIT_URL,
        "other_language": other,
        "other_language_url": translate_url(request.get_full_path(), other),
    }
